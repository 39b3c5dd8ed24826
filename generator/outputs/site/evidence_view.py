"""How one evidence file is shown on an item page, made safe.

Markdown is rendered by a minimal Python-Markdown instance of its own (no attribute lists, no
pymdownx, no raw HTML kept) and sanitised with nh3; JSON and text go into code blocks; images
are copied into the site; anything else is listed with its size and hash. The HTML returned is
passed through `escape.inert_html` so MkDocs' own Markdown pass leaves it untouched.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath

import markdown
import nh3

from ...model.project import DOCUMENT_KINDS
from .escape import inert_html, url_path

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})   # never SVG: it can script
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
JSON_SUFFIXES = frozenset({".json", ".sarif"})
MAX_SHOWN_CHARS = 200_000

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "ol", "p", "pre", "s", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"},
                      "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class EvidenceView:
    view: str              # markdown | json | text | image | binary | withheld | unreadable
    html: str              # inert, sanitised HTML to embed in a Markdown page
    image_target: str | None = None   # docs-relative path the image must be copied to


def is_image(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in IMAGE_SUFFIXES


def is_text(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def view_of(path: str, kind: str, sha256: str, page_depth: int, *, text: str | None,
            withheld: bool = False) -> EvidenceView:
    """Pick how to show a file and render it. `text`: the file's text as shown to readers
    (secrets redacted), None for binary files. `withheld`: an image holding a secret is not
    published. `page_depth`: folders between the page and the docs root (3 for an item page
    at items/<section>/<item>/)."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        if withheld:
            return EvidenceView("withheld", "")
        return _image_view(path, sha256, page_depth)
    if text is None:
        return EvidenceView("binary", "")
    if suffix in MARKDOWN_SUFFIXES or (kind in DOCUMENT_KINDS and suffix not in JSON_SUFFIXES):
        return EvidenceView("markdown", render_markdown(text))
    if suffix in JSON_SUFFIXES or kind in ("probe", "sarif"):
        return EvidenceView("json", code_block(_pretty_json(text)))
    return EvidenceView("text", code_block(text))


def render_markdown(text: str, css_class: str = "evidence-markdown") -> str:
    """Untrusted Markdown to inert, sanitised HTML."""
    body = _FRONT_MATTER.sub("", _truncated(text), count=1)
    rendered = _converter().reset().convert(body)   # raw HTML passes through; nh3 removes it
    return str(inert_html(f'<div class="{css_class}">' + sanitise(rendered) + "</div>"))


@cache
def _converter() -> markdown.Markdown:
    """One converter per process, reset before each file: building one costs as much as
    rendering a short file."""
    return markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"],
                             output_format="html")


def sanitise(fragment: str) -> str:
    return nh3.clean(fragment, tags=set(ALLOWED_TAGS), attributes=
                     {k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer nofollow",
                     strip_comments=True)


def code_block(text: str) -> str:
    return str(inert_html('<pre class="evidence-text"><code>' + html.escape(_truncated(text))
                          + "</code></pre>"))


def image_target(path: str, sha256: str) -> str:
    """Where an image evidence file goes inside docs: its hash, then its own name."""
    name = PurePosixPath(path).name.lstrip(".") or "image"
    return f"evidence-files/{sha256[:16]}/{name}"


def _image_view(path: str, sha256: str, page_depth: int) -> EvidenceView:
    target = image_target(path, sha256)
    src = "../" * page_depth + url_path(target)
    name = html.escape(PurePosixPath(path).name)
    figure = (f'<figure class="evidence-image"><a href="{html.escape(src)}">'
              f'<img src="{html.escape(src)}" alt="{name}" loading="lazy"></a>'
              f"<figcaption>{name}</figcaption></figure>")
    return EvidenceView("image", str(inert_html(figure)), image_target=target)


def _pretty_json(text: str) -> str:
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        return text


def _truncated(text: str) -> str:
    if len(text) <= MAX_SHOWN_CHARS:
        return text
    hidden = len(text) - MAX_SHOWN_CHARS
    return text[:MAX_SHOWN_CHARS] + f"\n\n[… {hidden} more characters not shown]"
