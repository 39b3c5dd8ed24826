"""Reminder issues: planned from the check's expiring list and the existing issues."""
from __future__ import annotations

from datetime import datetime, timezone

from generator.actions.reminders import LAPSED, body_of, key_of, plan, title_of

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=timezone.utc)
WAIVER = {"code": "waiver-expiring", "release": "v1.1.0", "path": "evidence/v1.1.0/waivers/a.yml",
          "items": ["accessibility/audit"], "expires_at": "2026-12-10T00:00:00Z",
          "days_left": 8, "line": 1}
EVIDENCE = {"code": "evidence-expiring", "release": "v1.2.0",
            "path": "evidence/v1.2.0/security/scan/scan.sarif", "items": ["security/scan"],
            "expires_at": "2026-12-05T09:00:00Z", "days_left": 4, "line": 1}


def issue(warning, number=1, state="OPEN", **changes):
    return {"number": number, "title": title_of(warning), "body": body_of(warning),
            "state": state, **changes}


def test_each_expiring_waiver_or_evidence_opens_one_issue():
    steps = plan([WAIVER, EVIDENCE, WAIVER], [], NOW)
    assert [(s.action, s.key) for s in steps] == [("open", key_of(WAIVER)),
                                                  ("open", key_of(EVIDENCE))]
    assert steps[0].title == "Waiver for accessibility/audit expires 2026-12-10 (v1.1.0)"
    assert "evidence/v1.1.0/waivers/a.yml" in steps[0].body


def test_an_existing_issue_is_reused_updated_only_when_it_changed():
    assert plan([WAIVER], [issue(WAIVER, 7)], NOW) == []
    moved = {**WAIVER, "expires_at": "2026-12-12T00:00:00Z"}        # renewed, still close
    [step] = plan([moved], [issue(WAIVER, 7)], NOW)
    assert (step.action, step.number) == ("update", 7) and "2026-12-12" in step.title


def test_a_closed_issue_for_the_same_thing_is_reopened_not_duplicated():
    [step] = plan([WAIVER], [issue(WAIVER, 3, state="CLOSED")], NOW)
    assert (step.action, step.number) == ("reopen", 3)


def test_renewed_before_its_expiry_closes_the_issue():
    [step] = plan([], [issue(EVIDENCE, 4)], NOW)
    assert (step.action, step.number) == ("close", 4) and "renewed" in step.comment


def test_gone_past_its_expiry_it_lapsed_and_stays_open_saying_so_once():
    later = datetime(2026, 12, 6, tzinfo=timezone.utc)
    [step] = plan([], [issue(EVIDENCE, 4)], later)
    assert (step.action, step.number) == ("lapsed", 4) and step.title.startswith(LAPSED)
    assert plan([], [issue(EVIDENCE, 4, title=step.title)], later) == []


def test_issues_of_others_and_closed_ones_are_left_alone():
    others = [{"number": 9, "title": "Unrelated", "body": "no marker", "state": "OPEN"},
              issue(WAIVER, 5, state="CLOSED")]
    assert plan([], others, NOW) == []
