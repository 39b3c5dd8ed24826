"""The one-pass prefilter: it may pass a text the rules find nothing in, never rule out one
they find something in."""
from __future__ import annotations

import random
import string

import pytest

from generator.kinds import scannable_text
from generator.load import secret_rules
from generator.load.secret_rules import may_hold_secret
from generator.load.secrets import find_secrets, find_secrets_in_bytes
from tests.helpers.paths import TESTS
from tests.unit.load.test_secrets import (
    DIGEST,
    FAMILIES,
    FORMATS,
    PROSE,
    as_curl_log,
    chars,
    hash_corpus,
)

hyperscan = pytest.importorskip("hyperscan")
secret_rules.prepare_prefilter()

NOISE = string.ascii_letters + string.digits + " \t\n:=\"'-_./+@#?&;,\x1c\x1f"


def planted_texts() -> list[str]:
    texts = [fmt(f.key, f.value) for f in FAMILIES.values() for fmt in FORMATS.values()]
    texts += [f"x {f.value} x" for f in FAMILIES.values() if f.key == "note"]
    texts += [
        as_curl_log("Authorization", "Basic " + chars("basic", 24)),
        "< set-cookie: session=" + chars("cookie", 32) + "; Path=/\n",
        "\x1ccookie: session=" + chars("cookie", 32) + "\n",      # Python's \s takes \x1c
        "-----BEGIN RSA PRIVATE KEY-----\n" + chars("pem", 64, string.ascii_letters + "+/")
        + "\n-----END RSA PRIVATE KEY-----\n",
        "DefaultEndpointsProtocol=https;AccountKey=" + chars("azure", 86) + "==;\n",
        "//registry.npmjs.org/:_authToken=" + chars("npm-hex", 36, "0123456789abcdef-") + "\n",
        'aws_secret = "' + chars("aws2", 40, string.ascii_letters + "/+") + '"\n',
        "sq0csp-" + chars("square", 43) + "\n",
    ]
    return texts


def mutated(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(text) + 1)
        action = rng.choice(("replace", "delete", "insert", "case", "repeat"))
        if action == "replace":
            text = text[:at] + rng.choice(NOISE) + text[at + 1:]
        elif action == "delete":
            text = text[:at] + text[at + rng.randint(1, 3):]
        elif action == "insert":
            text = text[:at] + "".join(rng.choices(NOISE, k=rng.randint(1, 3))) + text[at:]
        elif action == "case":
            text = text[:at] + text[at:at + 8].swapcase() + text[at + 8:]
        else:
            text = text[:at] + text[at:at + 12] * 2 + text[at + 12:]
    return text


def test_the_prefilter_is_built_where_the_engine_is_installed():
    assert secret_rules._PREFILTER is not None


@pytest.mark.parametrize("text", planted_texts(), ids=lambda t: t[:24])
def test_every_planted_secret_passes(text):
    assert find_secrets(text)
    assert may_hold_secret(text.encode())


def test_no_mutation_the_rules_find_something_in_is_ruled_out():
    rng = random.Random(19)
    found = ruled_out = 0
    for text in planted_texts():
        for _ in range(80):
            variant = mutated(text, rng)
            if find_secrets(variant):
                found += 1
                assert may_hold_secret(variant.encode()), repr(variant)
            elif not may_hold_secret(variant.encode()):
                ruled_out += 1
    assert found > 3000 and ruled_out > 100          # the test has both kinds to tell apart


@pytest.mark.parametrize("text", [f"commit {DIGEST}\nstatus: ok\n",
                                  "curl -sS https://api.example.com/v1/health\n",
                                  '{"status": "ok", "version": "1.4.0", "checks": 12}\n'],
                         ids=["digest", "url", "json"])
def test_plain_evidence_is_ruled_out(text):
    assert not may_hold_secret(text.encode())


def test_near_misses_may_pass_but_find_nothing():
    for text in (hash_corpus(), PROSE):
        assert find_secrets_in_bytes(text.encode()) == []


@pytest.mark.parametrize("data", [b"note: caf\xc3\xa9\n", b"\x1f\n", b"\xff\xfeh\x00i\x00"],
                         ids=["utf-8", "unit-separator", "utf-16"])
def test_bytes_the_engines_may_read_differently_always_pass(data):
    assert may_hold_secret(data)


def test_the_scan_of_every_fixture_agrees_with_the_rules_alone():
    files = [path for path in sorted((TESTS / "fixtures").rglob("*")) if path.is_file()]
    assert len(files) > 100
    ruled_out = sum(not may_hold_secret(path.read_bytes()) for path in files)
    assert ruled_out > len(files) / 2
    for path in files:
        data = path.read_bytes()
        text = scannable_text(data)
        assert find_secrets_in_bytes(data) == (find_secrets(text) if text else []), path


def test_unprepared_or_without_the_engine_every_text_takes_the_rules(monkeypatch):
    monkeypatch.setattr(secret_rules, "_PREFILTER", None)
    assert may_hold_secret(b"nothing here")
    planted = FAMILIES["github-classic"]
    assert len(find_secrets_in_bytes(f"token {planted.value}\n".encode())) == 1
