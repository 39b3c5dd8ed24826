"""The gated secret scan finds exactly what running every rule over the whole text finds."""
from __future__ import annotations

import random
import string

import pytest

from generator.kinds import scannable_text
from generator.load.secret_rules import (
    _GATES,
    _NEEDLES,
    _OPERATOR_AHEAD,
    RULES,
    _assignment_at,
    _key_start,
    _spans_of,
    assignment_spans,
    rule_spans,
    search,
)
from generator.load.secrets import _ascii_lower
from tests.helpers.paths import TESTS
from tests.unit.load.test_secrets import FAMILIES, FORMATS

WORDS = ("pass", "pwd", "secret", "key", "token", "credential")


def every_rule(text: str) -> list:
    """The scan without gates: every rule over the whole text, key words by plain search."""
    lowered = _ascii_lower(text)
    spans = [span for priority, rule in enumerate(RULES)
             for span in _spans_of(rule, priority, text, lowered)]
    tried: set[int] = set()
    for word in WORDS:
        index = lowered.find(word)
        while index != -1:
            start = _key_start(lowered, index) if _OPERATOR_AHEAD.match(lowered, index) else -1
            if start != -1 and start not in tried:
                tried.add(start)
                span = _assignment_at(text, start)
                if span is not None:
                    spans.append(span)
            index = lowered.find(word, index + len(word))
    return sorted(spans, key=repr)


def gated(text: str) -> list:
    lowered = _ascii_lower(text)
    found = search(lowered)
    return sorted([*rule_spans(text, lowered, found), *assignment_spans(text, lowered, found)],
                  key=repr)


def varied_texts(count: int, seed: int = 7) -> list[str]:
    """Planted tokens, near misses (a character changed, cut short, case changed), gate strings
    alone, key words with operators, and random token characters, mixed with prose."""
    rng = random.Random(seed)
    values = [f.value for f in FAMILIES.values()]
    pieces = [*values, *_NEEDLES, *(w.upper() for w in _NEEDLES), "password: hunter2hunter2",
              '"api_key": "0123456789abcdef0123"', "Authorization: Bearer abc123def456ghi",
              "token=", "?token=abc123xyz789&page=2", "AC", "SK", ":", ".", "-us1",
              "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n", "set-cookie: sid=abcdefgh1234",
              "The release was checked by the team.", "sha256:" + "ab12" * 16, "\n", " "]
    alphabet = string.ascii_letters + string.digits + "_-.:/=+"
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 12)):
            piece = rng.choice(pieces)
            roll = rng.random()
            if roll < 0.2 and len(piece) > 2:
                at = rng.randrange(len(piece))
                piece = piece[:at] + rng.choice(alphabet) + piece[at + 1:]
            elif roll < 0.3:
                piece = piece[:rng.randint(1, len(piece))]
            elif roll < 0.4:
                piece = piece.swapcase()
            elif roll < 0.5:
                piece = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
            parts.append(piece + rng.choice(["", " ", "\n", "\"", "'", ", "]))
        texts.append("".join(parts))
    return texts


def test_gates_cover_every_rule_that_has_one():
    assert len(_GATES) == len(RULES)
    assert sum(gate is not None for gate in _GATES) >= len(RULES) - 5


@pytest.mark.parametrize("fmt", FORMATS)
def test_planted_secrets(fmt):
    for planted in FAMILIES.values():
        text = FORMATS[fmt](planted.key, planted.value)
        assert gated(text) == every_rule(text)


def test_varied_texts():
    texts = varied_texts(2000)
    assert sum(bool(every_rule(t)) for t in texts) > 300     # the inputs do find things
    for text in texts:
        assert gated(text) == every_rule(text), text


def test_real_fixtures():
    checked = 0
    for path in sorted(p for p in (TESTS / "fixtures").rglob("*") if p.is_file()):
        text = scannable_text(path.read_bytes())
        if text is not None:
            assert gated(text) == every_rule(text), path
            checked += 1
    assert checked > 20
