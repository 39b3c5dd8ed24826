"""When a piece of evidence was collected: the time it states, bounded by what git proves.

A stated time (a `collected:` field, a probe's `observed_at`, a report's own timestamp) is
self-reported. A file cannot have been collected after the commit that last changed it (nor,
uncommitted, after the evaluation time), so a later stated time, beyond a small allowance for
clocks that differ, is refused: the next stated time that is possible is used (a sidecar
cannot make a 2020 probe fresh), else that commit's time, and the reason says so. Without a
stated time the commit that added the file gives it.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from ..model.project import EvidenceFile, FileHistory
from ..model.results import Verdict
from ..model.times import iso

CLOCK_SKEW = timedelta(minutes=15)


def collected_time(file: EvidenceFile, verdict: Verdict, history: FileHistory,
                   as_of: datetime) -> tuple[datetime | None, str | None]:
    """(the time that decides freshness, why a stated time was refused or None). The
    sidecar's or front matter's `collected:` comes first, then the time in the content."""
    stated = [t for t in (file.collected, verdict.collected_at) if t is not None]
    if not stated:
        added = history.added
        return (added.committed_at if added else None), None
    changed = history.changed
    bound, what = ((changed.committed_at, f"commit {changed.sha[:10]}") if changed
                   else (as_of, "the evaluation time"))
    believed = next((t for t in stated if t <= bound + CLOCK_SKEW), bound)
    refused = stated[0] if stated[0] > bound + CLOCK_SKEW else None
    if refused is None:
        return believed, None
    return believed, (f"states it was collected {iso(refused)}, after {what} ({iso(bound)}) "
                      f"that holds it; {iso(believed)} is used instead")
