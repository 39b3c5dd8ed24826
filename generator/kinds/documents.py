"""Documents (Markdown), screenshots (images checked by their magic bytes) and `any`."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import Verdict, invalid
from ._common import option_int

DOCUMENT_OPTIONS = frozenset({"min_words"})
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_IMAGE_TYPES = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WebP"}


def strip_front_matter(text: str) -> str:
    match = _FRONT_MATTER.match(text)
    return text[match.end():] if match else text


def read_document_options(options: Mapping[str, Any]) -> int | None:
    """min_words; raises OptionError when it is not a whole number >= 1."""
    return option_int(options, "min_words", default=None, minimum=1)


def check_document(data: bytes, options: Mapping[str, Any], path: str = "") -> Verdict:
    min_words = read_document_options(options)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return invalid(f"document is not UTF-8 text (byte {error.start})")
    if text.startswith("---") and not _FRONT_MATTER.match(text):
        return invalid("front matter starts with '---' but is never closed by a '---' line")
    body = strip_front_matter(text)
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
    """PNG, JPEG or WebP from the file's magic bytes; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
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
        return invalid("not a PNG, JPEG or WebP image (its first bytes match none of them)")
    if claimed and claimed != found:
        return invalid(f"the file is named .{suffix} but its content is a {found} image")
    return Verdict("pass", details={"format": found, "bytes": len(data)})


def check_any(data: bytes, options: Mapping[str, Any], path: str = "") -> Verdict:
    return Verdict("pass", details={"bytes": len(data)})
