"""The one Markdown escaper: untrusted text into Markdown that renders as typed.

The same Markdown is rendered by Python-Markdown with Material's extensions (the site) and
by GitHub (pull-request comments, step summaries, `status --format markdown`). Every
character with a meaning in either (emphasis, links, attribute lists `{: ...}`, snippets
`--8<--`, critic marks, emoji `:x:`, maths `$`, tables `|`, mentions `@team`) is written as a
numeric character reference, which every renderer shows as the character itself and none
interprets.
"""
from __future__ import annotations

import re

_SIGNIFICANT = frozenset("\\`*_{}[]()<>#+!|~^=:$&@")
# MkDocs' extensions give meaning to more: snippets `--8<--`, critic `{--`, attribute quotes
_SIGNIFICANT_TO_MKDOCS = _SIGNIFICANT | frozenset("-%\"';")
# C0 controls but tab and newline: terminal escapes and the like are never shown
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# on one line, also C1 controls, zero-width and bidirectional marks (look-alike tricks)
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_INVISIBLE_OR_CR = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")
# one str.translate pass: a character loop here was a tenth of a large release's staging
_ENCODED = {ord(c): f"&#{ord(c)};" for c in _SIGNIFICANT}
_ENCODED_FOR_MKDOCS = ({ord(c): f"&#{ord(c)};" for c in (*_SIGNIFICANT_TO_MKDOCS, "\n")}
                       | {ord("\r"): None})


def visible(text: object) -> str:
    """Text for a terminal or a log: every control character (terminal escapes, carriage
    returns, bidirectional marks) shown as its escape, `\\x1b`, instead of acting."""
    return _INVISIBLE_OR_CR.sub(lambda m: m.group().encode("unicode_escape").decode(), str(text))


def plain(text: object) -> str:
    """One line of text without control characters (no terminal escapes, no bidi tricks)."""
    return _SPACE.sub(" ", _INVISIBLE.sub("", str(text))).strip()


def escape(text: object, for_mkdocs: bool = False) -> str:
    """Inline Markdown that renders exactly as `text`, on one line."""
    return plain(text).translate(_ENCODED_FOR_MKDOCS if for_mkdocs else _ENCODED)


def encode(text: str) -> str:
    """Text for MkDocs keeping its lines, newlines as `&#10;` (for inert HTML)."""
    return _CONTROL.sub("", text).translate(_ENCODED_FOR_MKDOCS)


def code(text: object) -> str:
    """An inline code span holding `text` (paths, refs): fenced by more backticks than it has."""
    text = plain(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"
