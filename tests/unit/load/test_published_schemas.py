"""The JSON Schemas published for editors are the ones `evidence check` validates with:
draft-07, an $id each, a description on every property, and the bundled files pass them."""
from __future__ import annotations

import json
from datetime import date

import pytest
import yaml
from jsonschema import Draft7Validator

from generator.actions.importer.convert import import_markdown
from generator.actions.importer.yaml_writer import dump_definition
from generator.actions.signoff import signoff_record
from generator.load import schema
from tests.helpers.paths import DATA, ROOT

SCHEMA_DIR = ROOT / "generator" / "load" / "schemas"
NAMES = ["checklist", "approvers", "release", "signoff", "waiver", "meta", "settings"]


def load(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def properties_of(node, where="#"):
    """(where, name, subschema) of every property declared anywhere in a schema."""
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{where}/properties/{name}", name, sub
        for key, value in node.items():
            yield from properties_of(value, f"{where}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from properties_of(value, f"{where}/{n}")


def test_the_schema_folder_holds_exactly_the_published_schemas():
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == sorted(
        f"{n}.schema.json" for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_is_draft_07_with_an_id_and_a_description_on_every_property(name):
    data = load(name)
    assert data["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(data)
    assert data["$id"] == f"https://evidence-site.dev/schemas/{name}.schema.json"
    assert data["title"] and data["description"]
    assert "$defs" not in json.dumps(data)             # draft-07 says definitions
    found = list(properties_of(data))
    assert found
    undescribed = [where for where, _, sub in found if not sub.get("description")]
    assert undescribed == []


def test_check_validates_with_the_published_files():
    for name in NAMES:
        assert schema.validator(name).schema == load(name)
        assert schema.modeline(name) == (f"# yaml-language-server: $schema="
                                         f"https://evidence-site.dev/schemas/{name}.schema.json\n")


def _yaml(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_bundled_definitions_releases_and_records_pass_their_schemas():
    cases = [("checklist", p) for p in (ROOT / "content" / "checklists").glob("*.yml")]
    cases += [("approvers", ROOT / "content" / "approvers.yml")]
    cases += [("release", p) for p in (ROOT / "evidence").glob("*/release.yml")]
    cases += [("signoff", p) for p in (ROOT / "evidence").glob("*/signoffs/*.yml")]
    cases += [("waiver", p) for p in (ROOT / "evidence").glob("*/waivers/*.yml")]
    assert {name for name, _ in cases} == {"checklist", "approvers", "release", "signoff",
                                           "waiver"}
    for name, path in cases:
        errors = [e.message for e in Draft7Validator(load(name)).iter_errors(_yaml(path))]
        assert errors == [], path


def test_what_import_and_signoff_write_names_its_schema_and_passes_it():
    definition = dump_definition(import_markdown(
        (DATA / "production-deployment-checklist.md").read_text(encoding="utf-8"),
        source="production-deployment-checklist.md"))
    record = signoff_record("v1.0.0", "security", "jane@example.com", "approved", "release",
                            "", "sha256:" + "0" * 64, date(2026, 11, 20))
    for name, text in (("checklist", definition), ("signoff", record)):
        first = text.splitlines()[0]
        assert first == schema.modeline(name).rstrip("\n")
        assert list(Draft7Validator(load(name)).iter_errors(yaml.safe_load(text))) == []


def test_a_mistake_an_editor_would_underline_is_a_check_problem_too():
    data = _yaml(ROOT / "evidence" / "v1.1.0" / "waivers" / "pusher.yml")
    data["type"] = "forever"
    assert list(Draft7Validator(load("waiver")).iter_errors(data))
    assert [p.code for p in schema.schema_problems(data, "waiver", "w.yml", "bad-waiver")] == [
        "bad-waiver"]


def test_the_engines_mkdocs_yml_may_name_are_the_build_engines():
    from generator.outputs.site.engines import ENGINES
    assert load("settings")["properties"]["engine"]["enum"] == list(ENGINES)
