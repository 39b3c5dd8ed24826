"""Waivers near their expiry date and evidence near the end of its max_age window."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from generator.evaluate.expiry import expiring, to_problems
from tests.helpers.reports import evidence, item, report, waiver

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
RATE = "security-configuration/rate-limiting"
SCAN = "security-configuration/dependency-scan"


def waived(expires, **options):
    return report("v1.4.0", {RATE: "waived"},
                  waivers=[waiver("evidence/v1.4.0/waivers/rate.yml", [RATE], expires=expires,
                                  **options)])


def test_waiver_expiring_within_the_window():
    (warning,) = expiring(waived(date(2026, 11, 25)), NOW, warn_days=7)
    assert (warning.kind, warning.path, warning.items) == (
        "waiver", "evidence/v1.4.0/waivers/rate.yml", (RATE,))
    assert warning.expires_at == datetime(2026, 11, 26, tzinfo=timezone.utc)
    assert warning.days_left == 5
    assert "last day 2026-11-25" in warning.message and "in 5 days" in warning.message


def test_waiver_beyond_the_window_or_not_counting_is_not_reported():
    assert expiring(waived(date(2026, 12, 31)), NOW, warn_days=7) == []
    assert expiring(waived(date(2026, 11, 25), verified=False), NOW, warn_days=7) == []
    assert expiring(waived(date(2026, 11, 19), expired=True), NOW, warn_days=7) == []
    assert expiring(waived(None, type="not-applicable"), NOW, warn_days=7) == []


def test_waiver_on_its_last_day():
    (warning,) = expiring(waived(date(2026, 11, 20)), NOW, warn_days=0)
    assert warning.days_left == 0 and "within a day" in warning.message


def fresh_scan(collected_days_ago, status="complete", released_at=None, max_age_days=30):
    collected = NOW - timedelta(days=collected_days_ago)
    return report(
        "v1.4.0", {SCAN: status},
        items=[item(SCAN, max_age_days=max_age_days, kinds=("sarif",))],
        evidence=[evidence("evidence/v1.4.0/security-configuration/dependency-scan/old.sarif",
                           "old", items=[SCAN], kind="sarif",
                           collected_at=collected - timedelta(days=20)),
                  evidence("evidence/v1.4.0/security-configuration/dependency-scan/new.sarif",
                           "new", items=[SCAN], kind="sarif", collected_at=collected),
                  evidence("evidence/v1.4.0/security-configuration/dependency-scan/notes.md",
                           "notes", items=[SCAN], kind="document", collected_at=NOW)],
        released_at=released_at)


def test_evidence_whose_max_age_ends_within_the_window():
    (warning,) = expiring(fresh_scan(collected_days_ago=26), NOW, warn_days=7)
    assert warning.kind == "evidence"
    assert warning.path.endswith("/new.sarif")          # the newest of the required kind decides
    assert warning.expires_at == NOW + timedelta(days=4)
    assert warning.days_left == 4
    assert expiring(fresh_scan(collected_days_ago=26), NOW, warn_days=3) == []


def test_evidence_not_reported_when_it_cannot_change_the_status():
    assert expiring(fresh_scan(26, status="stale"), NOW, warn_days=7) == []
    assert expiring(fresh_scan(26, status="waived"), NOW, warn_days=7) == []
    assert expiring(fresh_scan(26, released_at=NOW - timedelta(days=1)), NOW, warn_days=7) == []
    assert expiring(fresh_scan(31), NOW, warn_days=7) == []      # already past: status says so


def test_warnings_sorted_by_expiry_and_become_problems():
    combined = fresh_scan(26)
    combined = report("v1.4.0", {SCAN: "complete", RATE: "waived"},
                      items=[item(SCAN, max_age_days=30, kinds=("sarif",))],
                      evidence=combined.evidence,
                      waivers=[waiver("evidence/v1.4.0/waivers/rate.yml", [RATE],
                                      expires=date(2026, 11, 21))])
    warnings = expiring(combined, NOW, warn_days=7)
    assert [w.kind for w in warnings] == ["waiver", "evidence"]
    problems = to_problems(warnings)
    assert [(p.code, p.severity, p.line) for p in problems] == [
        ("waiver-expiring", "warning", 1), ("evidence-expiring", "warning", 1)]


def test_naive_times_are_taken_as_utc():
    (warning,) = expiring(waived(date(2026, 11, 25)), NOW.replace(tzinfo=None), warn_days=7)
    assert warning.days_left == 5
