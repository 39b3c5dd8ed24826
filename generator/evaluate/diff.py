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
from typing import Any, Iterable, Mapping

from ..outputs.markdown_text import code, escape, plain
from ..model.project import STATUSES
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

    def to_json(self) -> dict[str, Any]:
        return _diff_json(self)

    def to_text(self) -> str:
        return "\n".join(_diff_text(self)) + "\n"

    def to_markdown(self, heading_level: int = 2) -> str:
        return _joined(_diff_markdown(self, heading_level))


@dataclass(frozen=True)
class ChangeSet:
    """What a change does to every release: one ReleaseDiff per release at the head."""
    releases: tuple[ReleaseDiff, ...]     # by version; a new release has old=None
    removed: tuple[str, ...]

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(d.new for d in self.releases if d.old is None)

    @property
    def changed(self) -> tuple[ReleaseDiff, ...]:
        return tuple(d for d in self.releases if d.old is not None and not d.is_empty)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_json(self) -> dict[str, Any]:
        return {"added": list(self.added), "removed": list(self.removed),
                "new_releases": [_summary_json(d) for d in self.releases if d.old is None],
                "releases": [d.to_json() for d in self.changed]}

    def to_text(self) -> str:
        return "\n".join(_changeset_text(self)) + "\n"

    def to_markdown(self, heading_level: int = 2) -> str:
        return _joined(_changeset_markdown(self, heading_level))


def _joined(lines: list[str]) -> str:
    return "\n".join(lines).rstrip("\n") + "\n"


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
        completion_before=old.completion if old else None, completion_after=new.completion,
        ready_before=old.ready if old else None, ready_after=new.ready)


def diff_report_sets(base: Mapping[str, ReleaseReport],
                     head: Mapping[str, ReleaseReport]) -> ChangeSet:
    return ChangeSet(
        releases=tuple(diff_reports(base.get(v), head[v]) for v in _by_version(head)),
        removed=tuple(v for v in _by_version(base) if v not in head))


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


# --- JSON -----------------------------------------------------------------------------------

