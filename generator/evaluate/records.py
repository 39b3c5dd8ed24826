"""Sign-offs and waivers judged against git: verified, stale, expired, with their reasons."""
from __future__ import annotations

from collections import abc
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Collection, Iterator, Mapping

from ..history import History
from ..history.rosters import Rosters
from ..model.project import COMMON, EvidenceFile, Project, SignOff, Waiver
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
    return RecordJudge(project, history, rosters, as_of, signatures).judge()


class RecordJudge:
    """Sign-offs and waivers judged for some releases or all, with what every release shares
    (the items, each release's evidence, git's facts) made once."""

    def __init__(self, project: Project, history: History, rosters: Rosters, as_of: datetime,
                 signatures: Mapping[str, str] | None = None):
        self.project, self.as_of = project, as_of
        self.facts = GitFacts(history, rosters, project.roles, trusted_committers(project),
                              signatures)
        self.items = project.items_by_ref()
        self.evidence = _release_evidence(project)

    def judge(self, releases: Collection[str] | None = None) -> Records:
        """The records of `releases` (of every release when None)."""
        signoffs, warnings = _signoff_results(self, [
            s for s in self.project.signoffs if releases is None or s.release in releases])
        return Records(signoffs, _waiver_results(self, [
            w for w in self.project.waivers if releases is None or w.release in releases]),
            warnings)

    def lazily(self) -> Records:
        """Records whose releases are judged when first asked for, one release at a time."""
        judged: dict[str, Records] = {}

        def of(version: str) -> Records:
            if version not in judged:
                judged[version] = self.judge({version})
            return judged[version]
        return Records(*(_ByRelease(of, part) for part in ("signoffs", "waivers", "warnings")))


class _ByRelease(abc.Mapping):
    """One part of each release's Records, read through `of(version)`."""

    def __init__(self, of: Callable[[str], Records], part: str):
        self.of, self.part = of, part

    def __getitem__(self, version: str):
        return getattr(self.of(version), self.part)[version]

    def __iter__(self) -> Iterator[str]:
        raise TypeError("the releases of lazily judged records are not listed")

    def __len__(self) -> int:
        raise TypeError("the releases of lazily judged records are not counted")


def trusted_committers(project: Project) -> frozenset[str]:
    """The forge's merge committers, and those mkdocs.yml lists as trusted committers."""
    listed = project.settings.get("trusted_committers") or ()
    return FORGE_COMMITTERS | {str(a).lower() for a in listed}


def _release_evidence(project: Project) -> dict[str, list[EvidenceFile]]:
    by_release: dict[str, list[EvidenceFile]] = {}
    for f in project.evidence:
        by_release.setdefault(f.release, []).append(f)
    return by_release


def _signoff_results(judge: RecordJudge, signoffs: list[SignOff]):
    """Sign-offs verified against git (docs/provenance.md), with segregation-of-duties notes."""
    items, by_release, facts = judge.items, judge.evidence, judge.facts
    results: dict[str, list[SignoffResult]] = {}
    warnings: dict[str, list[str]] = {}
    scopes: dict[tuple, tuple[list[EvidenceFile], str]] = {}
    for signoff in signoffs:
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


def _waiver_results(judge: RecordJudge,
                    waivers: list[Waiver]) -> dict[str, tuple[WaiverResult, ...]]:
    """Waivers verified against the owning role of every section they touch."""
    project, items, facts, as_of = judge.project, judge.items, judge.facts, judge.as_of
    owners = {s.id: s.owner for c in project.checklists for s in c.sections}
    results: dict[str, list[WaiverResult]] = {}
    releases = {r.version: r for r in project.releases}
    for waiver in waivers:
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
