import json
from datetime import datetime, timezone

import pytest

from generator.kinds import check_evidence
from tests.helpers.paths import KIND_FIXTURES

FIXTURES = KIND_FIXTURES
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def log(*runs, version="2.1.0", schema=SCHEMA) -> dict:
    document = {"version": version, "runs": list(runs)}
    if schema:
        document["$schema"] = schema
    return document


def run(*results, rules=(), extensions=(), invocations=None, name="scanner") -> dict:
    value = {"tool": {"driver": {"name": name, "version": "1.2", "rules": list(rules)}},
             "results": list(results)}
    if extensions:
        value["tool"]["extensions"] = list(extensions)
    if invocations is not None:
        value["invocations"] = invocations
    return value


def result(rule="R1", level=None, **extra) -> dict:
    value = {"ruleId": rule, "message": {"text": f"{rule} found"},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/app.py"},
                                                 "region": {"startLine": 7}}}]}
    if level:
        value["level"] = level
    value.update(extra)
    return value


def check(document: dict, **options):
    return check_evidence("sarif", json.dumps(document).encode(), options, "scan.sarif")


def test_ruff_output_fails_on_its_errors():
    verdict = check_evidence("sarif", (FIXTURES / "ruff.sarif").read_bytes(), {}, "ruff.sarif")
    assert verdict.verdict == "fail"
    assert verdict.details["counts"]["error"] == 6
    assert verdict.details["tools"][0].startswith("ruff ")
    assert "F401" in verdict.reasons[0]
    first = verdict.details["findings"][0]
    assert first["location"].endswith("sample.py:1") and first["rule_id"] == "F401"


def test_clean_ruff_output_passes():
    data = (FIXTURES / "ruff-clean.sarif").read_bytes()
    assert check_evidence("sarif", data, {}, "ruff-clean.sarif").verdict == "pass"


def test_level_default_is_warning_so_the_default_threshold_passes():
    verdict = check(log(run(result())))
    assert verdict.verdict == "pass"
    assert verdict.details["counts"]["warning"] == 1
    assert check(log(run(result())), fail_on="warning").verdict == "fail"


def test_level_comes_from_the_rule_by_id():
    rules = [{"id": "R1", "defaultConfiguration": {"level": "error"}}]
    assert check(log(run(result(), rules=rules))).verdict == "fail"


def test_level_comes_from_the_rule_by_index():
    rules = [{"id": "OTHER"}, {"id": "R9", "defaultConfiguration": {"level": "error"}}]
    verdict = check(log(run(result(rule="R9-variant", ruleIndex=1), rules=rules)))
    assert verdict.verdict == "fail"


def test_level_comes_from_an_extension_rule():
    extension = {"name": "plugin", "rules": [{"id": "P1", "defaultConfiguration": {"level": "error"}}]}
    driver_rules = [{"id": "P1", "defaultConfiguration": {"level": "note"}}]
    finding = result(rule="P1")
    finding["rule"] = {"id": "P1", "index": 0, "toolComponent": {"index": 0}}
    verdict = check(log(run(finding, rules=driver_rules, extensions=[extension])))
    assert verdict.verdict == "fail"
    assert verdict.details["findings"][0]["level"] == "error"


def test_result_level_overrides_the_rule():
    rules = [{"id": "R1", "defaultConfiguration": {"level": "error"}}]
    assert check(log(run(result(level="note"), rules=rules))).verdict == "pass"


@pytest.mark.parametrize("fail_on, level, verdict", [
    ("error", "error", "fail"), ("error", "warning", "pass"),
    ("warning", "warning", "fail"), ("warning", "note", "pass"),
    ("note", "note", "fail"), ("note", "none", "pass"),
    ("none", "error", "pass"),
])
def test_fail_on_threshold(fail_on, level, verdict):
    assert check(log(run(result(level=level))), fail_on=fail_on).verdict == verdict


