"""Diffs of two constructed releases, and of every release between a base and a head."""
from __future__ import annotations

import json

from generator.evaluate.diff import diff_report_sets, diff_reports
from generator.outputs.changes import (
    changeset_json,
    changeset_markdown,
    changeset_text,
    diff_json,
    diff_markdown,
    diff_text,
)
from tests.helpers.reports import evidence, report, signoff

RATE = "security-configuration/rate-limiting"
TLS = "security-configuration/tls"
RUNBOOK = "operations/runbook"
BACKUP = "operations/backups"
SMOKE = "operations/smoke-tests"


def old_release():
    return report(
        "v1.3.0",
        {RATE: "missing", TLS: "complete", RUNBOOK: "complete", BACKUP: "failed"},
        evidence=[
            evidence("evidence/v1.3.0/security-configuration/tls/scan.json", "tls v1", items=[TLS]),
            evidence("evidence/v1.3.0/operations/runbook/runbook.md", "runbook v1", items=[RUNBOOK]),
            evidence("evidence/v1.3.0/operations/backups/restore.log", "restore", items=[BACKUP]),
            evidence("evidence/_common/policies/access.md", "policy v1", items=[TLS]),
        ],
        signoffs=[signoff("evidence/v1.3.0/signoffs/security.yml", "security", "jane@example.com"),
                  signoff("evidence/v1.3.0/signoffs/ops.yml", "ops", "raj@example.com")],
        ready=False)


def new_release():
    return report(
        "v1.4.0",
        {RATE: "failed", TLS: "complete", RUNBOOK: "stale", SMOKE: "complete"},
        reasons={RATE: ("headers.http: header ratelimit-limit is absent",),
                 RUNBOOK: ("runbook.md collected 2026-09-01, older than max_age 30d",)},
        evidence=[
            evidence("evidence/v1.4.0/security-configuration/tls/scan.json", "tls v1", items=[TLS]),
            evidence("evidence/v1.4.0/security-configuration/rate-limiting/headers.http",
                     "HTTP/2 200", items=[RATE]),
            evidence("evidence/v1.4.0/operations/runbook/runbook.md", "runbook v2", items=[RUNBOOK]),
            evidence("evidence/_common/policies/access.md", "policy v2", items=[TLS]),
            evidence("evidence/v1.4.0/operations/smoke-tests/junit.xml", "<testsuite/>", items=[SMOKE]),
        ],
        signoffs=[signoff("evidence/v1.4.0/signoffs/security.yml", "security", "jane@example.com",
                          stale=True),
                  signoff("evidence/v1.4.0/signoffs/release-manager.yml", "release-manager",
                          "li@example.com", decision="rejected")],
        ready=False)


def test_status_changes_carry_the_new_reasons():
    diff = diff_reports(old_release(), new_release())
    assert [(c.ref, c.before, c.after, c.reasons) for c in diff.status_changes] == [
        (RATE, "missing", "failed", ("headers.http: header ratelimit-limit is absent",)),
        (RUNBOOK, "complete", "stale", ("runbook.md collected 2026-09-01, older than max_age 30d",)),
    ]


def test_items_added_and_removed_from_definitions():
    diff = diff_reports(old_release(), new_release())
    assert [(e.ref, e.status) for e in diff.items_added] == [(SMOKE, "complete")]
    assert [(e.ref, e.status) for e in diff.items_removed] == [(BACKUP, "failed")]


def test_evidence_matched_by_path_inside_the_release_folder():
    diff = diff_reports(old_release(), new_release())
    assert [(f.change, f.path) for f in diff.evidence] == [
        ("changed", "evidence/_common/policies/access.md"),
        ("removed", "evidence/v1.3.0/operations/backups/restore.log"),
        ("changed", "evidence/v1.4.0/operations/runbook/runbook.md"),
        ("added", "evidence/v1.4.0/operations/smoke-tests/junit.xml"),
        ("added", "evidence/v1.4.0/security-configuration/rate-limiting/headers.http"),
    ]
    changed = diff.evidence[2]
    assert changed.sha_before != changed.sha_after and None not in (changed.sha_before,
                                                                    changed.sha_after)


def test_signoffs_added_removed_and_made_stale():
    diff = diff_reports(old_release(), new_release())
    summary = [(s.role, s.change, s.before and s.before.stale, s.after and s.after.decision)
               for s in diff.signoffs]
    assert summary == [("ops", "removed", False, None),
                       ("release-manager", "added", None, "rejected"),
                       ("security", "changed", False, "approved")]
    assert [s.role for s in diff.newly_stale] == ["security"]


