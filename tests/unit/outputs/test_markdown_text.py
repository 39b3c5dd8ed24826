"""Untrusted text in Markdown and on the terminal."""
from generator.outputs.markdown_text import code, escape, plain


def test_plain_drops_control_characters_and_joins_lines():
    assert plain("ok\x1b[31m red\x07\nnext\u202eline") == "ok[31m red nextline"


def test_escape_neutralises_markdown_and_html():
    text = escape("<b>*x*</b> [a](b) `c` | ~~d~~ ==e== :smile: @team $x$ \\")
    for raw in ("<b>", "*x*", "[a]", "`c`", "|", "~~", "==", ":smile:", "@team", "$x$", "\\"):
        assert raw not in text
    assert text.startswith("&#60;b&#62;&#42;x&#42;")
    assert escape("plain words, v1.4.0 - ok") == "plain words, v1.4.0 - ok"


def test_code_span_fences_backticks():
    assert code("evidence/a.md") == "`evidence/a.md`"
    assert code("a`b") == "`` a`b ``"
    assert code("``x") == "``` ``x ```"
