import pytest

from generator.kinds import (
    KINDS,
    REGISTRY,
    check_evidence,
    detect_kind,
    option_problems,
)
from tests.helpers.paths import KIND_FIXTURES

FIXTURES = KIND_FIXTURES


@pytest.mark.parametrize("name, kind", [
    ("pytest-pass.xml", "junit"),
    ("jest-junit.xml", "junit"),
    ("surefire-TEST-com.example.AppTest.xml", "junit"),
    ("go-junit-report.xml", "junit"),
    ("malformed-entity-bomb.xml", "junit"),
    ("ruff.sarif", "sarif"),
    ("curl-i-secure.http", "http-headers"),
    ("curl-v-secure.txt", "http-headers"),
    ("probe-pass.json", "probe"),
    ("malformed-binary.bin", "any"),
    ("malformed-binary.xml", "any"),
])
def test_fixtures_are_recognised(name, kind):
    data = (FIXTURES / name).read_bytes()
    assert detect_kind(f"evidence/v1/{name}", data[:4096]) == kind


@pytest.mark.parametrize("path, head, kind", [
    ("scan.sarif.json", b"{}", "sarif"),
    ("SCAN.SARIF", b"", "sarif"),
    ("results.json", b'{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": []}', "sarif"),
    ("site.headers", b"", "http-headers"),
    ("out.txt", b"HTTP/2 200\r\nserver: x\r\n\r\n", "http-headers"),
    ("out.txt", b"* Trying 1.2.3.4\n> GET / HTTP/1.1\n< HTTP/1.1 200 OK\n", "http-headers"),
    ("health.json", b'{"status": "pass"}', "probe"),
    ("health.json", b'{"state": "pass"}', "any"),
    ("list.json", b'[{"status": "pass"}]', "any"),
    ("big.json", b'{"status": "pass", "samples": [1, 2, 3', "probe"),
    ("signoffs/security.yml", b"kind: signoff\nrole: security\n", "signoff"),
    ("waivers/w.yaml", b"# waiver\nkind: 'waiver'\nitems: [a/b]\n", "waiver"),
    ("other.yml", b"kind: something\n", "any"),
    ("notes.md", b"# Notes", "document"),
    ("rollback.md", b"---\nitems: [ops/rollback]\nkind: runbook\n---\n# Rollback", "runbook"),
    ("notes.markdown", b"---\nkind: 'release-notes'\n---\n", "release-notes"),
    ("later.md", b"# Title\n\n---\nkind: runbook\n", "document"),
    ("odd.md", b"---\nkind: screenshot\n---\n", "document"),
    ("shot.PNG", b"", "screenshot"),
    ("shot.jpeg", b"", "screenshot"),
    ("shot.webp", b"", "screenshot"),
    ("report.xml", b"<?xml version='1.0'?>\n<!-- by ci -->\n<testsuites/>", "junit"),
    ("report.xml", b"<testsuite name='x'>", "junit"),
    ("other.xml", b"<project><testsuite/></project>", "any"),
    ("archive.zip", b"PK\x03\x04", "any"),
])
def test_detect_kind_by_name_and_content(path, head, kind):
    assert detect_kind(path, head) == kind


def test_registry_names_each_kind_once_and_reads_every_option_it_accepts():
    assert len(KINDS) == len(REGISTRY)
    for kind in REGISTRY:
        assert (kind.read_options is None) == (not kind.options), kind.name


def test_unknown_check_option_is_invalid_with_reason():
    data = (FIXTURES / "pytest-pass.xml").read_bytes()
    verdict = check_evidence("junit", data, {"min_test": 3}, "r.xml")
    assert verdict.verdict == "invalid"
    assert "min_test" in verdict.reasons[0] and "min_tests" in verdict.reasons[0]


def test_wrong_option_type_is_invalid_with_reason():
    data = (FIXTURES / "pytest-pass.xml").read_bytes()
    verdict = check_evidence("junit", data, {"min_tests": "three"}, "r.xml")
    assert verdict.verdict == "invalid"
    assert "min_tests" in verdict.reasons[0]


def test_option_problems_reports_unknown_kind():
    assert "unknown evidence kind" in option_problems("pdf", {})[0]
    assert option_problems("sarif", {"fail_on": "warning"}) == ()


@pytest.mark.parametrize("kind, options, word", [
    ("junit", {"allow_skipped": "no"}, "allow_skipped"),
    ("junit", {"min_tests": -1}, "min_tests"),
    ("sarif", {"fail_on": "high"}, "fail_on"),
    ("http-headers", {"rules": {"hsts": {"max_age_min": "1y"}}}, "max_age_min"),
    ("probe", {"expect": "a.b"}, "expect"),
    ("runbook", {"min_words": 0}, "min_words"),
    ("screenshot", {"min_words": 1}, "min_words"),
    ("junit", ["min_tests"], "mapping"),
])
def test_option_problems_checks_types_too(kind, options, word):
    [problem] = option_problems(kind, options)
    assert word in problem


@pytest.mark.parametrize("kind, options", [
    ("junit", {"min_tests": 5, "allow_skipped": False}),
    ("http-headers", {"require": ["a"], "status": [200, 204], "rules": {"a": {"equals": "b"}}}),
    ("probe", {"expect": {"a.0": 1}}),
    ("release-notes", {"min_words": 20}),
    ("any", {}),
])
def test_option_problems_accepts_good_options(kind, options):
    assert option_problems(kind, options) == ()


def test_signoff_record_checks_kind():
    assert check_evidence("signoff", b"kind: signoff\nrole: security\n", {}, "s.yml").passed
    wrong = check_evidence("signoff", b"kind: waiver\n", {}, "s.yml")
    assert wrong.verdict == "invalid"
    broken = check_evidence("waiver", b"kind: [waiver\n", {}, "w.yml")
    assert broken.verdict == "invalid" and "YAML" in broken.reasons[0]
