"""Sign-offs and waivers judged against git: verified, stale, expired, with their reasons."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from ..history import History
from ..model.project import COMMON, EvidenceFile, Project
from ..model.results import SignoffResult, WaiverResult
from .approvals import verify_signoff, verify_waiver
from .digest import evidence_in_scope, scope_digest


@dataclass(frozen=True)
class Records:
    signoffs: Mapping[str, tuple[SignoffResult, ...]]     # release -> its sign-offs
    waivers: Mapping[str, tuple[WaiverResult, ...]]       # release -> its waivers
    warnings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)   # release -> notes


def judge_records(project: Project, history: History, as_of: datetime) -> Records:
    signoffs, warnings = _signoff_results(project, history)
    return Records(signoffs, _waiver_results(project, history, as_of), warnings)


def _release_evidence(project: Project) -> dict[str, list[EvidenceFile]]:
    by_release: dict[str, list[EvidenceFile]] = {}
    for f in project.evidence:
        by_release.setdefault(f.release, []).append(f)
    return by_release


def _signoff_results(project: Project, history: History):
    """Sign-offs verified against git (docs/provenance.md), with segregation-of-duties notes."""
    items = project.items_by_ref()
    by_release = _release_evidence(project)
    results: dict[str, list[SignoffResult]] = {}
    warnings: dict[str, list[str]] = {}
    for signoff in project.signoffs:
        candidates = by_release.get(signoff.release, []) + by_release.get(COMMON, [])
        files = evidence_in_scope(signoff.scope, candidates, items)
        digest = scope_digest((f.path, f.sha256) for f in files)
        record = history.file(signoff.path)
        verdict = verify_signoff(signoff, project.roles, record, files, history.files, digest)
        if verdict.separation_warning:
            warnings.setdefault(signoff.release, []).append(
                f"{signoff.path}: {verdict.separation_warning}")
        results.setdefault(signoff.release, []).append(SignoffResult(
            signoff, verdict.verified, verdict.stale, verdict.reasons, record, digest))
    return ({k: tuple(v) for k, v in results.items()},
            {k: tuple(v) for k, v in warnings.items()})


def _waiver_results(project: Project, history: History,
                    as_of: datetime) -> dict[str, tuple[WaiverResult, ...]]:
    """Waivers verified against the owning role of every section they touch."""
    items = project.items_by_ref()
    owners = {s.id: s.owner for c in project.checklists for s in c.sections}
    results: dict[str, list[WaiverResult]] = {}
    for waiver in project.waivers:
        record = history.file(waiver.path)
        roles = sorted({owners.get(items[r].section_id) for r in waiver.items if r in items},
                       key=str) or [None]
        verdicts = [verify_waiver(waiver, project.roles, role, record, as_of.date())
                    for role in roles]
        reasons = tuple(dict.fromkeys(r for v in verdicts for r in v.reasons))
        results.setdefault(waiver.release, []).append(WaiverResult(
            waiver, all(v.verified for v in verdicts), verdicts[0].expired, reasons, record))
    return {k: tuple(v) for k, v in results.items()}
