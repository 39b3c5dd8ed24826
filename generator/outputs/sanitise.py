"""Untrusted evidence Markdown to safe HTML: one renderer and allow-list for the site and the pack.

Markdown is GitHub Flavored Markdown, rendered by GitHub's own parser (cmark-gfm: tables,
strikethrough, autolinks, task lists; nothing that reaches files), so a runbook reads as it
does on GitHub, in time linear in its length. Raw HTML passes the parser and is cleaned, with
the rest, by nh3 (Ammonia) against one allow-list. Links with a scheme keep only http, https
and mailto; relative links are kept on the site and dropped in the pack, which has nowhere
for them to lead. An image is shown only when the caller's
`image_source` resolves it to an evidence file it publishes; any other image becomes a
visible note (a placeholder picture in the pack), so nothing is ever fetched from elsewhere.
"""
from __future__ import annotations

import base64
import re
from typing import Callable

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

from ..kinds.documents import strip_front_matter

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "s",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title"},
                      "th": {"align"}, "td": {"align"}, "ol": {"start"}}
LINK_SCHEMES = ("http://", "https://", "mailto:")
_HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")
# an image whose source the filter refused: nh3 writes it without src (attributes are quoted)
_REFUSED_IMAGE = re.compile(r'<img(?![^>]*\ssrc=)(?:[^>]*?\salt="([^"]*)")?[^>]*>')
# Every scheme is handed to the attribute filter (nh3 drops unlisted ones before the filter
# sees them): the filter decides, so that refused images get a placeholder.
_SEEN_SCHEMES = {"http", "https", "mailto", "file", "ftp", "ftps", "sftp", "data", "javascript",
                 "vbscript", "blob", "about", "ws", "wss", "smb", "gopher", "ldap", "jar", "tel"}
SITE_LINK_REL = "noopener noreferrer nofollow"
_PLACEHOLDER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="360" height="40">'
    '<rect x="1" y="1" width="358" height="38" fill="#fff4e5" stroke="#b35c00"/>'
    '<text x="10" y="25" font-family="DejaVu Sans" font-size="13" fill="#b35c00">'
    'Image not loaded: outside the evidence folder</text></svg>')
PLACEHOLDER_URL = ("data:image/svg+xml;base64,"
                   + base64.b64encode(_PLACEHOLDER_SVG.encode()).decode())

MAX_DEPTH = 32
_TOKEN = re.compile(r"(<[^<>]*>)")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
_VOID = frozenset({"br", "hr", "img"})

# Raw HTML kept for the sanitiser to judge, as GitHub does (cmark's safe mode drops it all).
# GitHub's `tagfilter` is left out: it turns `<script>` into text, where nh3 removes the
# element with its content.
_UNSAFE = Options.CMARK_OPT_UNSAFE
_EXTENSIONS = ("table", "strikethrough", "autolink", "tasklist")
# A task list's boxes as characters: the sanitiser removes form fields, and an open task must
# not read as a done one.
_TASK_BOX = re.compile(r'<input type="checkbox"( checked="")? disabled="" />')
ImageSource = Callable[[str], "str | None"]   # src as written -> URL to use, or None: refused


def no_images(src: str) -> None:
    return None


def render_markdown(text: str, image_source: ImageSource = no_images, *,
                    for_print: bool = False) -> str:
    """Untrusted Markdown (front matter dropped) as sanitised HTML."""
    raw = cmarkgfm.markdown_to_html_with_extensions(strip_front_matter(text), options=_UNSAFE,
                                                     extensions=_EXTENSIONS)
    return sanitise(_TASK_BOX.sub(_task_mark, raw), image_source, for_print=for_print)


def sanitise(fragment: str, image_source: ImageSource = no_images, *,
             for_print: bool = False) -> str:
    """`for_print`: the pack's narrower rules (no relative links, no `rel`)."""
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return image_source(value) or (PLACEHOLDER_URL if for_print else None)
        if attribute == "href":
            return _link(value, relative_allowed=not for_print)
        return value

    clean = nh3.clean(fragment, tags=set(ALLOWED_TAGS),
                      attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                      attribute_filter=keep, url_schemes=set(_SEEN_SCHEMES),
                      link_rel=None if for_print else SITE_LINK_REL, strip_comments=True)
    return flatten(_REFUSED_IMAGE.sub(_refused_note, clean))


def flatten(fragment: str, max_depth: int = MAX_DEPTH) -> str:
    """Elements nested deeper than `max_depth` lose their tags (their text stays), with a note:
    layout engines recurse per level, and 160 nested quotes exhaust WeasyPrint's stack."""
    if _deepest(fragment) <= max_depth:          # nearly always: nothing to rewrite
        return fragment
    depth, kept, out, cut = 0, [], [], False
    for token in _TOKEN.split(fragment):
        match = _TAG.fullmatch(token)
        if not match or match.group(2) in _VOID:
            out.append(token)
            continue
        if match.group(1):                       # an end tag
            if kept and kept.pop():
                depth -= 1
                out.append(token)
            continue
        keep = depth < max_depth
        kept.append(keep)
        cut |= not keep
        if keep:
            depth += 1
            out.append(token)
    note = (f'<p class="evidence-note">Nesting deeper than {max_depth} levels is flattened '
            "here.</p>") if cut else ""
    return note + "".join(out)


# a start or end tag of an element that can hold others (sanitised HTML: every `<` is a tag)
_OPEN_OR_CLOSE = re.compile(r"<(/?)(?!(?:br|hr|img)\b)[a-zA-Z]")


def _deepest(fragment: str) -> int:
    depth = deepest = 0
    for match in _OPEN_OR_CLOSE.finditer(fragment):
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
    return deepest


def _link(value: str, relative_allowed: bool) -> str | None:
    # as a browser reads it: tabs and newlines removed, controls and spaces trimmed
    url = _IGNORED_IN_URLS.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b"
                                                 "\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
                                                 "\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    if _HAS_SCHEME.match(url):
        return value if url.lower().startswith(LINK_SCHEMES) else None
    return value if relative_allowed else None


def _task_mark(match: re.Match) -> str:
    return "\u2611" if match.group(1) else "\u2610"


def _refused_note(match: re.Match) -> str:
    alt = match.group(1) or ""
    return (f'<span class="evidence-refused">[image not shown{": " + alt if alt else ""} — '
            "only images committed to this release are shown]</span>")
