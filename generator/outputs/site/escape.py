"""Escaping data for Markdown pages that MkDocs will render.

Data (titles, reasons, paths, evidence) reaches the generated Markdown only through these
functions. Every character that means something to Markdown or to an MkDocs extension
(emphasis, links, attribute lists `{: ...}`, snippets `--8<--`, critic marks, emoji `:x:`,
maths `$`, tables `|`) is written as a numeric character reference, which every renderer
shows as the character itself and none interprets.
"""
from __future__ import annotations

import html
import re
from urllib.parse import quote

from markupsafe import Markup

_MARKDOWN_SIGNIFICANT = frozenset("\\`*_{}[]()<>#+-!|~^=:$%\"'&@;")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# one str.translate pass: a character loop here was a tenth of a large release's staging
_ENCODED = {ord(c): f"&#{ord(c)};" for c in (*_MARKDOWN_SIGNIFICANT, "\n")} | {ord("\r"): None}


def encode_chars(text: str) -> str:
    """Every Markdown-significant character as `&#N;`; newlines kept as `&#10;`."""
    return _CONTROL.sub("", text).translate(_ENCODED)


def md_inline(value: object) -> Markup:
    """Data for one line of Markdown (table cell, list item, heading): newlines become spaces."""
    if isinstance(value, Markup):
        return value
    text = " ".join(str("" if value is None else value).split())
    return Markup(encode_chars(text))


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
            parts.append(encode_chars(html.unescape(part)))
    return Markup("".join(parts))


def _encode_attribute(match: re.Match) -> str:
    return '="' + encode_chars(html.unescape(match.group(1))) + '"'
