"""Building ReleaseReports from model objects, for tests that do not run the pipeline.

    report("v1.4.0", {"security/rate-limiting": "failed", "ops/runbook": "complete"},
           evidence=[evidence("evidence/v1.4.0/security/rate-limiting/headers.http", "...")])

Items are grouped into sections by the first part of their ref, in one checklist and phase.
Evidence and waivers are attached to the items they name.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from typing import Iterable, Mapping

from generator.kinds import Verdict
from generator.model.project import (
    Checklist, EvidenceFile, FileHistory, Item, Phase, Release, Requirement, Section,
    SignOff, Waiver,
)
from generator.model.results import (
    EvidenceResult, ItemResult, PhaseResult, ReleaseReport, SectionResult, SignoffResult,
    WaiverResult,
)

EVALUATED_AT = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
CHECKLIST = "production-deployment"
PHASE = "pre-deployment"


def item(ref: str, title: str | None = None, *, max_age_days: int | None = None,
         kinds: Iterable[str] = ("any",)) -> Item:
    section_id, item_id = ref.split("/")
    return Item(ref=ref, id=item_id, title=title or item_id.replace("-", " ").capitalize(),
                section_id=section_id, phase_id=PHASE, checklist_id=CHECKLIST,
                requires=tuple(Requirement(kind) for kind in kinds),
                max_age=timedelta(days=max_age_days) if max_age_days is not None else None)


def evidence(path: str, content: str = "", *, items: Iterable[str] = (), kind: str = "any",
             collected_at: datetime | None = None, verdict: str = "pass") -> EvidenceResult:
    release = path.split("/")[1]
    data = (content or path).encode()
    file = EvidenceFile(path=path, release=release, items=tuple(items), kind=kind,
                        sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    return EvidenceResult(file, Verdict(verdict), FileHistory(()), collected_at)


def signoff(path: str, role: str, approver: str, *, decision: str = "approved",
            verified: bool = True, stale: bool = False) -> SignoffResult:
    record = SignOff(path=path, release=path.split("/")[1], role=role, approver=approver,
                     decision=decision, date=date(2026, 11, 18))
    return SignoffResult(record, verified, stale)


def waiver(path: str, items: Iterable[str], *, expires: date | None, type: str = "accepted-risk",
           verified: bool = True, expired: bool = False) -> WaiverResult:
    record = Waiver(path=path, release=path.split("/")[1], items=tuple(items), type=type,
                    reason="Accepted for this release", approved_by="jane@example.com",
                    expires=expires)
    return WaiverResult(record, verified, expired)


def report(version: str, statuses: Mapping[str, str], *,
           items: Iterable[Item] = (), reasons: Mapping[str, tuple[str, ...]] | None = None,
           evidence: Iterable[EvidenceResult] = (), signoffs: Iterable[SignoffResult] = (),
           waivers: Iterable[WaiverResult] = (), ready: bool = False,
           released_at: datetime | None = None,
           evaluated_at: datetime = EVALUATED_AT) -> ReleaseReport:
    """A report whose items have the given statuses (refs in `items` get those Item objects)."""
    defined = {i.ref: i for i in items}
    evidence, waivers = tuple(evidence), tuple(waivers)
    results = [_item_result(defined.get(ref) or item(ref), status, (reasons or {}).get(ref, ()),
                            evidence, waivers)
               for ref, status in statuses.items()]
    sections = _sections(results)
    phase = Phase(PHASE, "Pre-Deployment", tuple(s.section for s in sections))
    checklist = Checklist(CHECKLIST, "Production Deployment", 3, (phase,),
                          f"content/checklists/{CHECKLIST}.yml")
    release = Release(version=version, path=f"evidence/{version}/release.yml",
                      checklists=(CHECKLIST,), released_at=released_at,
                      status="released" if released_at else "in-progress")
    return ReleaseReport(release=release, checklists=(checklist,),
                         phases=(PhaseResult(phase, CHECKLIST, sections),),
                         evaluated_at=evaluated_at, source_commit="0" * 40, ready=ready,
                         blockers=(), signoffs=tuple(signoffs), waivers=waivers,
                         evidence=evidence)


def _item_result(item_: Item, status: str, reasons: tuple[str, ...],
                 evidence: tuple[EvidenceResult, ...],
                 waivers: tuple[WaiverResult, ...]) -> ItemResult:
    attached = tuple(e for e in evidence if item_.ref in e.file.items)
    waiver_ = next((w for w in waivers if item_.ref in w.waiver.items), None)
    return ItemResult(item_, status, reasons, attached, waiver_)


def _sections(results: list[ItemResult]) -> tuple[SectionResult, ...]:
    by_section: dict[str, list[ItemResult]] = {}
    for result in results:
        by_section.setdefault(result.item.section_id, []).append(result)
    return tuple(SectionResult(Section(sid, sid.replace("-", " ").capitalize(), PHASE,
                                       tuple(r.item for r in rs)), tuple(rs))
                 for sid, rs in by_section.items())

