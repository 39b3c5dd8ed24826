"""Building ReleaseReports from model objects, for tests that do not run the pipeline.

    report("v1.4.0", {"security/rate-limiting": "failed", "ops/runbook": "complete"},
           evidence=[evidence("evidence/v1.4.0/security/rate-limiting/headers.http", "...")])

Without `checklist=`, items are grouped into sections by the first part of their ref, in one
checklist and phase. With `checklist=`, the report follows that checklist's phases, sections and
items, and `statuses` gives the status of each of its items. Evidence is attached to the items it
is bound to; with `link_approvals` (the default), each waiver to the items it names and each
sign-off to the items of its role.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from typing import Iterable, Mapping

from generator.kinds import Verdict, can_serve
from generator.model.project import (
    Checklist,
    Commit,
    EvidenceFile,
    FileHistory,
    Item,
    Phase,
    Release,
    Requirement,
    Role,
    Section,
    SignOff,
    Waiver,
)
from generator.model.results import (
    EvidenceResult,
    ItemResult,
    PhaseResult,
    ReleaseReport,
    RequirementResult,
    SectionResult,
    SignoffResult,
    WaiverResult,
)

EVALUATED_AT = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
CHECKLIST = "production-deployment"
PHASE = "pre-deployment"


def item(ref: str, title: str | None = None, *, max_age_days: int | None = None,
         kinds: Iterable[str] = ("any",), phase: str = PHASE, checklist: str = CHECKLIST,
         **fields) -> Item:
    """An Item; `fields` are further Item fields (requires=, applies_if=, signoff_role=, ...)."""
    section_id, item_id = ref.split("/")
    fields.setdefault("requires", tuple(Requirement(kind) for kind in kinds))
    if max_age_days is not None:
        fields["max_age"] = timedelta(days=max_age_days)
    return Item(ref=ref, id=item_id, title=title or item_id.replace("-", " ").capitalize(),
                section_id=section_id, phase_id=phase, checklist_id=checklist, **fields)


def evidence(path: str, content: str | bytes = "", *, items: Iterable[str] = (),
             kind: str = "any", collected_at: datetime | None = None,
             verdict: str | Verdict = "pass", commits: Iterable[Commit] = ()) -> EvidenceResult:
    """The result for the file at `path` (evidence/<release>/...) holding `content`."""
    release = path.split("/")[1]
    data = content if isinstance(content, bytes) else (content or path).encode()
    file = EvidenceFile(path=path, release=release, items=tuple(items), kind=kind,
                        sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    verdict = verdict if isinstance(verdict, Verdict) else Verdict(verdict)
    return EvidenceResult(file, verdict, FileHistory(tuple(commits)), collected_at)


def signoff(path: str, role: str, approver: str, *, decision: str = "approved",
            verified: bool = True, stale: bool = False, date: date | None = date(2026, 11, 18),
            conditions: str = "", evidence_digest: str | None = None,
            reasons: tuple[str, ...] = (), commits: Iterable[Commit] = (),
            digest: str = "") -> SignoffResult:
    record = SignOff(path=path, release=path.split("/")[1], role=role, approver=approver,
                     decision=decision, date=date, conditions=conditions,
                     evidence_digest=evidence_digest)
    return SignoffResult(record, verified, stale, reasons, FileHistory(tuple(commits)), digest)


def waiver(path: str, items: Iterable[str], *, expires: date | None, type: str = "accepted-risk",
           verified: bool = True, expired: bool = False,
           reason: str = "Accepted for this release", approved_by: str = "jane@example.com",
           commits: Iterable[Commit] = ()) -> WaiverResult:
    record = Waiver(path=path, release=path.split("/")[1], items=tuple(items), type=type,
                    reason=reason, approved_by=approved_by, expires=expires)
    return WaiverResult(record, verified, expired, (), FileHistory(tuple(commits)))


def report(version: str, statuses: Mapping[str, str], *, checklist: Checklist | None = None,
           items: Iterable[Item] = (), reasons: Mapping[str, Iterable[str]] | None = None,
           evidence: Iterable[EvidenceResult] = (), signoffs: Iterable[SignoffResult] = (),
           waivers: Iterable[WaiverResult] = (), link_approvals: bool = True,
           ready: bool = False, blockers: Iterable[str] = (), title: str = "",
           target_date: date | None = None, released_at: datetime | None = None,
           status: str | None = None, evaluated_at: datetime = EVALUATED_AT,
           source_commit: str = "0" * 40, product_name: str = "",
           previous: str | None = None, roles: Iterable[Role] = ()) -> ReleaseReport:
    """A report whose items have the given statuses.

    Without `checklist`, refs in `items` get those Item objects, the others `item(ref)`.
    The release status is `status`, else released when `released_at` is set, else in-progress.
    """
    if checklist is None:
        checklist = _one_phase_checklist(statuses, {i.ref: i for i in items})
    evidence, signoffs, waivers = tuple(evidence), tuple(signoffs), tuple(waivers)
    known = {i.ref for p in checklist.phases for s in p.sections for i in s.items}
    if set(statuses) - known:
        raise ValueError(f"not in the checklist: {sorted(set(statuses) - known)}")
    phases = tuple(
        PhaseResult(phase, checklist.id, tuple(
            SectionResult(section, tuple(
                _item_result(i, statuses[i.ref], tuple((reasons or {}).get(i.ref, ())),
                             evidence, signoffs if link_approvals else (),
                             waivers if link_approvals else ())
                for i in section.items))
            for section in phase.sections))
        for phase in checklist.phases)
    release = Release(version=version, path=f"evidence/{version}/release.yml", title=title,
                      checklists=(checklist.id,), target_date=target_date,
                      released_at=released_at,
                      status=status or ("released" if released_at else "in-progress"))
    return ReleaseReport(release=release, checklists=(checklist,), phases=phases,
                         evaluated_at=evaluated_at, source_commit=source_commit, ready=ready,
                         blockers=tuple(blockers), signoffs=signoffs, waivers=waivers,
                         evidence=evidence, product_name=product_name, previous=previous,
                         roles=tuple(roles))


def _one_phase_checklist(statuses: Mapping[str, str], defined: Mapping[str, Item]) -> Checklist:
    by_section: dict[str, list[Item]] = {}
    for ref in statuses:
        item_ = defined.get(ref) or item(ref)
        by_section.setdefault(item_.section_id, []).append(item_)
    sections = tuple(Section(sid, sid.replace("-", " ").capitalize(), PHASE, tuple(items_))
                     for sid, items_ in by_section.items())
    phase = Phase(PHASE, "Pre-Deployment", sections)
    return Checklist(CHECKLIST, "Production Deployment", 3, (phase,),
                     f"content/checklists/{CHECKLIST}.yml")


def _item_result(item_: Item, status: str, reasons: tuple[str, ...],
                 evidence: tuple[EvidenceResult, ...], signoffs: tuple[SignoffResult, ...],
                 waivers: tuple[WaiverResult, ...]) -> ItemResult:
    attached = tuple(e for e in evidence if item_.ref in e.file.items)
    waiver_ = next((w for w in waivers if item_.ref in w.waiver.items), None)
    signoff_ = next((s for s in signoffs
                     if item_.signoff_role and s.signoff.role == item_.signoff_role), None)
    requirements = () if status in ("waived", "not-applicable") else tuple(
        RequirementResult(r, status, reasons, _deciding(r, attached)) for r in item_.requires)
    return ItemResult(item_, status, reasons, attached, waiver_, signoff_, requirements)


def _deciding(requirement: Requirement, attached: tuple[EvidenceResult, ...]):
    """As evaluation picks it: the newest collected file that can serve the requirement."""
    fitting = [e for e in attached if can_serve(requirement.kind, e.file.kind, False)]
    return max(fitting, key=lambda e: (e.collected_at or datetime.min.replace(
        tzinfo=timezone.utc), e.file.path), default=None)
