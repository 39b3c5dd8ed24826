"""What stops a release, grouped by kind of problem: the executive summary's view of the
blockers, with the most important first and named by title."""
from __future__ import annotations

from dataclasses import dataclass

from ..evaluate.status import blocking_items, readiness_blockers, rejected_signoffs
from ..model.results import ItemResult, ReleaseReport, SignoffResult

# Most important first: a failed check is a known defect; unverified evidence may be forged.
GROUPS = (
    ("failed", "Failed checks", "failed its check", "failed their checks"),
    ("unverified", "Unverified evidence", "is not verified", "are not verified"),
    ("stale", "Stale evidence", "has stale evidence", "have stale evidence"),
    ("missing", "Missing evidence", "has no evidence", "have no evidence"),
    ("signoff", "Sign-offs outstanding", "is outstanding", "are outstanding"),
    ("not-due", "Not due yet", "is not due yet", "are not due yet"),
    ("other", "Other open items", "is open", "are open"),
)
NAMED = 2   # how many of a group the summary names


@dataclass(frozen=True)
class BlockerGroup:
    key: str
    label: str
    items: tuple[ItemResult, ...]
    rejected: tuple[SignoffResult, ...] = ()
    phrase_one: str = ""
    phrase_many: str = ""

    @property
    def count(self) -> int:
        return len(self.items) + len(self.rejected)

    @property
    def named(self) -> tuple[ItemResult, ...]:
        return self.items[:NAMED]

    @property
    def unnamed(self) -> int:
        return len(self.items) - len(self.named)

    @property
    def sentence_part(self) -> str:
        """`3 items failed their checks`, `1 sign-off is outstanding and 1 was rejected`."""
        if self.key != "signoff":
            return _counted(len(self.items), "item", self.phrase_one, self.phrase_many)
        parts = [_counted(len(self.items), "sign-off", self.phrase_one, self.phrase_many)
                 if self.items else "",
                 _counted(len(self.rejected), "sign-off", "was rejected", "were rejected")
                 if self.rejected else ""]
        return " and ".join(p for p in parts if p)


def _counted(n: int, noun: str, one: str, many: str) -> str:
    return f"{n} {noun} {one}" if n == 1 else f"{n} {noun}s {many}"


_KEYS = frozenset(key for key, *_ in GROUPS)


def _group_of(result: ItemResult) -> str:
    if result.item.signoff_role:
        return "signoff"
    return result.status if result.status in _KEYS else "other"


def blocker_groups(report: ReleaseReport) -> list[BlockerGroup]:
    """Non-empty groups in order of importance; rejected sign-offs join the sign-off group."""
    blocking = blocking_items(report)
    groups = []
    for key, label, one, many in GROUPS:
        items = tuple(r for r in blocking if _group_of(r) == key)
        rejected = tuple(rejected_signoffs(report)) if key == "signoff" else ()
        if items or rejected:
            groups.append(BlockerGroup(key, label, items, rejected, one, many))
    return groups


def verdict_sentence(report: ReleaseReport) -> str:
    """The verdict's reason in one sentence, whatever the number of blockers."""
    if report.ready:
        return ("Every item due before release is complete, waived or not applicable, "
                "and no sign-off is rejected.")
    parts = [g.sentence_part for g in blocker_groups(report)]
    if not parts:
        return "Not ready."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Not ready because {listed}."


def blocker_lines(report: ReleaseReport) -> list[str]:
    """Every blocker in one line, the item's title first and its reference after it (kept for
    search and copy); the same blockers, in the same order, as `report.blockers`."""
    return list(readiness_blockers(report, lambda item: f"{item.title} ({item.ref})",
                                   report.role_title))
