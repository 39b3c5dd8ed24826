"""Pure evaluation: evidence verdicts, provenance and records -> item statuses -> ReleaseReport.

No I/O. Statuses follow docs/format.md: the first rule that applies wins.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Callable, Mapping

from ..history import History
from ..model.problems import Problem, problem
from ..model.project import (
    COMMON,
    NOT_COMMITTED,
    EvidenceFile,
    FileHistory,
    Item,
    Location,
    Project,
    Release,
    RosterChange,
)
from ..model.results import (
    EvidenceResult,
    ItemResult,
    PhaseResult,
    ReleaseReport,
    RequirementResult,
    SectionResult,
    SignoffResult,
    Verdict,
    WaiverResult,
)
from ..model.status import STATUSES
from ..model.times import iso, short_duration
from .collected import collected_time
from .records import Records
from .timing import judgment_time

SUPPORTING = Verdict("supporting", ("supporting evidence: serves no requirement of this item",))
RECORD_KINDS = ("signoff", "waiver")      # bound to items, but count through the record rules


@dataclass(frozen=True)
class Inputs:
    project: Project
    verdicts: Mapping[tuple[str, str, int], Verdict]
    histories: Mapping[str, FileHistory]
    signoffs: Mapping[str, tuple[SignoffResult, ...]]    # release -> verified sign-offs
    waivers: Mapping[str, tuple[WaiverResult, ...]]      # release -> verified waivers
    source_commit: str = ""

    # Grouped once for all releases: doing it per release made evaluation releases x files.
    @cached_property
    def verdicts_by_path(self) -> Mapping[str, list[Verdict]]:
        by_path: dict[str, list[Verdict]] = {}
        for (path, _, _), verdict in self.verdicts.items():
            by_path.setdefault(path, []).append(verdict)
        return by_path

    @cached_property
    def files_by_release(self) -> Mapping[str, list[tuple[int, EvidenceFile]]]:
        """Release folder -> its files with their position in project.evidence."""
        by_release: dict[str, list[tuple[int, EvidenceFile]]] = {}
        for position, f in enumerate(self.project.evidence):
            by_release.setdefault(f.release, []).append((position, f))
        return by_release


def evaluate_releases(project: Project, verdicts: Mapping[tuple[str, str, int], Verdict],
                      history: History, records: Records, as_of: datetime,
                      roster_changes: tuple[RosterChange, ...] = ()) -> list[ReleaseReport]:
    """One report per release, oldest first, each knowing the release before it and judged
    at its own time (timing.py: a released release at the end of its last window)."""
    evaluate_one = release_evaluator(project, verdicts, history, records, as_of, roster_changes)
    return [evaluate_one(index) for index in range(len(project.releases))]


def release_evaluator(project: Project, verdicts: Mapping[tuple[str, str, int], Verdict],
                      history: History, records: Records, as_of: datetime,
                      roster_changes: tuple[RosterChange, ...] = ()
                      ) -> Callable[[int], ReleaseReport]:
    """The report of project.releases[index], for any index in any order: each release is
    judged apart from the others."""
    inputs = Inputs(project, verdicts, history.files, records.signoffs, records.waivers,
                    history.head.sha if history.head else "")
    releases = project.releases

    def evaluate_one(index: int) -> ReleaseReport:
        release = releases[index]
        when = judgment_time(release, project.checklists, as_of)
        report = evaluate_release(inputs, release, when,
                                  releases[index - 1].version if index else None)
        return _replace(report, warnings=records.warnings.get(release.version, ()),
                        roster_changes=roster_changes)
    return evaluate_one


@dataclass(frozen=True)
class ReportProblems:
    refused: dict[str, Problem]     # path -> its stated collection time git disproves
    records: list[Problem]          # sign-offs and waivers git does not prove


def evaluation_problems(reports: list[ReleaseReport]) -> list[Problem]:
    """Stated collection times git disproves, once per file; sign-offs and waivers git does
    not prove."""
    return merged_problems([report_problems(r) for r in reports])


def merged_problems(parts: list[ReportProblems]) -> list[Problem]:
    """The problems of every release's part, oldest release first; a file all of them
    hold (a common one) is told once, as the newest release judged it."""
    refused = {path: found for part in parts for path, found in part.refused.items()}
    return [refused[path] for path in sorted(refused)] + [p for part in parts
                                                          for p in part.records]


def report_problems(report: ReleaseReport) -> ReportProblems:
    refused = {}
    for result in report.evidence:
        if result.refused_time:
            path = result.file.path
            where = (result.file.collected_location if result.file.collected else None) \
                or Location(path)
            refused[path] = problem("collected-after-commit", where.path,
                                    f"{path} {result.refused_time}", where.line, where.column)
    records = [problem("unverified-signoff", s.signoff.path, f"the sign-off of "
                       f"{s.signoff.role} by {s.signoff.approver} is not verified: "
                       + "; ".join(s.reasons[:2])) for s in report.signoffs if not s.verified]
    records += [problem("unverified-waiver", w.waiver.path, f"the waiver approved by "
                        f"{w.waiver.approved_by} is not verified and does not count: "
                        + "; ".join(w.reasons[:2])) for w in report.waivers if not w.verified]
    return ReportProblems(refused, records)


def evaluate_release(inputs: Inputs, release: Release, as_of: datetime,
                     previous: str | None = None) -> ReleaseReport:
    files = _release_files(inputs, release)
    by_item: dict[str, list[EvidenceFile]] = {}
    for f in files:
        for ref in f.items:
            by_item.setdefault(ref, []).append(f)
    waivers = inputs.waivers.get(release.version, ())
    signoffs = inputs.signoffs.get(release.version, ())
    context = _Context(inputs, release, as_of, by_item, inputs.verdicts_by_path, waivers,
                       signoffs)
    checklists = tuple(c for c in inputs.project.checklists if c.id in release.checklists)
    phases = tuple(
        PhaseResult(phase, checklist.id, tuple(
            SectionResult(section, tuple(_item_result(context, i) for i in section.items))
            for section in phase.sections))
        for checklist in checklists for phase in checklist.phases)
    report = ReleaseReport(
        release=release, checklists=checklists, phases=phases, evaluated_at=as_of,
        source_commit=inputs.source_commit, ready=False, blockers=(), signoffs=signoffs,
        waivers=waivers, evidence=tuple(_file_result(context, f) for f in files),
        product_name=inputs.project.product_name, previous=previous,
        roles=tuple(inputs.project.roles.values()))
    blockers = readiness_blockers(report)
    return _replace(report, ready=not blockers, blockers=blockers)


def _replace(report: ReleaseReport, **changes) -> ReleaseReport:
    from dataclasses import replace
    return replace(report, **changes)


def _release_files(inputs: Inputs, release: Release) -> list[EvidenceFile]:
    """The release's own files and the common ones, in project.evidence order."""
    groups = inputs.files_by_release
    found = groups.get(release.version, []) + groups.get(COMMON, []) \
        if release.version != COMMON else groups.get(COMMON, [])
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]


