"""Values that change with every commit, stamped into a built release last.

The evaluation time and source commit change with every new commit even when a release's
evidence and statuses did not. Pages are built (and cached) with placeholders for them, and
the real values, with status.json and manifest.json, are written after the build or the cache
restore. So an unchanged release is copied from the cache and only re-stamped.
"""
from __future__ import annotations

import re
from pathlib import Path

from ...files import write_all_atomically
from ...model.results import ReleaseReport
from ...model.times import iso
from ..json import json_text, manifest_json, status_json
from ..names import MANIFEST, STATUS

EVALUATED_AT = "EVIDENCESTAMPEVALUATEDAT"  # plain letters: no escaping touches them
SOURCE_COMMIT = "EVIDENCESTAMPSOURCECOMMIT"
_STAMPED_SUFFIXES = (".html", ".json", ".xml")


def volatile_free(data: dict) -> dict:
    """A status or manifest JSON without the per-commit fields (for cache keys)."""
    return {k: v for k, v in data.items() if k not in ("evaluated_at", "source_commit")}


_TOKEN = re.compile(rb"EVIDENCESTAMP(EVALUATEDAT|SOURCECOMMIT)")
Stamps = dict[str, list[list]]      # file (relative path) -> [[offset, field], ...]


def stamp_values(report: ReleaseReport) -> dict[str, bytes]:
    return {"EVALUATEDAT": (iso(report.evaluated_at) or "").encode(),
            "SOURCECOMMIT": report.source_commit.encode()}


def stamp_release(folder: Path, report: ReleaseReport) -> Stamps:
    """Write the values over the placeholders; returns where they went, so that a later
    commit can re-stamp the built folder in place (restamp_release)."""
    values, stamps, rewritten = stamp_values(report), {}, {}
    for path in sorted(folder.rglob("*")):
        if path.suffix in _STAMPED_SUFFIXES and path.is_file() and not path.is_symlink():
            data, marks = _replaced(path.read_bytes(), values)
            if marks:
                stamps[path.relative_to(folder).as_posix()] = marks
                rewritten[path] = data
    # new files, as in restamp_release: the folder's files may be hard links into the cache
    write_all_atomically({**rewritten, **_documents(folder, report)})
    return stamps


def restamp_release(folder: Path, stamped: dict[str, str], stamps: Stamps,
                    report: ReleaseReport) -> bool:
    """Put this report's values where an earlier stamping put `stamped`'s: only where they
    have the same length, so every recorded offset stays true. False when it cannot."""
    old, new = {k: v.encode() for k, v in stamped.items()}, stamp_values(report)
    if set(old) != set(new) or any(len(old[k]) != len(new[k]) for k in new):
        return False
    rewritten = {}
    for name, marks in stamps.items():
        path = (folder / name).resolve()
        if not path.is_relative_to(folder.resolve()) or not path.is_file():
            return False
        data = bytearray(path.read_bytes())
        for offset, field in marks:
            value = old.get(field)
            if value is None or data[offset:offset + len(value)] != value:
                return False
            data[offset:offset + len(value)] = new[field]
        rewritten[path] = bytes(data)
    # New files, not writes into the old ones: a reused folder's files are hard links
    # into the site being replaced (which must stay as it is until the swap) and the cache.
    write_all_atomically({**rewritten, **_documents(folder, report)})
    return True


def _documents(folder: Path, report: ReleaseReport) -> dict[Path, str]:
    return {folder / name: json_text(data)
            for name, data in ((STATUS, status_json(report)), (MANIFEST, manifest_json(report)))}


def _replaced(data: bytes, values: dict[str, bytes]) -> tuple[bytes, list[list]]:
    """`data` with the values written over its placeholders, and where they went."""
    if b"EVIDENCESTAMP" not in data:
        return data, []
    out, marks, start = bytearray(), [], 0
    for match in _TOKEN.finditer(data):
        out += data[start:match.start()]
        field = match.group(1).decode()
        marks.append([len(out), field])
        out += values[field]
        start = match.end()
    out += data[start:]
    return bytes(out), marks
