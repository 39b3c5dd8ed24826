"""How one evidence file is shown on an item page, made safe.

Markdown goes through the shared sanitiser (outputs/sanitise.py); JSON and text go into code
blocks; images are copied into the site; anything else is listed with its size and hash. A
view's HTML never goes through the engine's Markdown: the page holds a placeholder and the
view is written into the built page (slots.py). HTML that does go into a page's Markdown (an
item's description, the changes) is passed through `escape.inert_html`, so MkDocs' own
Markdown pass leaves it untouched.
"""
from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Mapping

from ...kinds import display_of, is_binary, parse_json
from ..sanitise import ImageSource, no_images
from ..sanitise import render_markdown as sanitised_markdown
from .escape import inert_html, url_path

MAX_SHOWN_CHARS = 200_000


@dataclass(frozen=True)
class EvidenceView:
    view: str              # markdown | json | text | image | binary | withheld | unreadable
    html: str              # sanitised HTML for the built page (slots.py)
    image_target: str | None = None   # docs-relative path the image must be copied to


def is_image(path: str) -> bool:
    return display_of(path, "any") == "image"


def is_text(data: bytes) -> bool:
    if is_binary(data):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def view_of(path: str, kind: str, sha256: str, page_depth: int, *, text: str | None,
            withheld: bool = False, images: Mapping[str, str] | None = None,
            real_image: bool = True) -> EvidenceView:
    """Pick how to show a file and render it. `text`: the file's text as shown to readers
    (secrets redacted), None for binary files. `withheld`: an image holding a secret is not
    published. `page_depth`: folders between the page and the docs root (3 for an item page
    at items/<section>/<item>/). `images`: the release's published evidence images, path ->
    docs-relative target, which a Markdown file may show. `real_image`: the bytes are the
    image the name says (an SVG named .png is listed as a binary file, never shown)."""
    display = display_of(path, kind)
    if display == "image" and not real_image:
        return EvidenceView("binary", "")
    if display == "image":
        if withheld:
            return EvidenceView("withheld", "")
        return _image_view(path, sha256, page_depth)
    if text is None:
        return EvidenceView("binary", "")
    if display == "markdown":
        return EvidenceView("markdown", markdown_html(
            text, _image_source(path, images or {}, page_depth)))
    if display == "json":
        return EvidenceView("json", code_block(_pretty_json(text)))
    return EvidenceView("text", code_block(text))


def markdown_html(text: str, image_source: ImageSource = no_images,
                  css_class: str = "evidence-markdown") -> str:
    """Untrusted Markdown to sanitised HTML."""
    body = sanitised_markdown(_truncated(text), image_source)
    return f'<div class="{css_class}">{body}</div>'


def render_markdown(text: str, image_source: ImageSource = no_images,
                    css_class: str = "evidence-markdown") -> str:
    """Untrusted Markdown to inert, sanitised HTML, for a page's Markdown."""
    return str(inert_html(markdown_html(text, image_source, css_class)))


def _image_source(document: str, images: Mapping[str, str], page_depth: int) -> ImageSource:
    """A relative image source that names a published evidence image of the release."""
    def resolve(src: str) -> str | None:
        target = images.get(posixpath.normpath(posixpath.join(posixpath.dirname(document), src)))
        return "../" * page_depth + url_path(target) if target else None
    return resolve


def code_block(text: str) -> str:
    return ('<pre class="evidence-text"><code>' + html.escape(_truncated(text))
            + "</code></pre>")


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
    return EvidenceView("image", figure, image_target=target)


def _pretty_json(text: str) -> str:
    try:
        return json.dumps(parse_json(text), indent=2, ensure_ascii=False)
    except (ValueError, RecursionError):
        return text


def _truncated(text: str) -> str:
    if len(text) <= MAX_SHOWN_CHARS:
        return text
    hidden = len(text) - MAX_SHOWN_CHARS
    return text[:MAX_SHOWN_CHARS] + f"\n\n[… {hidden} more characters not shown]"
