"""Statuses and verdicts as types, their precedence, and the completion formula."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal, Mapping, get_args

Status = Literal["not-applicable", "waived", "failed", "not-due", "missing", "unverified",
                 "stale", "complete"]
VerdictName = Literal["pass", "fail", "invalid", "supporting"]

# Precedence: when several rules apply to an item, the first status in this order wins.
# Unverified comes before stale: a collected date or a digest is only as good as its
# provenance, so an unproven signer or an uncommitted file must not hide behind staleness.
STATUSES: tuple[Status, ...] = get_args(Status)
# Reading order on pages and in tables: done, then problems, then what does not count.
DISPLAY_ORDER: tuple[Status, ...] = ("complete", "waived", "failed", "missing", "unverified",
                                     "stale", "not-due", "not-applicable")
# Better to worse, for telling whether a change made an item worse: any step down this list is
# a regression (missing -> failed, complete -> unverified, not-due -> missing...).
GOODNESS: tuple[Status, ...] = ("complete", "waived", "not-applicable", "not-due", "stale",
                                "unverified", "missing", "failed")
DONE: tuple[Status, ...] = ("complete", "waived")
NOT_COUNTED: tuple[Status, ...] = ("not-applicable", "not-due")


def rank(status: Status) -> int:
    return STATUSES.index(status)


def worse(before: Status, after: Status) -> bool:
    return GOODNESS.index(after) > GOODNESS.index(before)


def count_statuses(results: Iterable) -> dict[Status, int]:
    """How many of `results` (anything with a `.status`) have each status, in STATUSES order."""
    counts: dict[Status, int] = {s: 0 for s in STATUSES}
    for result in results:
        counts[result.status] += 1
    return counts


@dataclass(frozen=True)
class Completion:
    """(complete + waived) / (all - not-applicable - not-due). With nothing counted the
    value is 1.0 and `counted` is 0: outputs say "nothing due" rather than show a full bar."""
    counts: Mapping[Status, int]

    @property
    def done(self) -> int:
        return sum(self.counts[s] for s in DONE)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def counted(self) -> int:
        return self.total - sum(self.counts[s] for s in NOT_COUNTED)

    @property
    def value(self) -> float:
        return self.done / self.counted if self.counted else 1.0

    @property
    def percent(self) -> int | None:
        """Whole percent, or None when nothing counts yet."""
        return int(round(self.value * 100)) if self.counted else None

    @property
    def words(self) -> str:
        """The one wording of this completion in every output: `47%`, or, when nothing counts,
        what stands in for a bar that would otherwise read as a full 100 %."""
        if self.counted:
            return f"{self.percent}%"
        if not self.total:
            return "no items"
        return "nothing due yet" if self.counts["not-due"] else "not applicable"

    @property
    def headline(self) -> str:
        """`words`, and how much of it waivers carry: `100% (6 evidenced, 68 waived)`."""
        waived = self.counts["waived"]
        if not self.counted or not waived:
            return self.words
        return f"{self.words} ({self.counts['complete']} evidenced, {waived} waived)"

    @property
    def formula(self) -> str:
        c = self.counts
        return (f"({c['complete']} complete + {c['waived']} waived) / "
                f"({self.total} items - {c['not-applicable']} not-applicable - "
                f"{c['not-due']} not-due) = {self.done}/{self.counted} = {self.words}")
