"""Values that change with every commit, stamped into a built release last.

The evaluation time and source commit change with every new commit even when a release's
evidence and statuses did not. Pages are built (and cached) with placeholders for them, and
the real values, with status.json and manifest.json, are written after the build or the cache
restore. So an unchanged release is copied from the cache and only re-stamped.
"""
from __future__ import annotations

from pathlib import Path

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


def stamp_release(folder: Path, report: ReleaseReport) -> None:
    values = {EVALUATED_AT.encode(): (iso(report.evaluated_at) or "").encode(),
              SOURCE_COMMIT.encode(): report.source_commit.encode()}
    for path in folder.rglob("*"):
        if path.suffix in _STAMPED_SUFFIXES and path.is_file() and not path.is_symlink():
            _replace_in(path, values)
    for name, data in ((STATUS, status_json(report)), (MANIFEST, manifest_json(report))):
        (folder / name).write_text(json_text(data), encoding="utf-8")


def _replace_in(path: Path, values: dict[bytes, bytes]) -> None:
    data = path.read_bytes()
    if b"EVIDENCESTAMP" not in data:
        return
    for token, value in values.items():
        data = data.replace(token, value)
    path.write_bytes(data)