def test_results_of_kind_other_than_fail_never_fail():
    for kind in ("pass", "open", "review", "informational", "notApplicable"):
        assert check(log(run(result(level="error", kind=kind)))).verdict == "pass"


@pytest.mark.parametrize("suppressions, suppressed", [
    ([{"kind": "inSource"}], True),                               # no status: accepted
    ([{"kind": "inSource", "status": "accepted"}], True),
    ([{"kind": "external", "status": "underReview"}], False),
    ([{"kind": "external", "status": "rejected"}], False),
    ([{"kind": "inSource"}, {"kind": "external", "status": "rejected"}], False),
    ([], False),
])
def test_suppression_counts_only_when_accepted(suppressions, suppressed):
    verdict = check(log(run(result(level="error", suppressions=suppressions))))
    assert verdict.verdict == ("pass" if suppressed else "fail")
    assert verdict.details["findings"][0]["suppressed"] is suppressed
    assert verdict.details["suppressed"] == int(suppressed)


def test_failed_invocation_fails_the_run():
    invocations = [{"executionSuccessful": False, "endTimeUtc": "2026-11-20T10:00:00Z"}]
    verdict = check(log(run(invocations=invocations, name="codeql")))
    assert verdict.verdict == "fail"
    assert "run 0 (codeql 1.2)" in verdict.reasons[0] and "executionSuccessful" in verdict.reasons[0]


def test_several_runs_latest_end_time_and_tools():
    first = run(invocations=[{"executionSuccessful": True, "endTimeUtc": "2026-11-20T10:00:00Z"}],
                name="a")
    second = run(result(level="error"), name="b",
                 invocations=[{"executionSuccessful": True, "endTimeUtc": "2026-11-21T09:30:00.5Z"}])
    verdict = check(log(first, second))
    assert verdict.details["tools"] == ["a 1.2", "b 1.2"]
    assert verdict.collected_at == datetime(2026, 11, 21, 9, 30, 0, 500000, tzinfo=timezone.utc)
    assert verdict.details["findings"][0]["run"] == 1
    assert verdict.verdict == "fail"


def test_findings_are_capped_with_errors_first():
    results = [result(rule=f"N{i}", level="note") for i in range(120)] + [result(level="error")]
    verdict = check(log(run(*results)))
    assert len(verdict.details["findings"]) == 100
    assert verdict.details["findings_not_listed"] == 21
    assert verdict.details["findings"][0]["level"] == "error"
    assert verdict.details["counts"]["note"] == 120


def test_other_versions_and_schemas_are_invalid():
    data = (FIXTURES / "malformed-sarif-2.0.sarif").read_bytes()
    verdict = check_evidence("sarif", data, {}, "old.sarif")
    assert verdict.verdict == "invalid" and "'2.0.0'" in verdict.reasons[0]
    data = (FIXTURES / "malformed-sarif-schema.sarif").read_bytes()
    verdict = check_evidence("sarif", data, {}, "new.sarif")
    assert verdict.verdict == "invalid" and "schema" in verdict.reasons[0]
    assert check(log(version=None)).verdict == "invalid"


def test_malformed_json_names_line_and_column():
    verdict = check_evidence("sarif", b'{\n  "version": "2.1.0",\n  "runs": [\n}', {}, "x.sarif")
    assert verdict.verdict == "invalid"
    assert "line 4 column 1" in verdict.reasons[0]


def test_binary_junk_and_wrong_shapes_are_invalid():
    junk = (FIXTURES / "malformed-binary.bin").read_bytes()
    assert check_evidence("sarif", junk, {}, "x.sarif").verdict == "invalid"
    assert check_evidence("sarif", b"[]", {}, "x.sarif").verdict == "invalid"
    assert check({"version": "2.1.0", "runs": {"a": 1}}).verdict == "invalid"


def test_unknown_fail_on_value_is_invalid():
    verdict = check(log(run()), fail_on="critical")
    assert verdict.verdict == "invalid" and "fail_on" in verdict.reasons[0]
