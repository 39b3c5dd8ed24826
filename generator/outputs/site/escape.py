"""Data into the Markdown pages MkDocs renders: inline text, URLs, and inert HTML.

Data (titles, reasons, paths, evidence) reaches the generated Markdown only through these
functions, which use the one Markdown escaper (outputs/markdown_text.py).
"""
from __future__ import annotations

import html
import re
from urllib.parse import quote

from markupsafe import Markup

from ..markdown_text import encode, escape


def md_inline(value: object) -> Markup:
    """Data for one line of Markdown (table cell, list item, heading): newlines become spaces."""
    if isinstance(value, Markup):
        return value
    return Markup(escape("" if value is None else value, for_mkdocs=True))


def url_path(path: str) -> Markup:
    """A relative URL for a path whose segments may hold spaces, `#`, `?`, `%` or quotes."""
    return Markup(quote(path, safe="/"))


def url_link(target: str) -> Markup:
    """Like url_path, for a link that may end in a #fragment of its own."""
    path, hash_sign, fragment = target.partition("#")
    return Markup(quote(path, safe="/") + hash_sign + quote(fragment, safe=""))


_TAG = re.compile(r"(<[^>]*>)")
_ATTRIBUTE = re.compile(r'="([^"]*)"')


def inert_html(fragment: str) -> Markup:
    """Safe HTML, re-encoded so that no Markdown pass can change it: one line, all text and
    attribute values as character references. Python-Markdown keeps a block-level HTML line
    as it is, and no preprocessor (snippets, fences, critic) finds anything to match."""
    parts = []
    for part in _TAG.split(fragment):
        if part.startswith("<") and part.endswith(">"):
            parts.append(_ATTRIBUTE.sub(_encode_attribute, part.replace("\n", " ")))
        else:
            parts.append(encode(html.unescape(part)))
    return Markup("".join(parts))


def _encode_attribute(match: re.Match) -> str:
    return '="' + encode(html.unescape(match.group(1))) + '"'
