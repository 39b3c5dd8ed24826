"""Evidence content for the pack's appendices, made safe.

Markdown goes through the shared sanitiser (outputs/sanitise.py) with the pack's narrower
rules; plain text is escaped by the template. Images may only come from evidence files already
read for the pack, and only when their bytes are a PNG, JPEG, GIF or WebP image; they are
inlined as `data:` URLs. Any other image source is replaced by a visible placeholder and
reported as a warning.
"""
from __future__ import annotations

import base64
import io
import posixpath
import warnings
from dataclasses import dataclass
from typing import Callable, Mapping

from PIL import Image

from ...kinds import display_of, is_binary
from ...kinds.documents import image_type
from ..sanitise import render_markdown

MAX_PIXELS = 40_000_000       # decoded, about 160 MB: a 12000×12000 image would take 1.2 GiB
MIME_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WebP": "image/webp"}


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


def data_url(data: bytes) -> str | None:
    """A data: URL for image bytes, typed by their content; None when they are no image, or
    one whose decoded pixels would cost too much memory to lay out."""
    mime = MIME_TYPES.get(image_type(data) or "")
    if not mime or image_too_large(data):
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def image_too_large(data: bytes) -> str | None:
    """Why an image is not laid out: more pixels than MAX_PIXELS, or a header Pillow refuses.
    Only the header is read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return "its header cannot be read"
    if width * height > MAX_PIXELS:
        return f"{width}×{height} pixels, more than {MAX_PIXELS // 1_000_000} million"
    return None


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
    """Turns evidence bytes/text into `Shown`."""

    def __init__(self, images: Mapping[str, bytes], warn: Callable[[str], None],
                 max_lines: int = 200, max_chars: int = 40_000) -> None:
        self._images = images          # repository path -> bytes, for inline images
        self._warn = warn
        self.max_lines = max_lines
        self.max_chars = max_chars

    def show(self, path: str, data: bytes, text: Callable[[], str], kind: str = "any") -> Shown:
        display = display_of(path, kind)
        if display == "image":
            url = data_url(data)
            if url:
                return Shown("image", image_url=url)
            why = image_too_large(data) if image_type(data) else "its bytes are no image"
            return Shown("binary", text=f"Not shown as an image: {why}.")
        if is_binary(data):
            return Shown("binary")
        body, truncated, total, shown = cut_lines(text(), self.max_lines, self.max_chars)
        if display == "markdown":
            return Shown("markdown", html=self.markdown_html(path, body), truncated=truncated,
                         total_lines=total, shown_lines=shown)
        return Shown("text", text=body, truncated=truncated, total_lines=total, shown_lines=shown)

    def markdown_html(self, path: str, source: str) -> str:
        return render_markdown(source, lambda src: self._image_source(path, src), for_print=True)

    def _image_source(self, document_path: str, src: str) -> str | None:
        """An inline data: URL for an evidence image next to the document, else None."""
        target = posixpath.normpath(posixpath.join(posixpath.dirname(document_path), src))
        url = (data_url(self._images[target]) if target in self._images
               and display_of(target, "any") == "image" else None)
        if url is None:
            self._warn(f"{document_path}: image {src!r} not loaded (only evidence images are shown)")
        return url
