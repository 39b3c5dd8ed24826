"""`evidence pdf --keep-html`: the HTML WeasyPrint laid out, as one standalone file."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import PackError
from generator.outputs.pdf.render import _stylesheet_text, standalone_html

PAGE = "<!DOCTYPE html>\n<html><head>\n<title>t</title>\n</head>\n<body><p>x</p></body></html>"


def test_stylesheet_goes_last_in_head_and_base_names_the_build_folder(tmp_path: Path) -> None:
    text = standalone_html(PAGE, "Letter", tmp_path)
    head, body = text.split("</head>")
    assert head.index(f'<base href="{tmp_path.resolve().as_uri()}/">') < head.index("<title>")
    assert head.rstrip().endswith("</style>")
    assert _stylesheet_text("Letter") in head and "size: letter" in head
    assert body == "\n<body><p>x</p></body></html>"


def test_a_page_without_head_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="</head>"):
        standalone_html("<html><body></body></html>", "A4", tmp_path)
