"""What changed, as JSON, text and Markdown: `evidence diff`, `check --base`, the changes page."""
from __future__ import annotations

from typing import Any

from ..evaluate.diff import ChangeSet, ReleaseDiff, SignoffState
from ..model.status import STATUSES
from .markdown_text import code, escape, plain


def diff_json(diff: ReleaseDiff) -> dict[str, Any]:
    return _diff_json(diff)


def changeset_json(changes: ChangeSet) -> dict[str, Any]:
    return {"roles": [{"role": c.role, "added": list(c.added), "removed": list(c.removed)}
                      for c in changes.roles],
            "added": list(changes.added), "removed": list(changes.removed),
            "new_releases": [_summary_json(d) for d in changes.releases if d.old is None],
            "releases": [_diff_json(d) for d in changes.changed]}


def diff_text(diff: ReleaseDiff) -> str:
    return "\n".join(_diff_text(diff)) + "\n"


def changeset_text(changes: ChangeSet) -> str:
    return "\n".join(_changeset_text(changes)) + "\n"


def diff_markdown(diff: ReleaseDiff, heading_level: int = 2) -> str:
    return _joined(_diff_markdown(diff, heading_level))


def changeset_markdown(changes: ChangeSet, heading_level: int = 2) -> str:
    return _joined(_changeset_markdown(changes, heading_level))


def _joined(lines: list[str]) -> str:
    return "\n".join(lines).rstrip("\n") + "\n"


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


def _roster_lines(changes: ChangeSet, clean) -> list[str]:
    return [f"role {clean(c.role)}: " + "; ".join(part for part in (
        f"adds {', '.join(map(clean, c.added))}" if c.added else "",
        f"removes {', '.join(map(clean, c.removed))}" if c.removed else "") if part)
        for c in changes.roles]


def _changeset_text(changes: ChangeSet) -> list[str]:
    if changes.is_empty:
        return ["No release changes."]
    lines = [f"roster: {line}" for line in _roster_lines(changes, plain)]
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


def _diff_markdown(diff: ReleaseDiff, level: int, base: str | None = None) -> list[str]:
    """`base`: the change's base, when the diff is of one release before and after a change."""
    before, after = (escape(diff.old) if diff.old else "—"), escape(diff.new)
    if base is not None and diff.old == diff.new:
        before, after = f"{escape(base)} (base)", "this change"
    lines = [_heading(level, escape(_title(diff))), "",
             f"| | {before} | {after} |", "|---|---|---|",
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
            lines += [f"- {escape(e.title)} ({code(e.ref)}), {e.status}" for e in entries]
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
        lines += [f"| {escape(c.title)} ({code(c.ref)}) | {c.before} | "
                  f"{escape(c.reasons[0]) if c.reasons else ''} |" for c in group]
        lines.append("")
    return lines


def _changeset_markdown(changes: ChangeSet, level: int) -> list[str]:
    if changes.is_empty:
        return ["No release changes.", ""]
    lines = []
    if changes.roles:
        lines += [_heading(level, "Roster changes (who may sign)"), ""]
        lines += [f"- ⚠️ {line}" for line in _roster_lines(changes, escape)] + [""]
    new = [d for d in changes.releases if d.old is None]
    if new or changes.removed:
        lines += [_heading(level, "Releases"), ""]
        lines += [f"- new release {escape(d.new)}: completion {percent(d.completion_after)}, "
                  f"ready {yes_no(d.ready_after)}" for d in new]
        lines += [f"- removed release {escape(v)}" for v in changes.removed]
        lines.append("")
    for diff in changes.changed:
        lines += _diff_markdown(diff, level, changes.base)
    return lines
