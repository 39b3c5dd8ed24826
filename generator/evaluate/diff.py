"""What changed between two evaluated releases, or between two evaluations of every release.

`diff_reports(old, new)` compares two ReleaseReports: the previous release and this one
(the site's "what changed" page, `evidence diff A B`), or one release at the base and at the
head of a pull request. `diff_report_sets(base, head)` does the latter for every release
(`evidence check --base REF`). Pure: no I/O; every list in a stable order.

Evidence and sign-off records are matched by their path inside the release folder, so
`evidence/v1.3.0/tests/junit.xml` and `evidence/v1.4.0/tests/junit.xml` are the same file
in two releases; files under `evidence/_common/` are matched by their full path.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from ..model.problems import Problem, problem
from ..model.project import Role, RosterChange, roster_changes
from ..model.results import ItemResult, ReleaseReport, SignoffResult
from ..model.versions import version_key


@dataclass(frozen=True)
class StatusChange:
    ref: str
    title: str
    before: str
    after: str
    reasons: tuple[str, ...]          # why it has its new status


@dataclass(frozen=True)
class ItemEntry:
    ref: str
    title: str
    status: str


@dataclass(frozen=True)
class FileChange:
    path: str                         # in the newer report; in the older one when removed
    change: str                       # added | removed | changed
    sha_before: str | None
    sha_after: str | None


@dataclass(frozen=True)
class SignoffState:
    approver: str
    decision: str
    verified: bool
    stale: bool


@dataclass(frozen=True)
class SignoffChange:
    role: str
    path: str
    change: str                       # added | removed | changed
    before: SignoffState | None
    after: SignoffState | None

    @property
    def became_stale(self) -> bool:
        return bool(self.after and self.after.stale and not (self.before and self.before.stale))


@dataclass(frozen=True)
class ReleaseDiff:
    old: str | None                   # version compared against; None: nothing before
    new: str
    status_changes: tuple[StatusChange, ...]
    items_added: tuple[ItemEntry, ...]
    items_removed: tuple[ItemEntry, ...]
    evidence: tuple[FileChange, ...]
    signoffs: tuple[SignoffChange, ...]
    completion_before: float | None
    completion_after: float
    ready_before: bool | None
    ready_after: bool

    @property
    def newly_stale(self) -> tuple[SignoffChange, ...]:
        return tuple(s for s in self.signoffs if s.became_stale)

    @property
    def is_empty(self) -> bool:
        return not (self.status_changes or self.items_added or self.items_removed
                    or self.evidence or self.signoffs
                    or self.completion_before != self.completion_after
                    or self.ready_before != self.ready_after)

    def evidence_count(self, change: str) -> int:
        return sum(1 for f in self.evidence if f.change == change)



@dataclass(frozen=True)
class ChangeSet:
    """What a change does to every release: one ReleaseDiff per release at the head."""
    releases: tuple[ReleaseDiff, ...]     # by version; a new release has old=None
    removed: tuple[str, ...]
    roles: tuple[RosterChange, ...] = ()  # the roster changes, listed first
    base: str = "base"                    # what the head is compared with, e.g. "main"

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(d.new for d in self.releases if d.old is None)

    @property
    def changed(self) -> tuple[ReleaseDiff, ...]:
        return tuple(d for d in self.releases if d.old is not None and not d.is_empty)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.roles)



# --- comparing ------------------------------------------------------------------------------

def diff_reports(old: ReleaseReport | None, new: ReleaseReport) -> ReleaseDiff:
    old_items = {r.item.ref: r for r in old.items} if old else {}
    new_items = {r.item.ref: r for r in new.items}
    return ReleaseDiff(
        old=old.version if old else None, new=new.version,
        status_changes=tuple(_status_change(old_items[ref], result)
                             for ref, result in new_items.items()
                             if ref in old_items and old_items[ref].status != result.status),
        items_added=tuple(_entry(r) for ref, r in new_items.items() if ref not in old_items),
        items_removed=tuple(_entry(r) for ref, r in old_items.items() if ref not in new_items),
        evidence=_evidence_changes(old, new),
        signoffs=_signoff_changes(old, new),
        completion_before=old.completion.value if old else None,
        completion_after=new.completion.value,
        ready_before=old.ready if old else None, ready_after=new.ready)


def diff_report_sets(base: Mapping[str, ReleaseReport], head: Mapping[str, ReleaseReport],
                     roles_before: Mapping[str, Role] | None = None,
                     roles_after: Mapping[str, Role] | None = None,
                     base_name: str = "base") -> ChangeSet:
    return ChangeSet(
        releases=tuple(diff_reports(base.get(v), head[v]) for v in _by_version(head)),
        removed=tuple(v for v in _by_version(base) if v not in head),
        roles=roster_changes(roles_before or {}, roles_after or {}), base=base_name)


def role_change_problems(changes: tuple[RosterChange, ...]) -> list[Problem]:
    """Every roster change of a pull request, as a warning at content/approvers.yml."""
    return [problem("roster-changed", "content/approvers.yml", f"role {c.role!r}: "
                    + "; ".join(part for part in (
                        f"adds {', '.join(c.added)}" if c.added else "",
                        f"removes {', '.join(c.removed)}" if c.removed else "") if part))
            for c in changes]


def _by_version(reports: Iterable[str]) -> list[str]:
    return sorted(reports, key=version_key)


def _status_change(old: ItemResult, new: ItemResult) -> StatusChange:
    return StatusChange(new.item.ref, new.item.title, old.status, new.status, new.reasons)


def _entry(result: ItemResult) -> ItemEntry:
    return ItemEntry(result.item.ref, result.item.title, result.status)


def _release_key(path: str, version: str) -> str:
    """A path as matched across releases: relative to the release folder, or as it is."""
    prefix = f"evidence/{version}/"
    return path[len(prefix):] if path.startswith(prefix) else path


def _files(report: ReleaseReport | None) -> dict[str, tuple[str, str]]:
    if report is None:
        return {}
    return {_release_key(e.file.path, report.version): (e.file.path, e.file.sha256)
            for e in report.evidence}


def _evidence_changes(old: ReleaseReport | None, new: ReleaseReport) -> tuple[FileChange, ...]:
    before, after = _files(old), _files(new)
    changes = []
    for key in sorted(before.keys() | after.keys()):
        if key not in before:
            changes.append(FileChange(after[key][0], "added", None, after[key][1]))
        elif key not in after:
            changes.append(FileChange(before[key][0], "removed", before[key][1], None))
        elif before[key][1] != after[key][1]:
            changes.append(FileChange(after[key][0], "changed", before[key][1], after[key][1]))
    return tuple(sorted(changes, key=lambda c: (c.path, c.change)))


def _signoffs(report: ReleaseReport | None) -> dict[str, SignoffResult]:
    if report is None:
        return {}
    return {_release_key(s.signoff.path, report.version): s for s in report.signoffs}


def _state(result: SignoffResult) -> SignoffState:
    s = result.signoff
    return SignoffState(s.approver, s.decision, result.verified, result.stale)


def _signoff_changes(old: ReleaseReport | None,
                     new: ReleaseReport) -> tuple[SignoffChange, ...]:
    before, after = _signoffs(old), _signoffs(new)
    changes = []
    for key in before.keys() | after.keys():
        was = _state(before[key]) if key in before else None
        now = _state(after[key]) if key in after else None
        if was == now:
            continue
        source = after.get(key) or before[key]
        change = "added" if was is None else "removed" if now is None else "changed"
        changes.append(SignoffChange(source.signoff.role, source.signoff.path, change, was, now))
    return tuple(sorted(changes, key=lambda c: (c.role, c.path)))
