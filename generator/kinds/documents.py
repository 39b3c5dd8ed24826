"""Documents (Markdown: document, runbook, release notes), screenshots (images checked by
their magic bytes) and `any`."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..model.results import Verdict, invalid
from ._common import option_int
from .kind import Kind

DOCUMENT_OPTIONS = frozenset({"min_words"})
_OPENING = re.compile(r"\A---[ \t]*\r?\n")
_CLOSING = re.compile(r"^[ \t]*(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_IMAGE_TYPES = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP"}
IMAGE_SUFFIXES = tuple(f".{suffix}" for suffix in _IMAGE_TYPES)    # never SVG: it can script
_FRONT_MATTER_KIND = re.compile(rb"^kind:\s*['\"]?(runbook|release-notes|document)['\"]?\s*$",
                                re.MULTILINE)


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file's front matter: YAML between a first line `---` and the next line that
    is `---` or `...`. The one definition of it, for the loader, the checks and the outputs."""
    yaml: str | None          # None: the file has none (or it is never closed)
    body: str
    unclosed: bool = False


def split_front_matter(text: str) -> FrontMatter:
    opening = _OPENING.match(text)
    if not opening:
        return FrontMatter(None, text)
    closing = _CLOSING.search(text, opening.end())
    if not closing:
        return FrontMatter(None, text, unclosed=True)
    end = closing.end() + 1 if text.startswith("\n", closing.end()) else closing.end()
    return FrontMatter(text[opening.end():closing.start()], text[end:])


def strip_front_matter(text: str) -> str:
    return split_front_matter(text).body


def read_document_options(options: Mapping[str, Any]) -> int | None:
    """min_words; raises OptionError when it is not a whole number >= 1."""
    return option_int(options, "min_words", default=None, minimum=1)


def check_document(data: bytes, options: Mapping[str, Any], path: str = "") -> Verdict:
    min_words = read_document_options(options)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return invalid(f"document is not UTF-8 text (byte {error.start})")
    front = split_front_matter(text)
    if front.unclosed:
        return invalid("front matter starts with '---' but is never closed by a '---' line")
    body = front.body
    reasons = []
    if not body.strip():
        reasons.append("the document is empty (nothing after its front matter)")
    if min_words is None:     # counting words is costly on large documents; only when asked
        return Verdict("fail" if reasons else "pass", tuple(reasons))
    words = len(_WORD.findall(body))
    if not reasons and words < min_words:
        reasons.append(f"the document has {words} words, fewer than min_words {min_words}")
    return Verdict("fail" if reasons else "pass", tuple(reasons), details={"words": words})


def image_type(data: bytes) -> str | None:
    """PNG, JPEG, GIF or WebP from the file's magic bytes; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return None


def check_screenshot(data: bytes, options: Mapping[str, Any], path: str = "") -> Verdict:
    found = image_type(data)
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    claimed = _IMAGE_TYPES.get(suffix)
    if found is None:
        return invalid("not a PNG, JPEG, GIF or WebP image (its first bytes match none of them)")
    if claimed and claimed != found:
        return invalid(f"the file is named .{suffix} but its content is a {found} image")
    return Verdict("pass", details={"format": found, "bytes": len(data)})


def check_any(data: bytes, options: Mapping[str, Any], path: str = "") -> Verdict:
    return Verdict("pass", details={"bytes": len(data)})


def front_matter_kind(head: bytes) -> str | None:
    """`runbook` or `release-notes` when the Markdown file's front matter names one."""
    text = head.lstrip(b"\xef\xbb\xbf")
    if not text.startswith(b"---"):
        return None
    match = _FRONT_MATTER_KIND.search(text.split(b"\n---", 1)[0])
    return match.group(1).decode() if match else None


def _document_kind(name: str) -> Kind:
    return Kind(name, check_document, options=DOCUMENT_OPTIONS,
                read_options=read_document_options, display="markdown", document=True)


DOCUMENT = replace(_document_kind("document"), suffixes=(".md", ".markdown"),
                   refine=front_matter_kind)
RUNBOOK = _document_kind("runbook")
RELEASE_NOTES = _document_kind("release-notes")
SCREENSHOT = Kind("screenshot", check_screenshot, suffixes=IMAGE_SUFFIXES)
ANY = Kind("any", check_any)