@dataclass(frozen=True)
class _Context:
    inputs: Inputs
    release: Release
    as_of: datetime
    by_item: Mapping[str, list[EvidenceFile]]
    verdicts_by_path: Mapping[str, list[Verdict]]
    waivers: tuple[WaiverResult, ...]
    signoffs: tuple[SignoffResult, ...]
    results: dict = field(default_factory=dict)    # (path, id(verdict)) -> (verdict, result)

    def history(self, path: str) -> FileHistory:
        return self.inputs.histories.get(path, NOT_COMMITTED)

    def go_live(self) -> datetime:
        return self.release.released_at or self.as_of


def blocking_items(report: ReleaseReport) -> list[ItemResult]:
    """Items due before release that are not complete, waived or not applicable."""
    return [r for r in report.items if r.item.due_after_release is None
            and r.status not in ("complete", "waived", "not-applicable")]


def rejected_signoffs(report: ReleaseReport) -> list[SignoffResult]:
    return [s for s in report.signoffs if s.signoff.decision == "rejected"]


def readiness_blockers(report: ReleaseReport, item_name: Callable[[Item], str] = lambda i: i.ref,
                       role_name: Callable[[str], str] = str) -> tuple[str, ...]:
    """Why the release is not ready: unfinished items due before release, rejected sign-offs.
    Named by reference and role id unless `item_name` and `role_name` say otherwise."""
    return tuple([f"{item_name(r.item)} is {r.status}: {'; '.join(r.reasons)}"
                  for r in blocking_items(report)]
                 + [f"sign-off of {role_name(s.signoff.role)} is rejected ({s.signoff.path})"
                    for s in rejected_signoffs(report)])