def test_completion_and_readiness_before_and_after():
    old, new = old_release(), new_release()
    diff = diff_reports(old, new)
    assert diff.completion_before == old.completion.value == 2 / 4
    assert diff.completion_after == new.completion.value == 2 / 4
    data = diff_json(diff)
    assert data["completion"] == {"before": 0.5, "after": 0.5}
    assert data["ready"] == {"before": False, "after": False}
    json.dumps(data)


def test_identical_reports_have_an_empty_diff():
    diff = diff_reports(new_release(), new_release())
    assert diff.is_empty
    assert "no changes" in diff_text(diff)


def test_first_release_has_everything_added():
    diff = diff_reports(None, new_release())
    assert diff.old is None and diff.completion_before is None and diff.ready_before is None
    assert len(diff.items_added) == 4 and not diff.status_changes
    assert {f.change for f in diff.evidence} == {"added"}


def test_output_is_deterministic():
    a, b = diff_reports(old_release(), new_release()), diff_reports(old_release(), new_release())
    assert diff_json(a) == diff_json(b)
    assert diff_markdown(a) == diff_markdown(b) and diff_text(a) == diff_text(b)


def test_text_lists_each_kind_of_change():
    text = diff_text(diff_reports(old_release(), new_release()))
    assert text.startswith("v1.3.0 → v1.4.0\n")
    assert f"    {RATE}: missing → failed\n      - headers.http: header ratelimit-limit is absent\n" in text
    assert "  evidence: 2 added, 1 removed, 2 changed\n" in text
    assert "    + evidence/v1.4.0/operations/smoke-tests/junit.xml\n" in text
    assert "[now stale]" in text


def test_markdown_escapes_evidence_derived_text():
    hostile = "<script>alert(1)</script> [click](https://evil.example) **x** | @team"
    old = report("v1.3.0", {RATE: "missing"})
    new = report("v1.4.0", {RATE: "failed"}, reasons={RATE: (hostile,)},
                 signoffs=[signoff("evidence/v1.4.0/signoffs/x.yml", "security",
                                   "<img src=x onerror=alert(1)>")])
    markdown = diff_markdown(diff_reports(old, new))
    for raw in ("<script>", "[click]", "](https", "**x**", "| @team", "<img"):
        assert raw not in markdown
    assert "&#60;script&#62;alert&#40;1&#41;" in markdown
    assert "#### Now failed (1)" in markdown
    assert f"| Rate limiting (`{RATE}`) | missing | &#60;script&#62;" in markdown


def test_markdown_table_and_sections():
    markdown = diff_markdown(diff_reports(old_release(), new_release()), heading_level=3)
    assert markdown.startswith("### v1.3.0 → v1.4.0\n")
    assert "| Completion | 50% | 50% |" in markdown
    assert "#### Item status (2)" in markdown
    assert "#### Evidence (2 added, 1 removed, 2 changed)" in markdown
    assert "— **now stale**" in markdown


def test_report_sets_per_release_new_and_removed():
    base = {"v1.3.0": old_release(), "v1.4.0": report("v1.4.0", {RATE: "missing"}),
            "v0.9.0": report("v0.9.0", {RATE: "complete"})}
    head = {"v1.3.0": old_release(), "v1.4.0": new_release(),
            "v1.10.0": report("v1.10.0", {RATE: "missing"})}
    changes = diff_report_sets(base, head)
    assert [d.new for d in changes.releases] == ["v1.3.0", "v1.4.0", "v1.10.0"]
    assert changes.added == ("v1.10.0",)
    assert changes.removed == ("v0.9.0",)
    assert [d.new for d in changes.changed] == ["v1.4.0"]
    v140 = changes.changed[0]
    assert [(c.ref, c.before, c.after) for c in v140.status_changes] == [(RATE, "missing", "failed")]
    assert v140.completion_before == 0.0
    data = changeset_json(changes)
    assert data["added"] == ["v1.10.0"] and data["removed"] == ["v0.9.0"]
    assert [r["new"] for r in data["releases"]] == ["v1.4.0"]
    text = changeset_text(changes)
    assert "new release v1.10.0" in text and "removed release v0.9.0" in text


def test_report_sets_without_changes():
    same = {"v1.4.0": new_release()}
    changes = diff_report_sets(same, {"v1.4.0": new_release()})
    assert changes.is_empty
    assert changeset_markdown(changes) == "No release changes.\n"
