import json
from datetime import datetime, timezone

import pytest

from generator.kinds import check_evidence
from tests.helpers.paths import KIND_FIXTURES

FIXTURES = KIND_FIXTURES


def check(probe, **options):
    data = probe if isinstance(probe, bytes) else json.dumps(probe).encode()
    return check_evidence("probe", data, options, "health.json")


def test_passing_probe_with_observed_time():
    verdict = check((FIXTURES / "probe-pass.json").read_bytes())
    assert verdict.passed
    assert verdict.collected_at == datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)


def test_status_other_than_pass_fails():
    verdict = check({"status": "degraded"})
    assert verdict.verdict == "fail" and verdict.reasons == ("probe status is 'degraded', not 'pass'",)
    assert check({"status": True}).verdict == "fail"


def test_expect_walks_objects_and_list_indexes():
    expect = {"target.region": "eu-west-1", "checks.0.ok": True, "checks.0.latency_ms": 12,
              "checks.1.name": "cache"}
    assert check((FIXTURES / "probe-pass.json").read_bytes(), expect=expect).passed


@pytest.mark.parametrize("path, wanted, reason", [
    ("target.region", "us-east-1", "expected target.region = 'us-east-1', found 'eu-west-1'"),
    ("checks.5.ok", True, "expected checks.5.ok = True, but checks.5.ok is not in the probe"),
    ("checks.0.ok", 1, "expected checks.0.ok = 1, found True"),
    ("checks.0.latency_ms", "12", "expected checks.0.latency_ms = '12', found 12"),
    ("target.url.host", "x", "expected target.url.host = 'x', but target.url.host is not in the probe"),
])
def test_expect_mismatches_are_named(path, wanted, reason):
    verdict = check((FIXTURES / "probe-pass.json").read_bytes(), expect={path: wanted})
    assert verdict.verdict == "fail" and verdict.reasons == (reason,)


def test_numbers_compare_by_value():
    assert check({"status": "pass", "ratio": 1.0}, expect={"ratio": 1}).passed


def test_naive_observed_at_is_utc_and_bad_observed_at_is_invalid():
    verdict = check({"status": "pass", "observed_at": "2026-11-20T10:00:00"})
    assert verdict.collected_at.tzinfo is not None
    bad = check({"status": "pass", "observed_at": "yesterday"})
    assert bad.verdict == "invalid" and "observed_at" in bad.reasons[0]


def test_malformed_json_names_line_and_column():
    verdict = check((FIXTURES / "malformed-probe.json").read_bytes())
    assert verdict.verdict == "invalid"
    assert verdict.reasons == ("probe: not valid JSON: line 4 column 19: Expecting value",)


def test_not_an_object_or_no_status_is_invalid():
    assert check([{"status": "pass"}]).verdict == "invalid"
    assert check({"state": "pass"}).verdict == "invalid"
    assert check((FIXTURES / "malformed-binary.bin").read_bytes()).verdict == "invalid"


def test_expect_must_be_a_mapping():
    verdict = check({"status": "pass"}, expect=["a"])
    assert verdict.verdict == "invalid" and "expect" in verdict.reasons[0]
