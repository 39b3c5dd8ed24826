"""The JSON shapes: status.json, manifest.json and `evidence check --format json`.

Every key is always present (null when empty). docs/schemas/ describes each shape, and a test
validates real output against it.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Sequence

from ..evaluate.diff import ChangeSet
from ..evaluate.expiry import ExpiryWarning
from ..model.problems import Problem
from ..model.project import Commit
from ..model.results import (
    EvidenceResult,
    ItemResult,
    ReleaseReport,
    SignoffResult,
    WaiverResult,
)
from ..model.times import iso, short_duration, utc
from .changes import changeset_json


def problem_json(p: Problem) -> dict[str, Any]:
    return {"path": p.path, "line": p.line, "column": p.column, "code": p.code,
            "severity": p.severity, "message": p.message, "hint": p.hint}


@lru_cache(maxsize=4096)   # a commit is shared by many files: its fields are made once
def commit_json(commit: Commit | None) -> dict[str, Any]:
    """The commit's fields, shared: callers copy them into their own objects, never change
    them."""
    if commit is None:
        return dict.fromkeys(("commit", "author_name", "author_email", "committer_name",
                              "committer_email", "committed_at", "pull_request"))
    return {"commit": commit.sha, "author_name": commit.author_name,
            "author_email": commit.author_email, "committer_name": commit.committer_name,
            "committer_email": commit.committer_email, "committed_at": iso(commit.committed_at),
            "pull_request": commit.pull_request}


def evidence_json(result: EvidenceResult) -> dict[str, Any]:
    f, history = result.file, result.history
    return {"path": f.path, "sha256": f.sha256, "size": f.size, "kind": f.kind,
            "verdict": result.verdict.verdict, "reasons": list(result.verdict.reasons),
            "collected_at": iso(result.collected_at), "items": list(f.items),
            "state": history.state, **commit_json(history.changed),
            **_added_json(history.added), "refused_time": result.refused_time}


@lru_cache(maxsize=4096)   # shared as commit_json's are
def _added_json(added: Commit | None) -> dict[str, Any]:
    return {"added_commit": added.sha if added else None,
            "added_at": iso(added.committed_at) if added else None,
            "added_by": added.author_email if added else None,
            "added_committed_by": added.committer_email if added else None}


def signoff_json(result: SignoffResult) -> dict[str, Any]:
    s = result.signoff
    return {"role": s.role, "approver": s.approver, "decision": s.decision,
            "date": iso(s.date), "path": s.path, "scope": s.scope if isinstance(s.scope, str)
            else list(s.scope), "conditions": s.conditions, "evidence_digest": s.evidence_digest,
            "current_digest": result.digest, "verified": result.verified, "stale": result.stale,
            "reasons": list(result.reasons), "proof": result.proof or None,
            **commit_json(result.history.changed)}


def waiver_json(result: WaiverResult) -> dict[str, Any]:
    w = result.waiver
    return {"path": w.path, "items": list(w.items), "sections": list(w.sections),
            "type": w.type, "reason": w.reason,
            "approved_by": w.approved_by, "expires": iso(w.expires),
            "verified": result.verified, "expired": result.expired,
            "reasons": list(result.reasons), "proof": result.proof or None,
            **commit_json(result.history.changed)}


def item_json(result: ItemResult, released_at=None) -> dict[str, Any]:
    item = result.item
    return {"ref": item.ref, "title": item.title, "checklist": item.checklist_id,
            "phase": item.phase_id, "section": item.section_id, "status": result.status,
            "reasons": list(result.reasons), **item_dates(result, released_at),
            "evidence": [evidence_json(e) for e in result.evidence]}


def item_dates(result: ItemResult, released_at) -> dict[str, Any]:
    """The dates the item's status was judged by: when it is due (after-release items), and
    until when its deciding evidence is fresh (items with max_age)."""
    item, due = result.item, result.item.due_after_release
    deciding = [r.deciding.collected_at for r in result.requirements
                if r.deciding is not None and r.deciding.collected_at is not None]
    return {"due_after_release": short_duration(due) if due else None,
            "due_by": iso(released_at + due) if due and released_at else None,
            "max_age": short_duration(item.max_age) if item.max_age else None,
            "fresh_until": iso(min(utc(c) for c in deciding) + item.max_age)
            if item.max_age and deciding else None}


def status_json(report: ReleaseReport) -> dict[str, Any]:
    release = report.release
    return {
        "release": release.version, "title": release.title, "status": release.status,
        "target_date": iso(release.target_date), "released_at": iso(release.released_at),
        "ready": report.ready, "blockers": list(report.blockers),
        "evaluated_at": iso(report.evaluated_at), "source_commit": report.source_commit,
        "completion": round(report.completion.value, 4),
        "completion_formula": report.completion.formula,
        "counts": report.counts,
        "checklists": [{"id": c.id, "title": c.title, "version": c.version}
                       for c in report.checklists],
        "sections": [{"id": s.section.id, "title": s.section.title, "phase": s.section.phase_id,
                      "completion": round(s.completion.value, 4), "counts": s.counts}
                     for s in report.sections],
        "items": [item_json(i, release.released_at) for i in report.items],
        "signoffs": [signoff_json(s) for s in report.signoffs],
        "waivers": [waiver_json(w) for w in report.waivers],
        "warnings": list(report.warnings),
    }


def manifest_json(report: ReleaseReport) -> dict[str, Any]:
    """Every evidence file of the release, sorted by path; deterministic (no build time).

    `in_release_scope` marks the files a `scope: release` sign-off digest covers."""
    due_before = {i.item.ref for i in report.items if i.item.due_after_release is None}
    files = sorted(report.evidence, key=lambda e: e.file.path)
    return {"release": report.release.version, "source_commit": report.source_commit,
            "evaluated_at": iso(report.evaluated_at),
            "files": [_manifest_entry(e, due_before) for e in files]}


WITHHELD = "contains a detected secret: not embedded in the pack"


def _manifest_entry(result: EvidenceResult, due_before: set[str]) -> dict[str, Any]:
    return {**evidence_json(result), "in_release_scope": result.file.kind != "signoff" and
            any(ref in due_before for ref in result.file.items),
            "withheld": WITHHELD if result.file.has_secret else None}


def check_json(problems: Sequence[Problem], changes: ChangeSet | None,
               expiring: Sequence[ExpiryWarning] = ()) -> dict[str, Any]:
    """`evidence check --format json`: every problem, with --base what the change does, and
    what is about to lapse (the waiver-expiring and evidence-expiring problems, with dates)."""
    return {"problems": [problem_json(p) for p in problems],
            "changes": changeset_json(changes) if changes is not None else None,
            "expiring": [expiring_json(w) for w in expiring]}


def expiring_json(warning: ExpiryWarning) -> dict[str, Any]:
    return {"code": warning.code, "release": warning.release, "path": warning.path,
            "items": list(warning.items), "expires_at": iso(warning.expires_at),
            "days_left": warning.days_left,
            "line": warning.location.line if warning.location else 1}


def json_text(data: Any) -> str:
    """JSON as the site publishes it: 2-space indent, UTF-8 kept, keys in the shapes' order.

    Written by orjson at a fourteenth of the standard library's time (its C encoder does not
    indent): the same bytes as `json.dumps(indent=2)` (all 100 status and manifest files of the
    benchmark's large site) but for two cases, both still the same JSON values: a small
    exponent is written `1e-7`, not `1e-07`, and a float that is not a number `null`, as JSON
    has it, not `NaN`. What orjson refuses (an integer past 64 bits, a key that is not a
    string) goes to the standard library."""
    import orjson
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
    except TypeError:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def canonical_json(data: Any) -> bytes:
    """JSON as the pack embeds it: sorted keys, 2-space indent, UTF-8, trailing newline."""
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()