def _state_json(state: SignoffState | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {"approver": state.approver, "decision": state.decision,
            "verified": state.verified, "stale": state.stale}


def _summary_json(diff: ReleaseDiff) -> dict[str, Any]:
    return {"old": diff.old, "new": diff.new,
            "completion": {"before": _rounded(diff.completion_before),
                           "after": _rounded(diff.completion_after)},
            "ready": {"before": diff.ready_before, "after": diff.ready_after}}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _diff_json(diff: ReleaseDiff) -> dict[str, Any]:
    return {
        **_summary_json(diff),
        "status_changes": [{"ref": c.ref, "title": c.title, "before": c.before,
                            "after": c.after, "reasons": list(c.reasons)}
                           for c in diff.status_changes],
        "items_added": [vars(e) for e in diff.items_added],
        "items_removed": [vars(e) for e in diff.items_removed],
        "evidence": [{"path": f.path, "change": f.change, "sha256_before": f.sha_before,
                      "sha256_after": f.sha_after} for f in diff.evidence],
        "signoffs": [{"role": s.role, "path": s.path, "change": s.change,
                      "before": _state_json(s.before), "after": _state_json(s.after),
                      "became_stale": s.became_stale} for s in diff.signoffs],
    }


# --- text -----------------------------------------------------------------------------------

def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def yes_no(value: bool | None) -> str:
    return "—" if value is None else "yes" if value else "no"


def _title(diff: ReleaseDiff) -> str:
    if diff.old is None:
        return f"{plain(diff.new)} (nothing before it)"
    if diff.old == diff.new:
        return f"{plain(diff.new)}"
    return f"{plain(diff.old)} → {plain(diff.new)}"


def _state_text(state: SignoffState | None, clean=plain) -> str:
    """A sign-off's state in a line; `clean` makes its evidence-derived words safe to show."""
    if state is None:
        return "none"
    flags = ["verified" if state.verified else "unverified"] + (["stale"] if state.stale else [])
    return f"{clean(state.decision)} by {clean(state.approver)} ({', '.join(flags)})"


def _short(sha: str | None) -> str:
    return (sha or "")[:12]


def _diff_text(diff: ReleaseDiff) -> list[str]:
    lines = [_title(diff),
             f"  completion: {percent(diff.completion_before)} → {percent(diff.completion_after)}",
             f"  ready: {yes_no(diff.ready_before)} → {yes_no(diff.ready_after)}"]
    if diff.status_changes:
        lines.append(f"  item status changes ({len(diff.status_changes)}):")
        for c in diff.status_changes:
            lines.append(f"    {plain(c.ref)}: {c.before} → {c.after}")
            lines += [f"      - {plain(r)}" for r in c.reasons]
    for label, entries in (("items added", diff.items_added),
                           ("items removed", diff.items_removed)):
        if entries:
            lines.append(f"  {label} ({len(entries)}):")
            lines += [f"    {plain(e.ref)}: {plain(e.title)} [{e.status}]" for e in entries]
    if diff.evidence:
        lines.append(f"  evidence: {_evidence_counts(diff)}")
        marks = {"added": "+", "removed": "-", "changed": "~"}
        for f in diff.evidence:
            shas = (f" ({_short(f.sha_before)} → {_short(f.sha_after)})"
                    if f.change == "changed" else "")
            lines.append(f"    {marks[f.change]} {plain(f.path)}{shas}")
    if diff.signoffs:
        lines.append(f"  sign-offs ({len(diff.signoffs)}):")
        for s in diff.signoffs:
            lines.append(f"    {plain(s.role)} {s.change}: {_state_text(s.before)} → "
                         f"{_state_text(s.after)}" + ("  [now stale]" if s.became_stale else ""))
    if diff.is_empty:
        lines.append("  no changes")
    return lines


def _evidence_counts(diff: ReleaseDiff) -> str:
    return ", ".join(f"{diff.evidence_count(c)} {c}" for c in ("added", "removed", "changed"))


def _changeset_text(changes: ChangeSet) -> list[str]:
    if changes.is_empty:
        return ["No release changes."]
    lines = []
    for diff in changes.releases:
        if diff.old is None:
            lines.append(f"new release {plain(diff.new)}: completion "
                         f"{percent(diff.completion_after)}, ready {yes_no(diff.ready_after)}")
    lines += [f"removed release {plain(v)}" for v in changes.removed]
    for diff in changes.changed:
        lines += _diff_text(diff)
    return lines


# --- Markdown -------------------------------------------------------------------------------

def _heading(level: int, text: str) -> str:
    return f"{'#' * max(1, min(level, 6))} {text}"


def _state_markdown(state: SignoffState | None) -> str:
    return _state_text(state, escape)


def _diff_markdown(diff: ReleaseDiff, level: int) -> list[str]:
    old = escape(diff.old) if diff.old else "—"
    lines = [_heading(level, escape(_title(diff))), "",
             f"| | {old} | {escape(diff.new)} |", "|---|---|---|",
             f"| Completion | {percent(diff.completion_before)} | "
             f"{percent(diff.completion_after)} |",
             f"| Ready | {yes_no(diff.ready_before)} | {yes_no(diff.ready_after)} |", ""]
    if diff.status_changes:
        lines += [_heading(level + 1, f"Item status ({len(diff.status_changes)})"), ""]
        lines += _status_change_tables(diff.status_changes, level + 2)
    for label, entries in (("Items added", diff.items_added),
                           ("Items removed", diff.items_removed)):
        if entries:
            lines += [_heading(level + 1, f"{label} ({len(entries)})"), ""]
            lines += [f"- {code(e.ref)} {escape(e.title)} ({e.status})" for e in entries]
            lines.append("")
    if diff.evidence:
        lines += [_heading(level + 1, f"Evidence ({_evidence_counts(diff)})"), ""]
        for f in diff.evidence:
            shas = (f" (`{_short(f.sha_before)}` → `{_short(f.sha_after)}`)"
                    if f.change == "changed" else "")
            lines.append(f"- {f.change} {code(f.path)}{shas}")
        lines.append("")
    if diff.signoffs:
        lines += [_heading(level + 1, f"Sign-offs ({len(diff.signoffs)})"), ""]
        for s in diff.signoffs:
            stale = " — **now stale**" if s.became_stale else ""
            lines.append(f"- {escape(s.role)} ({code(s.path)}), {s.change}: "
                         f"{_state_markdown(s.before)} → {_state_markdown(s.after)}{stale}")
        lines.append("")
    if diff.is_empty:
        lines += ["No changes.", ""]
    return lines


def _status_change_tables(changes, level: int) -> list[str]:
    """One table per new status, in the order statuses are decided, worst first."""
    lines = []
    for status in STATUSES:
        group = [c for c in changes if c.after == status]
        if not group:
            continue
        lines += [_heading(level, f"Now {status} ({len(group)})"), "",
                  "| Item | Was | Why |", "|---|---|---|"]
        lines += [f"| {code(c.ref)} {escape(c.title)} | {c.before} | "
                  f"{escape(c.reasons[0]) if c.reasons else ''} |" for c in group]
        lines.append("")
    return lines


def _changeset_markdown(changes: ChangeSet, level: int) -> list[str]:
    if changes.is_empty:
        return ["No release changes.", ""]
    lines = []
    new = [d for d in changes.releases if d.old is None]
    if new or changes.removed:
        lines += [_heading(level, "Releases"), ""]
        lines += [f"- new release {escape(d.new)}: completion {percent(d.completion_after)}, "
                  f"ready {yes_no(d.ready_after)}" for d in new]
        lines += [f"- removed release {escape(v)}" for v in changes.removed]
        lines.append("")
    for diff in changes.changed:
        lines += _diff_markdown(diff, level)
    return lines
