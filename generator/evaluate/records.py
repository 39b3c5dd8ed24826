"""Sign-offs and waivers judged against git: verified, stale, expired, with their reasons."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from ..history import History
from ..history.rosters import Rosters
from ..model.project import COMMON, EvidenceFile, Project
from ..model.results import SignoffResult, WaiverResult
from .approvals import FORGE_COMMITTERS, GitFacts, verify_signoff, verify_waiver
from .digest import evidence_in_scope, scope_digest
from .timing import judgment_time


@dataclass(frozen=True)
class Records:
    signoffs: Mapping[str, tuple[SignoffResult, ...]]     # release -> its sign-offs
    waivers: Mapping[str, tuple[WaiverResult, ...]]       # release -> its waivers
    warnings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)   # release -> notes


def judge_records(project: Project, history: History, rosters: Rosters, as_of: datetime,
                  signatures: Mapping[str, str] | None = None) -> Records:
    """`signatures`: each record commit's signature check, when signed records are required."""
    facts = GitFacts(history, rosters, project.roles, trusted_committers(project), signatures)
    signoffs, warnings = _signoff_results(project, facts)
    return Records(signoffs, _waiver_results(project, facts, as_of), warnings)


def trusted_committers(project: Project) -> frozenset[str]:
    """The forge's merge committers, and those mkdocs.yml lists as trusted committers."""
    listed = project.settings.get("trusted_committers") or ()
    return FORGE_COMMITTERS | {str(a).lower() for a in listed}


def _release_evidence(project: Project) -> dict[str, list[EvidenceFile]]:
    by_release: dict[str, list[EvidenceFile]] = {}
    for f in project.evidence:
        by_release.setdefault(f.release, []).append(f)
    return by_release


def _signoff_results(project: Project, facts: GitFacts):
    """Sign-offs verified against git (docs/provenance.md), with segregation-of-duties notes."""
    items = project.items_by_ref()
    by_release = _release_evidence(project)
    results: dict[str, list[SignoffResult]] = {}
    warnings: dict[str, list[str]] = {}
    scopes: dict[tuple, tuple[list[EvidenceFile], str]] = {}
    for signoff in project.signoffs:
        scope = (signoff.release, signoff.scope)
        if scope not in scopes:      # most sign-offs of a release share its scope
            candidates = by_release.get(signoff.release, []) + by_release.get(COMMON, [])
            files = evidence_in_scope(signoff.scope, candidates, items)
            scopes[scope] = files, scope_digest((f.path, f.sha256) for f in files)
        files, digest = scopes[scope]
        record = facts.history.file(signoff.path)
        verdict = verify_signoff(signoff, record, files, digest, facts)
        if verdict.separation_warning:
            warnings.setdefault(signoff.release, []).append(
                f"{signoff.path}: {verdict.separation_warning}")
        results.setdefault(signoff.release, []).append(SignoffResult(
            signoff, verdict.verified, verdict.stale, verdict.reasons, record, digest,
            verdict.proof, verdict.foreign))
    return ({k: tuple(v) for k, v in results.items()},
            {k: tuple(v) for k, v in warnings.items()})


def _waiver_results(project: Project, facts: GitFacts,
                    as_of: datetime) -> dict[str, tuple[WaiverResult, ...]]:
    """Waivers verified against the owning role of every section they touch."""
    items = project.items_by_ref()
    owners = {s.id: s.owner for c in project.checklists for s in c.sections}
    results: dict[str, list[WaiverResult]] = {}
    releases = {r.version: r for r in project.releases}
    for waiver in project.waivers:
        release = releases.get(waiver.release)
        when = judgment_time(release, project.checklists, as_of) if release else as_of
        record = facts.history.file(waiver.path)
        roles = sorted({owners.get(items[r].section_id) for r in waiver.items if r in items},
                       key=str) or [None]
        verdicts = [verify_waiver(waiver, role, record, when.date(), facts) for role in roles]
        reasons = tuple(dict.fromkeys(r for v in verdicts for r in v.reasons))
        results.setdefault(waiver.release, []).append(WaiverResult(
            waiver, all(v.verified for v in verdicts), verdicts[0].expired, reasons, record,
            verdicts[0].proof if all(v.verified for v in verdicts) else "",
            tuple(dict.fromkeys(sha for v in verdicts for sha in v.foreign))))
    return {k: tuple(v) for k, v in results.items()}
