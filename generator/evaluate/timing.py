"""When a release is judged.

A release still in progress is judged at the evaluation time (HEAD's committer time unless
--as-of says otherwise). A released release is judged at a fixed time: the end of its last
after-release window (`released_at` plus the longest `after-release` due among its items),
or the evaluation time when that is earlier. Once that window has closed, nothing but a
change to the release's own inputs can change its statuses, so its site folder and pack stay
byte-identical from commit to commit.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable

from ..model.project import Checklist, Release


def judgment_time(release: Release, checklists: Iterable[Checklist], as_of: datetime) -> datetime:
    if release.released_at is None:
        return as_of
    dues = [item.due_after_release for checklist in checklists
            if checklist.id in release.checklists
            for item in checklist.items if item.due_after_release is not None]
    window_end = release.released_at + max(dues, default=timedelta(0))
    return min(as_of, window_end)
