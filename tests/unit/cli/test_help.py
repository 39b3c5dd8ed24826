"""`evidence help TOPIC` shows every page the hints point at."""
from __future__ import annotations

import re

import pytest

from generator.cli.help import page, topics
from generator.errors import UsageError
from generator.model.problems import CODES


def test_every_topic_a_hint_names_exists():
    named = {t for _, hint in CODES.values() for t in re.findall(r"evidence help ([a-z-]+)", hint)}
    assert named and named <= set(topics())


def test_a_topic_prints_its_page_and_an_unknown_one_says_what_exists():
    assert page("format").startswith("# The evidence format")
    assert "error-codes" in page(None)
    with pytest.raises(UsageError, match="topics: .*provenance"):
        page("nope")
