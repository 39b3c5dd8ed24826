"""Evidence content for the appendix: sanitised Markdown, cut logs, images, binaries; config."""
from __future__ import annotations

import base64

import pytest

from generator.outputs.pdf.config import PageSizeError, page_size_from_config
from generator.outputs.pdf.evidence_html import EvidenceRenderer, cut_lines
from generator.outputs.pdf.view import breakable_email
from generator.outputs.sanitise import PLACEHOLDER_URL

PNG = base64.b64decode(       # a real 1x1 PNG: images are typed and sized by their bytes
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")


def renderer(images=None, max_lines=5):
    warnings: list[str] = []
    return EvidenceRenderer(images or {}, warnings.append, max_lines=max_lines), warnings


def show_text(r, path, text):
    return r.show(path, text.encode(), lambda: text)


def test_markdown_is_rendered_and_sanitised():
    r, _ = renderer(max_lines=50)
    shown = show_text(r, "evidence/v1/a/b/notes.md",
                      "---\nitems: [a/b]\n---\n# Title\n\n**bold** <script>alert(1)</script>"
                      '\n\n<a href="javascript:alert(1)">js</a> <a href="https://ok.example">ok</a>'
                      '\n\n<p onclick="x()" style="color:red">p</p>')
    assert shown.mode == "markdown"
    assert "<h1>Title</h1>" in shown.html and "<strong>bold</strong>" in shown.html
    for bad in ("<script", "alert(1)", "onclick", "style=", "javascript:", "items: [a/b]"):
        assert bad not in shown.html
    assert '<a href="https://ok.example">ok</a>' in shown.html


def test_images_next_to_the_document_are_inlined_others_get_a_placeholder():
    r, warnings = renderer({"evidence/v1/a/shot.png": PNG}, max_lines=50)
    shown = show_text(r, "evidence/v1/a/b/notes.md",
                      "![ok](../shot.png)\n\n![remote](http://127.0.0.1/x.png)\n\n"
                      '<img src="file:///etc/passwd">\n\n![up](../../../../content/x.png)')
    assert shown.html.count("data:image/png;base64,") == 1
    assert shown.html.count(PLACEHOLDER_URL) == 3
    assert len(warnings) == 3 and "http://127.0.0.1/x.png" in warnings[0]


def test_long_text_is_cut_and_says_so():
    r, _ = renderer(max_lines=5)
    shown = show_text(r, "evidence/v1/a/b/run.log", "\n".join(f"line {n}" for n in range(12)))
    assert shown.mode == "text" and shown.truncated
    assert shown.text.splitlines() == [f"line {n}" for n in range(5)]
    assert (shown.shown_lines, shown.total_lines) == (5, 12)


def test_one_enormous_line_is_cut_by_characters():
    assert cut_lines("x" * 100, max_lines=10, max_chars=30)[:2] == ("x" * 30, True)


def test_images_and_binaries_are_not_shown_as_text():
    r, _ = renderer()
    assert r.show("evidence/v1/a/b/s.png", PNG, lambda: "").mode == "image"
    assert r.show("evidence/v1/a/b/blob.bin", b"ab\x00cd", lambda: "").mode == "binary"


@pytest.mark.parametrize("written, expected", [("A4", "A4"), ("letter", "Letter"),
                                               ("Letter", "Letter")])
def test_page_size_comes_from_mkdocs_yml(tmp_path, written, expected):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        f"extra:\n  evidence:\n    page_size: {written}\n")
    assert page_size_from_config(tmp_path) == expected


def test_page_size_defaults_to_a4_and_rejects_others(tmp_path):
    assert page_size_from_config(tmp_path) == "A4"
    (tmp_path / "mkdocs.yml").write_text("extra:\n  evidence:\n    page_size: A5\n")
    with pytest.raises(PageSizeError, match="expected A4 or Letter"):
        page_size_from_config(tmp_path)


def test_evidence_under_its_item_folder_is_labelled_by_the_rest_of_its_path():
    from generator.outputs.pdf.view import evidence_label
    assert evidence_label("evidence/v1/sec/item/logs/run.log", "sec/item") == "logs/run.log"
    assert evidence_label("evidence/_common/policy.md", "sec/item") == "evidence/_common/policy.md"


@pytest.mark.parametrize("address,expected", [
    ("mei.chen@example.com", "mei.chen@<wbr>example.com"),
    ("<b>x</b>@evil.example", "&lt;b&gt;x&lt;/b&gt;@<wbr>evil.example"),
    ("no-at-sign", "no-at-sign"),
    (None, ""),
])
def test_addresses_may_wrap_only_after_the_at_sign(address, expected):
    assert str(breakable_email(address)) == expected

