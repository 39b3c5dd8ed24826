"""Hostile evidence produces no active content in the built site; odd file names work."""
from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.outputs.site.build import build_site
from generator.outputs.site.evidence_view import render_markdown
from tests.helpers.site_fixtures import ODD_IMAGE, ODD_NOTES, make_reports

pytestmark = pytest.mark.slow
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "form", "base", "meta",
                  "link", "style", "frame", "frameset", "img"}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")


class ArticleScan(HTMLParser):
    """Collects the tags and attributes inside <article> (the page content MkDocs renders)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif self.depth:
            self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1


def scan(page: Path) -> list[tuple[str, dict[str, str]]]:
    parser = ArticleScan()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tags


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("repo")
    (root / "secret.txt").write_text("TOPSECRET-VALUE\n")
    # A base config with the extensions that could re-interpret evidence if it reached them
    (root / "mkdocs.yml").write_text(
        "markdown_extensions:\n"
        "  - attr_list\n  - md_in_html\n  - pymdownx.critic\n  - pymdownx.superfences\n"
        "  - pymdownx.emoji\n  - pymdownx.arithmatex\n  - pymdownx.magiclink\n"
        f"  - pymdownx.snippets: {{base_path: ['{root}'], check_paths: false}}\n")
    hostile = "## Changed\n\n<script>window.__pwned='diff'</script>\n- [x](javascript:alert(1))\n"
    with mock.patch("generator.outputs.site.diffpage.diff_markdown", lambda diff: hostile):
        build_site(make_reports(root), root, root / "site")
    return root / "site"


def _generated_chart(tag: str, attrs: dict) -> bool:
    """The generator's own charts (outputs/charts.py): evidence cannot make an <svg>, the
    sanitiser's allow-list has none; their attributes are still checked below."""
    return tag == "svg" and "ev-chart__svg" in attrs.get("class", "").split()


def _active(tags) -> list[str]:
    found = []
    for tag, attrs in tags:
        if tag in DANGEROUS_TAGS and not (tag == "img" and attrs.get("src", "").startswith("../")) \
                and not _generated_chart(tag, attrs):
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            compact = "".join(html.unescape(value).split()).lower()
            if name.startswith("on"):
                found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction", "xlink:href") and \
                    compact.startswith(DANGEROUS_SCHEMES):
                found.append(f"{tag} {name}={value}")
    return found


def test_no_page_of_any_release_has_active_content_in_its_article(site):
    pages = list(site.glob("v*/**/index.html"))
    assert len(pages) > 30
    for page in pages:
        assert _active(scan(page)) == [], page


def test_hostile_runbook_is_shown_as_text_not_run(site):
    page = site / "v1.2.0" / "items" / "security-configuration" / "tls" / "index.html"
    text = html.unescape(page.read_text(encoding="utf-8"))
    assert "A paragraph with an attribute list" in text
    assert "{: onclick=\"window.__pwned='attr'\" }" in text       # shown, not applied
    assert '--8<-- "/etc/passwd"' in text                           # not included
    assert "root:x:0" not in text and "TOPSECRET" not in text
    assert "{++ critic ++}" in text
    tags = scan(page)
    good = [a for t, a in tags if t == "a" and a.get("href") == "https://example.org/ok"]
    assert good and "noopener" in good[0]["rel"]
    assert not [a for t, a in tags if t == "a" and "pwned" in html.unescape(a.get("href", ""))]


def test_checklist_titles_and_product_name_are_escaped_everywhere(site):
    page = (site / "v1.2.0" / "index.html").read_text(encoding="utf-8")
    assert "Shop <API>" not in page and "Shop &lt;API&gt;" in page
    nav_page = (site / "v1.2.0" / "items" / "security-configuration" / "tls" / "index.html")
    text = nav_page.read_text(encoding="utf-8")
    assert "<b>& HSTS</b>" not in text
    assert all(tag != "b" for tag, _ in scan(nav_page))
    title = text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and ">" not in title and "HSTS" in title


def test_changes_page_renders_the_diff_sanitised(site):
    page = site / "releases" / "changes" / "v1.2.0" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert "Changes in v1.2.0 since v1.1.0" in text and "Changed" in text
    assert _active(scan(page)) == []


def test_images_with_odd_names_are_copied_and_their_links_resolve(site):
    page_url = "http://h/v1.2.0/items/security-configuration/tls/"
    page = site / "v1.2.0" / "items" / "security-configuration" / "tls" / "index.html"
    images = [a["src"] for t, a in scan(page) if t == "img"]
    assert len(images) == 1
    target = unquote(urlsplit(urljoin(page_url, images[0])).path).lstrip("/")
    copied = site / target
    assert copied.is_file() and copied.name == ODD_IMAGE
    assert copied.read_bytes().startswith(b"\x89PNG")


def test_odd_markdown_file_name_is_rendered_and_anchored(site):
    page = site / "v1.2.0" / "items" / "security-configuration" / "tls" / "index.html"
    text = html.unescape(page.read_text(encoding="utf-8"))
    assert ODD_NOTES in text and "TLS <em>checked</em>" in page.read_text(encoding="utf-8")
    section = site / "v1.2.0" / "sections" / "security-configuration" / "index.html"
    hrefs = [a["href"] for t, a in scan(section) if t == "a" and "#ev-" in a.get("href", "")]
    anchors = {a.get("id") for t, a in scan(page)}
    tls_links = [h for h in hrefs if "/tls/" in h]
    assert tls_links and all(h.split("#", 1)[1] in anchors for h in tls_links)


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[a](javascript:alert(1))",
    "[a](data:text/html;base64,PHNjcmlwdD4=)",
    "[a](vbscript:msgbox)",
    '<iframe src="https://example.org"></iframe>',
    "para\n{: onclick=alert(1) }",
    "# Title {: onclick=alert(1) }",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<div markdown="1" style="color:red" onmouseover="x()">*y*</div>',
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>body { background: url(http://127.0.0.1:9/x) }</style>",
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
    '<base href="http://127.0.0.1:9/">',
    '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">',
    '<p style="background: url(http://127.0.0.1:9/x)">x</p>',
    "![remote](http://127.0.0.1:9/x.png)",
    "![inline svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<object data="http://127.0.0.1:9/x"></object><embed src="http://127.0.0.1:9/y">',
    '<video src="http://127.0.0.1:9/v" poster="http://127.0.0.1:9/p"></video>',
    "[ref][evil]\n\n[evil]: javascript:alert(1)",
    '<form><button formaction="javascript:alert(1)">go</button></form>',
])
def test_render_markdown_leaves_nothing_active(source):
    parser = ArticleScan()
    parser.feed("<article>" + render_markdown(source) + "</article>")
    assert parser.tags, "the wrapper is always there"
    assert _active(parser.tags) == []
    assert not [a for _, attrs in parser.tags for a in attrs if a in ("style", "markdown", "id")]
    assert not [t for t, _ in parser.tags if t in ("video", "audio", "source", "picture")]
