"""The schemas' compiled code (generator/load/validity/) is current, and accepts no document
jsonschema refuses: a document it accepts is reported with no problem, unchecked by jsonschema.

The documents: the bundled definitions, releases and records, a sidecar and settings, each
loaded as the loaders load it, then thousands of mutations of them (a value of another
type, a key removed or added, a list emptied, text a pattern or an enum refuses)."""
from __future__ import annotations

import random
from datetime import date, datetime, timezone

import pytest
from jsonschema import Draft7Validator

from generator.load import schema
from generator.load.validity import __file__ as validity_init
from generator.load.yamlsafe import load_text
from scripts.schema_validity import TARGET, generated, names
from tests.helpers.paths import ROOT

MUTATIONS_PER_SCHEMA = 600
VALUES = [None, True, False, 0, 1, -3, 1.0, 2.5, "", "x", " ", "a@b", "a@b\n", "v1.0.0",
          "approved", "release", "signoff", "waiver", "not-applicable", "sha256:" + "0" * 64,
          "sha256:" + "0" * 64 + "\n", "Bad Slug", "ok-slug", "after-release: 24h", "24h",
          [], [""], ["x"], ["a/b"], [1], [None], [[]], {}, {"x": 1}, {"after-release": "7d"},
          date(2026, 12, 1), datetime(2026, 12, 1, tzinfo=timezone.utc)]


def bundled() -> list[tuple[str, str]]:
    cases = [("checklist", p) for p in (ROOT / "content" / "checklists").glob("*.yml")]
    cases += [("approvers", ROOT / "content" / "approvers.yml")]
    cases += [("release", p) for p in (ROOT / "evidence").glob("*/release.yml")]
    cases += [("signoff", p) for p in (ROOT / "evidence").glob("*/signoffs/*.yml")]
    cases += [("waiver", p) for p in (ROOT / "evidence").glob("*/waivers/*.yml")]
    documents = [(name, path.read_text(encoding="utf-8")) for name, path in cases]
    documents += [
        ("meta", "items: [build/ci-is-green]\nkind: junit\ncollected: 2026-11-20T10:00:00Z\n"
                 "source: https://ci.example.com/run/1\ntls: {version: TLSv1.3}\n"),
        ("settings", "page_size: A4\nallow_secrets: [AKIAEXAMPLE]\n"
                     "trusted_committers: [noreply@github.com]\nrequire_signed_records: true\n"
                     "sign: keys/pack.p12\nengine: mkdocs\nfail_on_regression: false\n"),
    ]
    return documents


def plain(node):
    """A copy in plain dicts and lists (faster to copy and validate than the loader's)."""
    if isinstance(node, dict):
        return {key: plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(value) for value in node]
    return node


def trimmed(checklist):
    """The checklist with two sections a phase, the two fullest items each: jsonschema takes
    10 ms over the whole, and the 133 items repeat a few shapes."""
    for phase in checklist["phases"]:
        phase["sections"] = phase["sections"][:2]
        for section in phase["sections"]:
            section["items"] = sorted(section["items"], key=len, reverse=True)[:2]
    return checklist


def places(node, path=()):
    """Every path into a document: (keys...) of each value, the document itself included."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from places(value, (*path, index))


def mutated(document, rng: random.Random):
    document = plain(document)
    for _ in range(rng.choice((1, 1, 2, 3))):
        path = rng.choice(list(places(document)))
        if not path:
            continue
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        action = rng.random()
        if action < 0.6:
            parent[last] = plain(rng.choice(VALUES))
        elif action < 0.75:
            del parent[last]
        elif action < 0.85 and isinstance(parent, dict):
            parent[rng.choice(["extra", "Kind", "items", "note", "x"])] = rng.choice(VALUES)
        elif isinstance(parent[last], list) and parent[last]:
            parent[last].append(plain(rng.choice(parent[last])))
        else:
            parent[last] = [parent[last]]
    return document


def test_the_compiled_code_is_what_the_script_writes_from_the_schemas():
    assert list(names()) == sorted(schema.NAMES)
    for name in names():
        assert (TARGET / f"{name}.py").read_text(encoding="utf-8") == generated(name), (
            f"run python scripts/schema_validity.py ({name} is stale)")
    assert sorted(p.stem for p in TARGET.glob("*.py") if p.stem != "__init__") == names()
    assert TARGET.joinpath("__init__.py").samefile(validity_init)


@pytest.mark.parametrize("name, text", bundled(), ids=lambda v: v if len(v) < 20 else "")
def test_every_bundled_document_is_known_valid(name, text):
    assert schema.known_valid(name, load_text(text))


@pytest.mark.parametrize("name", schema.NAMES)
def test_the_compiled_code_accepts_nothing_jsonschema_refuses(name):
    rng = random.Random(f"validity-{name}")
    checker = Draft7Validator(schema.validator(name).schema)
    documents = [plain(load_text(text)) for kind, text in bundled() if kind == name]
    if name == "checklist":
        documents = [trimmed(document) for document in documents]
    accepted = refused = refused_by_code_only = 0
    for document in documents:
        for _ in range(MUTATIONS_PER_SCHEMA // len(documents)):
            candidate = mutated(document, rng)
            valid = checker.is_valid(candidate)
            if schema.known_valid(name, candidate):
                assert valid, (name, candidate)
                accepted += 1
            elif valid:
                refused_by_code_only += 1
            else:
                refused += 1
    # the mutations reach both sides, and the code leaves jsonschema little to redo
    assert accepted and refused
    assert refused_by_code_only <= (accepted + refused) // 100


def test_a_final_line_break_is_the_one_thing_only_the_code_refuses():
    record = load_text((ROOT / "evidence" / "v1.0.0" / "signoffs" / "legal.yml").read_text(
        encoding="utf-8"))
    record["evidence_digest"] += "\n"
    assert not schema.known_valid("signoff", record)
    assert schema.schema_problems(record, "signoff", "legal.yml") == []
