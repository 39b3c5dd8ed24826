"""Putting untrusted text into Markdown and terminal output.

The same Markdown is rendered by Python-Markdown with Material's extensions (the site) and
by GitHub (pull-request comments, step summaries). Characters with a meaning in either are
written as numeric character references, which both render as the plain character: so an
evidence-derived `<script>`, `[link](...)`, `**bold**`, `==mark==`, `:emoji:`, `@team` or
table pipe shows as typed and does nothing.
"""
from __future__ import annotations

import re

_SPECIAL = set("\\`*_{}[]<>()#+!|~^=:@$&")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")


def plain(text: object) -> str:
    """One line of text without control characters (no terminal escapes, no bidi tricks)."""
    return _SPACE.sub(" ", _CONTROL.sub("", str(text))).strip()


def escape(text: object) -> str:
    """Inline Markdown that renders exactly as `text`, on one line."""
    return "".join(f"&#{ord(c)};" if c in _SPECIAL else c for c in plain(text))


def code(text: object) -> str:
    """An inline code span holding `text` (paths, refs): fenced by more backticks than it has."""
    text = plain(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"
