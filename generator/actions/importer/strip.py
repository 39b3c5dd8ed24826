"""Plain text from one line of inline Markdown: what a title shows once the markup is gone.

The patterns avoid nested or overlapping repetition, so time stays linear in the line's length
whatever the text (checklists come from anywhere).
"""
from __future__ import annotations

import bisect
import html
import re

_IMAGE = re.compile(r"!\[[^\[\]]*\](?:\([^()]*\)|\[[^\[\]]*\])")
_INLINE_LINK = re.compile(r"\[([^\[\]]+)\]\([^()]*\)")
_REFERENCE_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_FOOTNOTE = re.compile(r"\[\^[^\[\]]+\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^<>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_EMPHASIS = (
    re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?![\w*])"),
    re.compile(r"(?<![\w_])_(?=[^\s_])([^_]+?)(?<=\S)_(?![\w_])"),
    re.compile(r"\*\*(?=[^\s*])([^*]+?)(?<=\S)\*\*"),
    re.compile(r"(?<![\w_])__(?=[^\s_])([^_]+?)(?<=\S)__(?![\w_])"),
    re.compile(r"~~(?=[^\s~])([^~]+?)(?<=\S)~~"),
    re.compile(r"==(?=[^\s=])([^=]+?)(?<=\S)=="),
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*#([A-Za-z][\w-]*)[^{}]*\}$")
_LINK_PRESENT = re.compile(r"\[[^\[\]]+\](?:\([^()]*\)|\[[^\[\]]*\])|<(?:https?|mailto):")
_BACKTICKS = re.compile(r"`+")
_SHORTCODE = re.compile(r"(?<![\w:]):[a-z][a-z0-9_+-]*:(?![\w:])")
_BOLD_LEAD = re.compile(r"^(\*\*|__)([^*_]+?)\1[ \t]*(:|\.|[-–—](?=\s))?[ \t]*")
_BOLD_LINE = re.compile(r"^(\*\*|__)([^*_]+?)\1[ \t]*:?$")
_PLACEHOLDER = "\x00{}\x00"
_MARKUP = re.compile(r"[`\[\]<>*_~=&\\]")


def plain_text(markdown: str) -> str:
    """'Enable **HSTS** on [the CDN](https://x)' -> 'Enable HSTS on the CDN'."""
    if not _MARKUP.search(markdown):
        return " ".join(markdown.split())
    text, codes = _hide_code_spans(markdown)
    text = _IMAGE.sub("", text)             # images in titles are badges and icons
    text = _INLINE_LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _FOOTNOTE.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _SHORTCODE.sub("", text)         # :rocket: renders as an emoji on GitHub only
    text = _without_emphasis(text)
    text = html.unescape(_ESCAPE.sub(r"\1", text))
    for index, code in enumerate(codes):
        text = text.replace(_PLACEHOLDER.format(index), code)
    return " ".join(text.split())


def _hide_code_spans(text: str) -> tuple[str, list[str]]:
    """Code spans swapped for placeholders, so their content is kept literally.

    A span runs from a backtick string to the next backtick string of the same length.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    starts_by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        starts_by_length.setdefault(end - start, []).append(index)
    pieces, codes, position, index = [], [], 0, 0
    while index < len(runs):
        start, end = runs[index]
        same = starts_by_length[end - start]
        after = bisect.bisect_right(same, index)
        if after == len(same):
            index += 1
            continue
        closing = same[after]
        pieces += [text[position:start], _PLACEHOLDER.format(len(codes))]
        codes.append(text[end:runs[closing][0]].strip())
        position, index = runs[closing][1], closing + 1
    pieces.append(text[position:])
    return "".join(pieces), codes


def _without_emphasis(text: str) -> str:
    """Unwrap emphasis until nothing changes, so nested emphasis (***x***) unwraps fully."""
    while True:
        unwrapped = text
        for pattern in _EMPHASIS:
            unwrapped = pattern.sub(r"\1", unwrapped)
        if unwrapped == text:
            return text
        text = unwrapped


def split_attribute_id(heading: str) -> tuple[str, str | None]:
    """'Deploy {#deploy-steps}' -> ('Deploy', 'deploy-steps'): an explicit heading id."""
    trimmed = heading.rstrip()
    match = _ATTRIBUTE_LIST.search(trimmed) if trimmed.endswith("}") else None
    if not match:
        return heading, None
    return trimmed[: match.start()], match.group(1)


def has_link(markdown: str) -> bool:
    return bool(_LINK_PRESENT.search(markdown))


def split_bold_lead(markdown: str) -> tuple[str, str] | None:
    """'**Doctype:** The Doctype is HTML5.' -> ('Doctype', 'The Doctype is HTML5.').

    Only when the bold phrase is set off by a colon, a full stop or a dash
    ('**Prefer APIs over SDKs**. Long explanation'); None otherwise.
    """
    match = _BOLD_LEAD.match(markdown)
    if not match or not (match.group(2).rstrip().endswith((":", ".")) or match.group(3)):
        return None
    title = plain_text(match.group(2)).rstrip(":.").strip()
    return (title, markdown[match.end():].strip()) if title else None


def bold_line(markdown: str) -> str | None:
    """The text of a line that is nothing but bold ('**Unit Tests**'), else None."""
    match = _BOLD_LINE.match(markdown.strip())
    return plain_text(match.group(2)).rstrip(":").strip() or None if match else None


def description_markdown(markdown: str) -> str:
    """Item text kept as a description: images (badges) dropped, reference links made plain
    (their definitions are elsewhere in the document), inline links kept."""
    text = _IMAGE.sub("", markdown)
    text = _REFERENCE_LINK.sub(r"\1", text)
    return " ".join(text.split())