def _item_result(context: _Context, item: Item) -> ItemResult:
    evidence = tuple(_evidence_results(context, item))
    waiver = _waiver_for(context, item)
    signoff = _signoff_for(context, item)
    decided = _decided_without_evidence(context, item, waiver)
    if decided:
        return ItemResult(item, decided[0], tuple(decided[1]), evidence, waiver, signoff)
    unused = [e for e in evidence if e.verdict is SUPPORTING and e.file.kind not in RECORD_KINDS]
    requirements = tuple(_requirement_result(context, item, index, evidence, signoff, unused)
                         for index in range(len(item.requires)))
    findings = [(r.status, list(r.reasons)) for r in requirements]
    if unused:
        findings.append(("complete", _unused_notes(item, requirements, unused)))
    if waiver is not None:
        findings.append(("complete", [f"waiver {waiver.waiver.path} does not count: "
                                      + "; ".join(waiver.reasons)]))
    status, reasons = _worst(findings)
    return ItemResult(item, status, tuple(reasons), evidence, waiver, signoff, requirements)


def _evidence_results(context: _Context, item: Item):
    for f in context.by_item.get(item.ref, ()):
        verdict = next((context.inputs.verdicts[(f.path, item.ref, i)]
                        for i in range(len(item.requires))
                        if (f.path, item.ref, i) in context.inputs.verdicts), SUPPORTING)
        yield _evidence_result(context, f, verdict)


def _evidence_result(context: _Context, f: EvidenceFile, verdict: Verdict) -> EvidenceResult:
    """Once per file and verdict: the item pages and the manifest share it."""
    key = (f.path, id(verdict))
    kept = context.results.get(key)
    if kept is None or kept[0] is not verdict:
        history = context.history(f.path)
        collected, refused = collected_time(f, verdict, history, context.as_of)
        kept = context.results[key] = verdict, EvidenceResult(f, verdict, history, collected,
                                                               refused)
    return kept[1]


def _file_result(context: _Context, f: EvidenceFile) -> EvidenceResult:
    """One result per file for the manifest: the worst verdict it has for any item."""
    verdicts = context.verdicts_by_path.get(f.path, ())
    order = {"invalid": 0, "fail": 1, "pass": 2}
    worst = min(verdicts, key=lambda v: order.get(v.verdict, 3), default=SUPPORTING)
    return _evidence_result(context, f, worst)


def _waiver_for(context: _Context, item: Item) -> WaiverResult | None:
    matching = [w for w in context.waivers if item.ref in w.waiver.items]
    counting = [w for w in matching if w.counts]
    return (counting or matching or [None])[0]


def _signoff_for(context: _Context, item: Item) -> SignoffResult | None:
    if not item.signoff_role:
        return None
    matching = [s for s in context.signoffs if s.signoff.role == item.signoff_role]
    return max(matching, key=lambda s: (s.signoff.date or datetime.min.date(), s.signoff.path),
               default=None)


def _decided_without_evidence(context, item, waiver) -> tuple[str, list[str]] | None:
    """not-applicable by its tags, or waived: the requirements are not looked at."""
    if item.applies_if and item.applies_if not in context.release.tags:
        return "not-applicable", [f"applies only to releases tagged {item.applies_if!r}"]
    if waiver is not None and waiver.counts:
        w = waiver.waiver
        status = "not-applicable" if w.type == "not-applicable" else "waived"
        until = f" until {w.expires.isoformat()}" if w.expires else ""
        return status, [f"{w.type} waiver {w.path} approved by {w.approved_by}{until}: "
                        f"{w.reason}", *waiver.reasons]
    return None


def _worst(findings: list[tuple[str, list[str]]]) -> tuple[str, list[str]]:
    rank = {status: i for i, status in enumerate(STATUSES)}
    status = min((s for s, _ in findings), key=rank.__getitem__, default="complete")
    reasons = [r for s, rs in findings if s == status for r in rs]
    others = [r for s, rs in findings if s != status and s != "complete" for r in rs]
    notes = [r for s, rs in findings if s == "complete" and status != "complete" for r in rs]
    return status, reasons + others + notes


def _requirement_result(context, item, index, evidence, signoff, unused) -> RequirementResult:
    requirement = item.requires[index]
    if requirement.kind == "signoff":
        return _judged(requirement, _signoff_outcome(context, item, signoff))
    candidates = [e for e in evidence if (e.file.path, item.ref, index) in context.inputs.verdicts]
    if not candidates:
        kind = "" if requirement.kind == "any" else f"{requirement.kind} "
        here = ", ".join(e.file.path for e in unused)
        what = f"no {kind}evidence" + (f" ({here} serve{'s' if len(unused) == 1 else ''} no "
                                        "requirement of this item)" if here else "")
        return _judged(requirement, _missing(context, item, what))
    deciding = max(candidates, key=lambda e: (e.collected_at or datetime.min.replace(
        tzinfo=context.as_of.tzinfo), e.file.path))
    verdict = context.inputs.verdicts[(deciding.file.path, item.ref, index)]
    return _judged(requirement, _evidence_outcome(context, item, deciding, verdict), deciding)


