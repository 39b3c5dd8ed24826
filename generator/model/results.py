"""The evaluated release: one ReleaseReport holds everything every output needs.

Outputs (site, PDF, CLI, JSON) read only these objects. `status_json` and `manifest_json`
give the contract's section 9 shapes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..kinds import Verdict
from .project import (
    STATUSES, Checklist, Commit, EvidenceFile, FileHistory, Item, Phase, Release, Section, SignOff,
    Waiver,
)


@dataclass(frozen=True)
class EvidenceResult:
    file: EvidenceFile
    verdict: Verdict
    history: FileHistory
    collected_at: datetime | None       # the time that decides freshness

    @property
    def commit(self) -> Commit | None:
        return self.history.changed


@dataclass(frozen=True)
class SignoffResult:
    signoff: SignOff
    verified: bool
    stale: bool
    reasons: tuple[str, ...] = ()
    history: FileHistory = FileHistory(())
    digest: str = ""                     # digest of its scope now


@dataclass(frozen=True)
class WaiverResult:
    waiver: Waiver
    verified: bool
    expired: bool
    reasons: tuple[str, ...] = ()
    history: FileHistory = FileHistory(())

    @property
    def counts(self) -> bool:
        return self.verified and not self.expired


@dataclass(frozen=True)
class ItemResult:
    item: Item
    status: str
    reasons: tuple[str, ...]
    evidence: tuple[EvidenceResult, ...] = ()
    waiver: WaiverResult | None = None
    signoff: SignoffResult | None = None


def count_statuses(results) -> dict[str, int]:
    counts = {s: 0 for s in STATUSES}
    for r in results:
        counts[r.status] += 1
    return counts


def completion_of(counts: dict[str, int]) -> tuple[float, str]:
    """Completion = (complete + waived) / (all - not-applicable - not-due), and its formula."""
    done = counts["complete"] + counts["waived"]
    total = sum(counts.values())
    denominator = total - counts["not-applicable"] - counts["not-due"]
    value = done / denominator if denominator else 1.0
    formula = (f"({counts['complete']} complete + {counts['waived']} waived) / "
               f"({total} items - {counts['not-applicable']} not-applicable - "
               f"{counts['not-due']} not-due) = {done}/{denominator} = {value:.0%}")
    return value, formula


class _Counted:
    """Counts per status and completion of whatever `items` a result holds."""
    items: tuple[ItemResult, ...]

    @property
    def counts(self) -> dict[str, int]:
        return count_statuses(self.items)

    @property
    def completion(self) -> float:
        return completion_of(self.counts)[0]


@dataclass(frozen=True)
class SectionResult(_Counted):
    section: Section
    items: tuple[ItemResult, ...]


@dataclass(frozen=True)
class PhaseResult(_Counted):
    phase: Phase
    checklist_id: str
    sections: tuple[SectionResult, ...]

    @property
    def items(self) -> tuple[ItemResult, ...]:
        return tuple(i for s in self.sections for i in s.items)


@dataclass(frozen=True)
class ReleaseReport(_Counted):
    release: Release
    checklists: tuple[Checklist, ...]
    phases: tuple[PhaseResult, ...]
    evaluated_at: datetime
    source_commit: str
    ready: bool
    blockers: tuple[str, ...]           # why not ready, one line each
    signoffs: tuple[SignoffResult, ...] = ()
    waivers: tuple[WaiverResult, ...] = ()
    evidence: tuple[EvidenceResult, ...] = ()   # every file of the release (and _common) once
    product_name: str = ""
    previous: str | None = None         # version of the release before this one
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def items(self) -> tuple[ItemResult, ...]:
        return tuple(i for p in self.phases for i in p.items)

    @property
    def sections(self) -> tuple[SectionResult, ...]:
        return tuple(s for p in self.phases for s in p.sections)

    @property
    def completion_formula(self) -> str:
        return completion_of(self.counts)[1]

    @property
    def version(self) -> str:
        return self.release.version


def iso(value) -> str | None:
    if value is None:
        return None
    text = value.isoformat()
    return text.replace("+00:00", "Z")


def commit_json(commit: Commit | None) -> dict[str, Any]:
    if commit is None:
        return {"commit": None, "author_name": None, "author_email": None, "committed_at": None}
    return {"commit": commit.sha, "author_name": commit.author_name,
            "author_email": commit.author_email, "committed_at": iso(commit.committed_at),
            "pull_request": commit.pull_request}


def evidence_json(result: EvidenceResult) -> dict[str, Any]:
    f, history = result.file, result.history
    data = {"path": f.path, "sha256": f.sha256, "size": f.size, "kind": f.kind,
            "verdict": result.verdict.verdict, "reasons": list(result.verdict.reasons),
            "collected_at": iso(result.collected_at), "items": list(f.items),
            "state": history.state}
    data.update(commit_json(history.changed))
    added = history.added
    data["added_commit"] = added.sha if added else None
    data["added_at"] = iso(added.committed_at) if added else None
    data["added_by"] = added.author_email if added else None
    return data


def signoff_json(result: SignoffResult) -> dict[str, Any]:
    s = result.signoff
    return {"role": s.role, "approver": s.approver, "decision": s.decision,
            "date": iso(s.date), "path": s.path, "scope": s.scope if isinstance(s.scope, str)
            else list(s.scope), "conditions": s.conditions, "evidence_digest": s.evidence_digest,
            "current_digest": result.digest, "verified": result.verified, "stale": result.stale,
            "reasons": list(result.reasons), **commit_json(result.history.changed)}


def waiver_json(result: WaiverResult) -> dict[str, Any]:
    w = result.waiver
    return {"path": w.path, "items": list(w.items), "type": w.type, "reason": w.reason,
            "approved_by": w.approved_by, "expires": iso(w.expires),
            "verified": result.verified, "expired": result.expired,
            "reasons": list(result.reasons), **commit_json(result.history.changed)}


def item_json(result: ItemResult) -> dict[str, Any]:
    item = result.item
    return {"ref": item.ref, "title": item.title, "checklist": item.checklist_id,
            "phase": item.phase_id, "section": item.section_id, "status": result.status,
            "reasons": list(result.reasons),
            "evidence": [evidence_json(e) for e in result.evidence]}


def status_json(report: ReleaseReport) -> dict[str, Any]:
    release = report.release
    return {
        "release": release.version, "title": release.title, "status": release.status,
        "ready": report.ready, "blockers": list(report.blockers),
        "evaluated_at": iso(report.evaluated_at), "source_commit": report.source_commit,
        "completion": round(report.completion, 4), "completion_formula": report.completion_formula,
        "counts": report.counts,
        "checklists": [{"id": c.id, "title": c.title, "version": c.version}
                       for c in report.checklists],
        "sections": [{"id": s.section.id, "title": s.section.title, "phase": s.section.phase_id,
                      "completion": round(s.completion, 4), "counts": s.counts}
                     for s in report.sections],
        "items": [item_json(i) for i in report.items],
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
    entry = {**evidence_json(result), "in_release_scope": result.file.kind != "signoff" and
             any(ref in due_before for ref in result.file.items)}
    if result.file.has_secret:
        entry["withheld"] = WITHHELD
    return entry
