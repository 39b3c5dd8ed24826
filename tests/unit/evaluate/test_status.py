"""The status rules, in process, on model objects: no repository, no git, no files."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from generator.evaluate.records import Records
from generator.evaluate.status import evaluate_releases
from generator.history import History
from generator.model.project import (
    Checklist,
    Commit,
    EvidenceFile,
    FileHistory,
    Item,
    Phase,
    Project,
    Release,
    Requirement,
    Section,
    SignOff,
    Waiver,
)
from generator.model.results import SignoffResult, Verdict, WaiverResult

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
SHA = "a" * 40


def commit(when: datetime = NOW - timedelta(days=1), author: str = "ada@example.com") -> Commit:
    return Commit(SHA, "Ada", author, when, "Ada", author, when)


def item(ref: str, *kinds: str, **fields) -> Item:
    section, _, item_id = ref.partition("/")
    requires = tuple(Requirement(k) for k in kinds) or (Requirement(),)
    return Item(ref=ref, id=item_id, title=item_id.title(), section_id=section, phase_id="pre",
                checklist_id="deploy", requires=requires, **fields)


def project(items: list[Item], files: list[EvidenceFile], release: Release) -> Project:
    sections = tuple(Section(s, s, "pre", tuple(i for i in items if i.section_id == s))
                     for s in dict.fromkeys(i.section_id for i in items))
    checklist = Checklist("deploy", "Deploy", 1, (Phase("pre", "Pre", sections),), "c.yml")
    return Project("/r", (checklist,), {}, (release,), tuple(files), (), ())


def evidence(path: str, ref: str, kind: str = "any", collected: datetime | None = None,
             declared: bool = False) -> EvidenceFile:
    return EvidenceFile(path, "v1", (ref,), kind, "0" * 64, 1, collected=collected,
                        kind_declared=declared)


def judge(items, files, verdicts=None, histories=None, release=None, waivers=(), signoffs=(),
          serving_nothing=()):
    """Evaluate one release; `verdicts` maps path -> Verdict for requirement 0 of its item.
    Files in `serving_nothing` get no verdict, as the loader leaves a file whose kind serves
    no requirement of its item."""
    release = release or Release("v1", "evidence/v1/release.yml", checklists=("deploy",))
    verdicts = {(f.path, f.items[0], 0): (verdicts or {}).get(f.path, Verdict("pass"))
                for f in files if f.path not in serving_nothing}
    committed = {f.path: FileHistory((commit(),)) for f in files}
    history = History(files={**committed, **(histories or {})}, head=commit(NOW))
    records = Records({"v1": tuple(signoffs)}, {"v1": tuple(waivers)})
    [report] = evaluate_releases(project(items, files, release), verdicts, history, records, NOW)
    return {r.item.ref: r for r in report.items}, report


def test_passing_committed_evidence_is_complete_and_records_what_decided():
    results, report = judge([item("s/a")], [evidence("evidence/v1/s/a/x.txt", "s/a")])
    assert results["s/a"].status == "complete"
    [requirement] = results["s/a"].requirements
    assert requirement.deciding.file.path == "evidence/v1/s/a/x.txt"
    assert report.ready and report.completion.value == 1.0


def test_no_evidence_is_missing_and_blocks():
    results, report = judge([item("s/a", "junit")], [])
    assert results["s/a"].status == "missing"
    assert results["s/a"].reasons == ("no junit evidence",)
    assert not report.ready and report.blockers[0].startswith("s/a is missing")


def test_a_failing_check_fails():
    files = [evidence("evidence/v1/s/a/r.xml", "s/a", "junit")]
    results, _ = judge([item("s/a", "junit")], files,
                       {files[0].path: Verdict("fail", ("2 of 5 tests failed",))})
    assert results["s/a"].status == "failed"
    assert results["s/a"].reasons == ("evidence/v1/s/a/r.xml: 2 of 5 tests failed",)


def test_old_evidence_is_stale_under_max_age():
    old = evidence("evidence/v1/s/a/x.txt", "s/a", collected=NOW - timedelta(days=10))
    results, _ = judge([item("s/a", max_age=timedelta(days=7))], [old])
    assert results["s/a"].status == "stale"
    assert "older than max_age 7d" in results["s/a"].reasons[0]


def test_uncommitted_evidence_is_unverified():
    f = evidence("evidence/v1/s/a/x.txt", "s/a")
    results, _ = judge([item("s/a")], [f], histories={f.path: FileHistory((), "uncommitted")})
    assert results["s/a"].status == "unverified"


def test_applies_if_without_the_tag_is_not_applicable():
    results, report = judge([item("s/a", applies_if="pci")], [])
    assert results["s/a"].status == "not-applicable" and results["s/a"].requirements == ()
    assert report.completion.counted == 0 and report.completion.percent is None


def test_a_counting_waiver_waives_and_an_expired_one_does_not():
    waiver = Waiver("evidence/v1/waivers/w.yml", "v1", ("s/a",), "accepted-risk", "later",
                    "ada@example.com")
    counting = WaiverResult(waiver, verified=True, expired=False)
    results, _ = judge([item("s/a")], [], waivers=[counting])
    assert results["s/a"].status == "waived"
    expired = replace(counting, expired=True, reasons=("expired on 2026-11-01",))
    results, _ = judge([item("s/a")], [], waivers=[expired])
    assert results["s/a"].status == "missing"
    assert any("does not count: expired on 2026-11-01" in r for r in results["s/a"].reasons)


def test_an_after_release_item_is_not_due_until_its_window_ends():
    late = item("s/a", due_after_release=timedelta(hours=24))
    released = Release("v1", "evidence/v1/release.yml", checklists=("deploy",),
                       released_at=NOW - timedelta(hours=2))
    results, report = judge([late], [], release=released)
    assert results["s/a"].status == "not-due" and report.ready
    overdue = replace(released, released_at=NOW - timedelta(days=2))
    results, _ = judge([late], [], release=overdue)
    assert results["s/a"].status == "missing"


def test_signoff_requirement_follows_the_record():
    needs = item("s/a", "signoff", signoff_role="security")
    record = SignOff("evidence/v1/signoffs/security.yml", "v1", "security", "sam@example.com",
                     "approved", NOW.date())
    good = SignoffResult(record, verified=True, stale=False)
    assert judge([needs], [], signoffs=[good])[0]["s/a"].status == "complete"
    forged = replace(good, verified=False, reasons=("commit abc by mallory",))
    assert judge([needs], [], signoffs=[forged])[0]["s/a"].status == "unverified"
    rejected = replace(good, signoff=replace(record, decision="rejected"))
    results, report = judge([needs], [], signoffs=[rejected])
    assert results["s/a"].status == "failed" and not report.ready


def test_the_worst_requirement_decides_and_every_reason_is_kept():
    files = [evidence("evidence/v1/s/a/r.xml", "s/a", "junit")]
    both = item("s/a", "junit", "runbook")
    results, _ = judge([both], files, {files[0].path: Verdict("fail", ("1 failed",))})
    assert results["s/a"].status == "failed"
    assert [r.status for r in results["s/a"].requirements] == ["failed", "missing"]
    assert "no runbook evidence" in results["s/a"].reasons


def test_a_runbook_met_by_an_undeclared_markdown_file_warns_before_it_goes_stale():
    """The expiry warning reads the file the evaluation chose, whatever its kind."""
    from generator.evaluate.expiry import expiring
    runbook = item("ops/runbook", "runbook", max_age=timedelta(days=30))
    notes = evidence("evidence/v1/ops/runbook/notes.md", "ops/runbook", "document",
                     collected=NOW - timedelta(days=27))
    results, report = judge([runbook], [notes])
    assert results["ops/runbook"].status == "complete"
    [warning] = expiring(report, NOW, warn_days=7)
    assert warning.path == notes.path and warning.days_left == 3


def test_precedence_is_the_documented_order_with_unverified_before_stale():
    from generator.model.status import STATUSES
    assert STATUSES == ("not-applicable", "waived", "failed", "not-due", "missing",
                        "unverified", "stale", "complete")


def test_uncommitted_and_old_evidence_is_unverified_and_keeps_both_reasons():
    old = evidence("evidence/v1/s/a/x.txt", "s/a", collected=NOW - timedelta(days=10))
    results, _ = judge([item("s/a", max_age=timedelta(days=7))], [old],
                       histories={old.path: FileHistory((), "uncommitted")})
    assert results["s/a"].status == "unverified"
    first, second = results["s/a"].reasons
    assert first == "evidence/v1/s/a/x.txt is uncommitted: commit it so its provenance is known"
    assert "older than max_age 7d" in second


def test_a_forged_signoff_whose_scope_changed_is_unverified_not_stale():
    needs = item("s/a", "signoff", signoff_role="security")
    record = SignOff("evidence/v1/signoffs/security.yml", "v1", "security", "sam@example.com",
                     "approved", NOW.date())
    forged = SignoffResult(record, verified=False, stale=True, reasons=(
        "commit abc by mallory@example.com is not by the approver",
        "evidence in scope changed since sign-off (digest 1111 recorded, 2222 now)"))
    result = judge([needs], [], signoffs=[forged])[0]["s/a"]
    assert result.status == "unverified"
    assert result.reasons[0] == "evidence/v1/signoffs/security.yml: signer not proven (and stale)"
    assert any("mallory" in r for r in result.reasons)
    assert any("changed since sign-off" in r for r in result.reasons)


def test_a_file_that_serves_no_requirement_is_named_with_the_kind_to_declare():
    """curl -v output recognised as `any` in an item that asks for http-headers."""
    stray = evidence("evidence/v1/sec/headers/curl.txt", "sec/headers", "any")
    results, report = judge([item("sec/headers", "http-headers")], [stray],
                            serving_nothing={stray.path})
    result = results["sec/headers"]
    assert result.status == "missing"
    assert result.reasons == (
        "no http-headers evidence (evidence/v1/sec/headers/curl.txt serves no requirement "
        "of this item)",
        "evidence/v1/sec/headers/curl.txt serves no requirement of this item: it was "
        "recognised as any; if it is http-headers evidence, declare `kind: http-headers` in "
        "evidence/v1/sec/headers/curl.txt.meta.yml")
    assert report.blockers[0] == "sec/headers is missing: " + "; ".join(result.reasons)


def test_a_supporting_file_of_a_complete_item_is_named_too():
    files = [evidence("evidence/v1/qa/tests/report.xml", "qa/tests", "junit"),
             evidence("evidence/v1/qa/tests/ci.png", "qa/tests", "screenshot", declared=True)]
    results, _ = judge([item("qa/tests", "junit")], files,
                       serving_nothing={"evidence/v1/qa/tests/ci.png"})
    result = results["qa/tests"]
    assert result.status == "complete"
    assert result.reasons[-1] == ("evidence/v1/qa/tests/ci.png serves no requirement of this "
                                  "item: its declared kind is screenshot; if it is junit "
                                  "evidence, declare `kind: junit` in "
                                  "evidence/v1/qa/tests/ci.png.meta.yml")


def test_signoff_records_bound_to_an_item_are_not_called_unused():
    record = evidence("evidence/v1/signoffs/security.yml", "s/a", "signoff")
    results, _ = judge([item("s/a", "signoff", signoff_role="security")], [record],
                       serving_nothing={record.path})
    assert not any("serves no requirement" in r for r in results["s/a"].reasons)


def test_notes_of_the_deciding_file_are_among_the_reasons():
    f = evidence("evidence/v1/qa/tests/r.xml", "qa/tests", "junit")
    note = ("unclear-time", "timestamp '2023-08-13T13:26:48 IST': 'IST' names several zones")
    results, _ = judge([item("qa/tests", "junit")], [f], {f.path: Verdict("pass", notes=(note,))})
    assert results["qa/tests"].status == "complete"
    assert results["qa/tests"].reasons[-1] == f"{f.path}: {note[1]}"
