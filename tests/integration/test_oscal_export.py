"""`evidence export oscal`: an OSCAL 1.2.3 assessment-results document that validates against
NIST's JSON schema (tests/fixtures/oscal/), deterministic, with every file and item in it."""
from __future__ import annotations

import functools
import json
import os
import subprocess
import sys

import pytest
import regex
from jsonschema import Draft7Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

from tests.helpers.evaluated_pack import FAILING, SIGNOFF, evaluated_repo
from tests.helpers.paths import ROOT, TESTS

SCHEMA = TESTS / "fixtures" / "oscal" / "oscal_assessment-results_schema.json"


@functools.lru_cache(maxsize=None)
def ecma_pattern(pattern: str):
    """The schema's patterns use \\p{L} (the `regex` module has it, `re` not); `$` ends the
    text only, as in ECMA-262 (Python's `$` also matches before a final newline)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return regex.compile(pattern)


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.lru_cache(maxsize=None)
def oscal_validator():
    formats = FormatChecker()
    formats.checkers = dict(Draft7Validator.FORMAT_CHECKER.checkers)
    formats.checks("regex", raises=regex.error)(lambda text: not isinstance(text, str) or
                                                bool(ecma_pattern(text)))
    for needed in ("date-time", "uri", "uri-reference"):
        assert needed in formats.checkers, f"install the validator of format {needed}"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    checked = validators.extend(Draft7Validator, {"pattern": _pattern})
    checked.check_schema(schema, format_checker=formats)
    return checked(schema, format_checker=formats)


def errors(document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:160]}"
            for e in oscal_validator().iter_errors(document)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("oscal")
    repo = evaluated_repo(tmp / "repo")
    out = tmp / "ar.json"
    result = subprocess.run([sys.executable, "-m", "generator", "--repo", str(repo.root),
                             "export", "oscal", "v1.0.0", "-o", str(out)], cwd=ROOT,
                            capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return repo, out


def test_the_document_validates_against_nists_schema(exported):
    _, out = exported
    assert errors(json.loads(out.read_text())) == []


def test_the_validator_rejects_what_the_schema_forbids(exported):
    _, out = exported
    document = json.loads(out.read_text())
    finding = document["assessment-results"]["results"][0]["findings"][0]
    finding["target"]["status"]["state"] = "partially-satisfied"
    finding["target"]["target-id"] = "a b"
    document["assessment-results"]["metadata"]["title"] = "trailing newline\n"
    document["assessment-results"]["results"][0]["start"] = "2026-11-02 09:00"
    found = errors(document)
    assert any("state" in e for e in found) and any("target-id" in e for e in found)
    assert any("title" in e for e in found) and any("start" in e for e in found)


def test_every_file_is_an_observation_with_its_hash_and_every_item_a_finding(exported):
    repo, out = exported
    document = json.loads(out.read_text())["assessment-results"]
    result = document["results"][0]
    resources = {r["uuid"]: r for r in document["back-matter"]["resources"]}
    status = json.loads(repo.evidence("status", "v1.0.0", "--format", "json").stdout)
    manifest = {e["path"]: e["sha256"] for i in status["items"] for e in i["evidence"]}
    observed = {}
    for observation in result["observations"]:
        evidence = observation["relevant-evidence"][0]["href"].lstrip("#")
        rlink = resources[evidence]["rlinks"][0]
        observed[observation["title"]] = rlink["hashes"][0]["value"]
        assert rlink["hashes"][0]["algorithm"] == "SHA-256"
    assert observed == manifest and FAILING in observed
    findings = {f["target"]["target-id"]: f for f in result["findings"]}
    assert set(findings) == {i["ref"].replace("/", ".") for i in status["items"]}
    failed = findings["security.headers"]
    assert failed["target"]["status"]["state"] == "not-satisfied"
    assert failed["target"]["status"]["reason"] == "fail"
    assert "x-frame-options" in failed["target"]["status"]["remarks"]
    assert {"name": "status", "ns": "https://evidence-site.example/oscal",
            "value": "failed"} in failed["props"]
    assert findings["security.review"]["target"]["status"]["state"] == "satisfied"
    uuids = {o["uuid"] for o in result["observations"]}
    assert {r["observation-uuid"] for r in failed["related-observations"]} <= uuids


def test_sign_offs_are_responsible_parties(exported):
    _, out = exported
    document = json.loads(out.read_text())["assessment-results"]
    metadata = document["metadata"]
    party = next(p for p in metadata["parties"] if p["email-addresses"] == ["sam@example.com"])
    assert metadata["responsible-parties"] == [{"role-id": "security",
                                                "party-uuids": [party["uuid"]]}]
    attestation = document["results"][0]["attestations"][0]
    assert attestation["responsible-parties"][0]["party-uuids"] == [party["uuid"]]
    assert SIGNOFF in attestation["parts"][0]["prose"]


def test_the_output_is_deterministic(exported, tmp_path):
    repo, out = exported
    again = repo.evidence("export", "oscal", "v1.0.0")
    assert again.returncode == 0 and again.stdout == out.read_text()
    uuids = [v for v in regex.findall(r'"(?:uuid|party-uuids?|observation-uuid)": "([^"]+)"',
                                      again.stdout)]
    assert uuids and all(u[14] == "5" for u in uuids)            # uuid5 throughout


def test_every_reference_inside_the_document_resolves(exported):
    """What NIST keeps in Metaschema constraints, not in the JSON schema: uuids unique, and
    every reference to a party, role, observation or resource pointing at one."""
    _, out = exported
    document = json.loads(out.read_text())["assessment-results"]
    metadata, result = document["metadata"], document["results"][0]
    resources = [r["uuid"] for r in document["back-matter"]["resources"]]
    parties = [p["uuid"] for p in metadata["parties"]]
    observations = [o["uuid"] for o in result["observations"]]
    everything = [document["uuid"], result["uuid"], *resources, *parties, *observations,
                  *(f["uuid"] for f in result["findings"])]
    assert len(everything) == len(set(everything))
    roles = {r["id"] for r in metadata["roles"]}
    holders = [*metadata["responsible-parties"],
               *(p for a in result["attestations"] for p in a["responsible-parties"])]
    assert all(h["role-id"] in roles and set(h["party-uuids"]) <= set(parties) for h in holders)
    hrefs = [document["import-ap"]["href"],
             *(e["href"] for o in result["observations"] for e in o["relevant-evidence"])]
    assert all(h.startswith("#") and h[1:] in resources for h in hrefs)
    related = {r["observation-uuid"] for f in result["findings"]
               for r in f.get("related-observations", ())}
    assert related and related <= set(observations)


@pytest.mark.slow
def test_every_bundled_release_exports_valid_oscal():
    from generator.outputs.oscal import assessment_results
    from generator.pipeline import load_and_evaluate

    for report in load_and_evaluate(ROOT).reports:
        document = json.loads(json.dumps(assessment_results(report)))
        assert errors(document) == [], report.version
        findings = document["assessment-results"]["results"][0]["findings"]
        assert len(findings) == len(report.items)