def _judged(requirement, outcome: tuple[str, list[str]], deciding=None) -> RequirementResult:
    status, reasons = outcome
    return RequirementResult(requirement, status, tuple(reasons), deciding)


def _missing(context: _Context, item: Item, what: str) -> tuple[str, list[str]]:
    due = item.due_after_release
    if due is not None:
        released = context.release.released_at
        if released is None:
            return "not-due", [f"{what}; due {short_duration(due)} after release (not released yet)"]
        if context.as_of < released + due:
            return "not-due", [f"{what}; due by {iso(released + due)}"]
        return "missing", [f"{what}; was due by {iso(released + due)}"]
    return "missing", [what]


def _unused_notes(item: Item, requirements, unused: list[EvidenceResult]) -> list[str]:
    """Each file of the item that serves none of its requirements, by name, with the hint to
    declare its kind (a file recognised as `any` may be curl or test output read wrongly)."""
    checked = [r.requirement.kind for r in requirements
               if r.requirement.kind not in ("signoff", "any")]
    wanted = [r.requirement.kind for r in requirements
              if r.deciding is None and r.requirement.kind in checked] or checked
    kinds = list(dict.fromkeys(wanted))
    notes = []
    for result in unused:
        f = result.file
        found = (f"its declared kind is {f.kind}" if f.kind_declared
                 else f"it was recognised as {f.kind}")
        hint = (f"; if it is {' or '.join(kinds)} evidence, declare `kind: {kinds[0]}` in "
                f"{f.meta_path or f.path + '.meta.yml'}" if kinds else "")
        notes.append(f"{f.path} serves no requirement of this item: {found}{hint}")
    return notes


def _evidence_outcome(context, item, deciding: EvidenceResult, verdict: Verdict):
    path = deciding.file.path
    notes = [f"{path}: {text}" for _, text in verdict.notes]
    if verdict.verdict != "pass":
        return "failed", ([f"{path}: {r}" for r in verdict.reasons]
                          or [f"{path}: check failed"]) + notes
    refused = [f"{path} {deciding.refused_time}"] if deciding.refused_time else []
    stale = _staleness(context, item, deciding)
    state = deciding.history.state
    if state != "committed":      # provenance first: an unproven date cannot make it stale
        return "unverified", [f"{path} is {state}: commit it so its provenance is known",
                              *stale, *refused, *notes]
    if stale:
        return "stale", stale + refused + notes
    commit = deciding.history.changed
    return "complete", [f"{path}: {'; '.join(verdict.reasons) or 'passes'} "
                        f"(commit {commit.sha[:10]} by {commit.author_email})", *refused, *notes]


def _staleness(context, item, deciding: EvidenceResult) -> list[str]:
    if not (item.max_age and deciding.collected_at):
        return []
    if deciding.collected_at + item.max_age >= context.go_live():
        return []
    when = "go-live" if context.release.released_at else "evaluation time"
    return [f"{deciding.file.path} collected {iso(deciding.collected_at)} is older than "
            f"max_age {short_duration(item.max_age)} at {when} {iso(context.go_live())}"]


def _signoff_outcome(context, item, signoff: SignoffResult | None):
    if signoff is None:
        return _missing(context, item, f"no sign-off by role {item.signoff_role!r}")
    s = signoff.signoff
    if s.decision == "rejected":
        return "failed", [f"{s.path}: rejected by {s.approver}"
                          f"{' on ' + s.date.isoformat() if s.date else ''}", *signoff.reasons]
    # An unproven signer first: its reasons include the staleness, if any.
    if not signoff.verified:
        stale = " (and stale)" if signoff.stale else ""
        return "unverified", [f"{s.path}: signer not proven{stale}", *signoff.reasons]
    if signoff.stale:
        return "stale", [f"{s.path}: sign-off is stale", *signoff.reasons]
    conditions = f" with conditions: {s.conditions}" if s.conditions else ""
    return "complete", [f"{s.path}: {s.decision} by {s.approver}"
                        f"{' on ' + s.date.isoformat() if s.date else ''}{conditions}",
                        *signoff.reasons]
