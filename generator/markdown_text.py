"""Plain text from one line of inline Markdown: what a title shows once the markup is gone."""
from __future__ import annotations

import html
import re

_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_INLINE_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REFERENCE_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = (
    re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"),
    re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"),
    re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"),
    re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"),
    re.compile(r"==(?=\S)(.+?)(?<=\S)=="),
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ATTRIBUTE_LIST = re.compile(r"\s*\{:?\s*#([A-Za-z][\w-]*)[^}]*\}\s*$")
_LINK_PRESENT = re.compile(r"\[[^\]]+\]\([^)]*\)|\[[^\]]+\]\[[^\]]*\]|<(?:https?|mailto):")
_PLACEHOLDER = "\x00{}\x00"


def plain_text(markdown: str) -> str:
    """'Enable **HSTS** on [the CDN](https://x)' -> 'Enable HSTS on the CDN'."""
    codes: list[str] = []

    def keep_code(match: re.Match[str]) -> str:
        codes.append(match.group(2).strip())
        return _PLACEHOLDER.format(len(codes) - 1)

    text = _CODE_SPAN.sub(keep_code, markdown)
    text = _IMAGE.sub(r"\1", text)
    text = _INLINE_LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _FOOTNOTE.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    for pattern in _EMPHASIS:
        text = _repeat(pattern, text)
    text = html.unescape(_ESCAPE.sub(r"\1", text))
    for index, code in enumerate(codes):
        text = text.replace(_PLACEHOLDER.format(index), code)
    return " ".join(text.split())


def _repeat(pattern: re.Pattern[str], text: str) -> str:
    """Apply until stable, so nested emphasis (***x***) unwraps fully."""
    while True:
        replaced = pattern.sub(lambda m: m.group(m.lastindex or 1), text)
        if replaced == text:
            return text
        text = replaced


def split_attribute_id(heading: str) -> tuple[str, str | None]:
    """'Deploy {#deploy-steps}' -> ('Deploy', 'deploy-steps'): an explicit heading id."""
    match = _ATTRIBUTE_LIST.search(heading)
    if not match:
        return heading, None
    return heading[: match.start()], match.group(1)


def has_link(markdown: str) -> bool:
    return bool(_LINK_PRESENT.search(markdown))
