"""What is about to lapse: waivers near their `expires` date, evidence near its `max_age`.

For `evidence check` and `evidence status --warn-days N`. Pure: the caller passes the time.

- A waiver counts through its `expires` date (UTC); it is reported from N days before
  until that day, while it still counts (verified, not yet expired).
- Evidence of an item with `max_age` goes stale at `collected_at + max_age`. Freshness is
  judged at go-live, so only releases not yet released are looked at, and only items whose
  status still depends on that evidence (complete, failed, unverified).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from ..model.problems import Problem
from ..model.project import Location
from ..model.results import EvidenceResult, ItemResult, ReleaseReport, WaiverResult
from ..model.times import utc

_DAY = timedelta(days=1)
_DEPENDS_ON_EVIDENCE = ("complete", "failed", "unverified")


@dataclass(frozen=True)
class ExpiryWarning:
    kind: str                     # "waiver" | "evidence"
    release: str
    path: str                     # the waiver record, or the evidence file
    items: tuple[str, ...]
    expires_at: datetime          # the moment it stops counting
    days_left: int                # whole days from the evaluation time
    location: Location | None = None

    @property
    def code(self) -> str:
        return f"{self.kind}-expiring"

    @property
    def message(self) -> str:
        refs = ", ".join(self.items)
        when = _when(self.days_left)
        if self.kind == "waiver":
            last_day = (self.expires_at - _DAY).date().isoformat()
            return f"waiver for {refs} expires {when} (last day {last_day}) in {self.release}"
        return (f"evidence for {refs} goes stale {when} ({self.expires_at.date().isoformat()}, "
                f"max_age) in {self.release}")

    @property
    def hint(self) -> str:
        if self.kind == "waiver":
            return "resolve the item, or renew the waiver with a new `expires` and approval"
        return "collect this evidence again before the release goes live"


def expiring(report: ReleaseReport, as_of: datetime, warn_days: int) -> list[ExpiryWarning]:
    as_of = utc(as_of)
    warnings = [w for w in (_waiver_warning(report, r, as_of) for r in report.waivers) if w]
    if report.release.released_at is None:
        warnings += _evidence_warnings(report, as_of)
    return sorted((w for w in warnings if as_of < w.expires_at and w.days_left <= warn_days),
                  key=lambda w: (w.expires_at, w.kind, w.path))


def to_problems(warnings: list[ExpiryWarning]) -> list[Problem]:
    return [Problem(w.path, w.location.line if w.location else 1,
                    w.location.column if w.location else 1,
                    w.code, "warning", w.message, w.hint) for w in warnings]


def _waiver_warning(report: ReleaseReport, result: WaiverResult,
                    as_of: datetime) -> ExpiryWarning | None:
    waiver = result.waiver
    if waiver.expires is None or not result.counts:
        return None
    ends = _end_of_day(waiver.expires)
    return ExpiryWarning("waiver", report.version, waiver.path, waiver.items, ends,
                         _days(ends, as_of), waiver.location)


def _evidence_warnings(report: ReleaseReport, as_of: datetime) -> list[ExpiryWarning]:
    warnings: dict[tuple[str, str], ExpiryWarning] = {}
    for result in report.items:
        if result.item.max_age is None or result.status not in _DEPENDS_ON_EVIDENCE:
            continue
        for deciding in _deciding_evidence(result):
            ends = utc(deciding.collected_at) + result.item.max_age
            warnings.setdefault((deciding.file.path, result.item.ref), ExpiryWarning(
                "evidence", report.version, deciding.file.path, (result.item.ref,), ends,
                _days(ends, as_of), deciding.file.location))
    return list(warnings.values())


def _deciding_evidence(result: ItemResult) -> list[EvidenceResult]:
    """The files that decided the item's requirements, as the evaluation chose them."""
    return [r.deciding for r in result.requirements
            if r.deciding is not None and r.deciding.collected_at is not None]


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day + _DAY, time.min, tzinfo=timezone.utc)


def _days(ends: datetime, as_of: datetime) -> int:
    return (ends - as_of) // _DAY


def _when(days_left: int) -> str:
    if days_left <= 0:
        return "within a day"
    return "in 1 day" if days_left == 1 else f"in {days_left} days"
