"""Evidence content as safe HTML for the pack's appendices.

Evidence is untrusted: Markdown is rendered by a minimal Markdown instance and the result is
sanitised with nh3 (an allow-list); plain text is escaped by the template. Images may only
come from evidence files already read for the pack; they are inlined as `data:` URLs. Any
other image source is replaced by a visible placeholder and reported as a warning.
"""
from __future__ import annotations

import base64
import posixpath
import re
from dataclasses import dataclass
from typing import Callable, Mapping

import markdown
import nh3

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".webp": "image/webp"}
MARKDOWN_SUFFIXES = (".md", ".markdown")
ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    "del", "sup", "sub", "dl", "dt", "dd",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"},
                      "th": {"align"}, "td": {"align"}}
FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n(---|\.\.\.)\s*(\n|\Z)", re.DOTALL)
LINK_SCHEMES = ("http://", "https://", "mailto:")
# Every scheme is handed to our attribute filter (nh3 silently drops unlisted ones before
# the filter sees them): the filter decides, so that refused images get a placeholder.
SEEN_SCHEMES = {"http", "https", "mailto", "file", "ftp", "ftps", "sftp", "data", "javascript",
                "vbscript", "blob", "about", "ws", "wss", "smb", "gopher", "ldap", "jar", "tel"}
PLACEHOLDER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="360" height="40">'
    '<rect x="1" y="1" width="358" height="38" fill="#fff4e5" stroke="#b35c00"/>'
    '<text x="10" y="25" font-family="DejaVu Sans" font-size="13" fill="#b35c00">'
    'Image not loaded: outside the evidence folder</text></svg>')
PLACEHOLDER_URL = "data:image/svg+xml;base64," + base64.b64encode(PLACEHOLDER_SVG.encode()).decode()


@dataclass(frozen=True)
class Shown:
    """How one evidence file appears in the appendix."""
    mode: str                # "markdown" | "text" | "image" | "binary"
    html: str = ""           # sanitised HTML (markdown)
    text: str = ""           # plain text (escaped by the template)
    image_url: str = ""      # data: URL (image)
    truncated: bool = False
    total_lines: int = 0
    shown_lines: int = 0


def suffix_of(path: str) -> str:
    return posixpath.splitext(path.lower())[1]


def is_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def data_url(path: str, data: bytes) -> str:
    mime = IMAGE_TYPES[suffix_of(path)]
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def cut_lines(text: str, max_lines: int, max_chars: int) -> tuple[str, bool, int, int]:
    """The first `max_lines` lines (and at most `max_chars` characters) of `text`."""
    lines = text.splitlines()
    kept = lines[:max_lines]
    shown = "\n".join(kept)
    truncated = len(lines) > max_lines
    if len(shown) > max_chars:
        shown, truncated = shown[:max_chars], True
    return shown, truncated, len(lines), shown.count("\n") + 1 if shown else 0


class EvidenceRenderer:
    """Turns evidence bytes/text into `Shown`; one Markdown instance is reused."""

    def __init__(self, images: Mapping[str, bytes], warn: Callable[[str], None],
                 max_lines: int = 200, max_chars: int = 40_000) -> None:
        self._images = images          # repository path -> bytes, for inline images
        self._warn = warn
        self.max_lines = max_lines
        self.max_chars = max_chars
        self._markdown = markdown.Markdown(extensions=["tables", "fenced_code"])

    def show(self, path: str, data: bytes, text: Callable[[], str]) -> Shown:
        suffix = suffix_of(path)
        if suffix in IMAGE_TYPES:
            return Shown("image", image_url=data_url(path, data))
        if is_binary(data):
            return Shown("binary")
        body, truncated, total, shown = cut_lines(text(), self.max_lines, self.max_chars)
        if suffix in MARKDOWN_SUFFIXES:
            return Shown("markdown", html=self.markdown_html(path, body), truncated=truncated,
                         total_lines=total, shown_lines=shown)
        return Shown("text", text=body, truncated=truncated, total_lines=total, shown_lines=shown)

    def markdown_html(self, path: str, source: str) -> str:
        source = FRONT_MATTER.sub("", source, count=1)
        self._markdown.reset()
        raw = self._markdown.convert(source)

        def keep(tag: str, attribute: str, value: str) -> str | None:
            if tag == "img" and attribute == "src":
                return self._image_source(path, value)
            if tag == "a" and attribute == "href":
                return value if value.lower().startswith(LINK_SCHEMES) else None
            return value

        return nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                         attribute_filter=keep, url_schemes=SEEN_SCHEMES, link_rel=None)

    def _image_source(self, document_path: str, src: str) -> str:
        """An inline data: URL for an evidence image next to the document, else a placeholder."""
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^/", src):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(document_path), src))
            if target in self._images and suffix_of(target) in IMAGE_TYPES:
                return data_url(target, self._images[target])
        self._warn(f"{document_path}: image {src!r} not loaded (only evidence images are shown)")
        return PLACEHOLDER_URL
