"""Evidence Markdown: GitHub's dialect, sanitised, and bounded whatever its shape."""
from __future__ import annotations

import pytest

from generator.outputs.sanitise import MAX_DEPTH, render_markdown


def test_tables_render_with_their_alignment():
    html = render_markdown("| step | done |\n| :--- | ---: |\n| deploy | yes |\n")
    assert "<table>" in html and '<th align="left">step</th>' in html
    assert '<td align="right">yes</td>' in html


def test_github_extensions_render_as_on_github():
    html = render_markdown("~~old~~ and https://status.example.com\n\n- [x] rolled back\n")
    assert "<del>old</del>" in html
    assert '<a href="https://status.example.com"' in html
    assert "\u2611 rolled back" in html and "<input" not in html


def test_an_open_task_does_not_read_as_done():
    html = render_markdown("- [x] rehearsed\n- [ ] e-mail sent\n")
    assert "\u2611 rehearsed" in html and "\u2610 e-mail sent" in html


def test_lists_need_no_four_space_indent():
    html = render_markdown("1. first\n   - nested\n2. second\n")
    assert html.count("<li>") == 3 and "<ul>" in html.split("</ol>")[0]


def test_fenced_code_keeps_its_text_and_drops_its_language_class():
    html = render_markdown("```bash\nkubectl rollout undo <deploy>\n```\n")
    assert "<pre><code>kubectl rollout undo &lt;deploy&gt;\n</code></pre>" in html


@pytest.mark.parametrize("raw, kept", [
    ("<kbd>Ctrl</kbd>+<kbd>C</kbd>", "<kbd>Ctrl</kbd>"),
    ("H<sub>2</sub>O", "<sub>2</sub>"),
])
def test_allowed_raw_html_is_kept(raw, kept):
    assert kept in render_markdown(raw + "\n")


@pytest.mark.parametrize("raw, gone", [
    ("<script>alert(1)</script>", "alert(1)"),
    ("<style>body{display:none}</style>", "display:none"),
    ('<img src=x onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ("[x](javascript:alert(1))", "javascript:"),
    ('<iframe src="https://evil.example"></iframe>', "evil.example"),
    ('<p style="position:fixed">x</p>', "position:fixed"),
])
def test_active_content_is_removed(raw, gone):
    assert gone not in render_markdown(raw + "\n")


def test_front_matter_is_not_shown():
    assert "items" not in render_markdown("---\nitems: [a/b]\n---\n# Runbook\n")


@pytest.mark.parametrize("shape", [
    "[" * 200000,
    "[a](" * 50000,
    "*a " * 100000,
    "_" * 200000,
    "`" * 100000 + "x",
    "".join(f"[{i}]: /u{i}\n" for i in range(20000)) + "[1] " * 20000,
    "|" + "a|" * 5000 + "\n|" + "-|" * 5000 + "\n" + ("|" + "b|" * 5000 + "\n") * 20,
    "www.example.com " * 50000,
])
def test_hostile_shapes_render_in_full(shape):
    html = render_markdown(shape + "\n\nTHE-END\n")
    assert "THE-END" in html


@pytest.mark.parametrize("opening", ["> ", "- ", "* > "])
def test_deep_nesting_is_flattened(opening):
    html = render_markdown(opening * 5000 + "deep\n")
    assert "deep" in html
    assert html.count("<blockquote>") + html.count("<ul>") <= MAX_DEPTH
