"""Per-release build keys, and the local build cache: a release whose inputs are unchanged
is taken from it, not rebuilt.

A release's key hashes everything its built folder depends on, and nothing of any other
release: its status and manifest JSON, the SHA-256 of each of its evidence files (as loaded,
which is what staging renders), the generator's own files (templates, assets, code), the
base mkdocs.yml, content/docs/, the theme's custom_dir,
whether a PDF is made (and who signs it), and the build engine with the versions of its
distributions (MkDocs and Material, ProperDocs and Material, or Zensical). The root pages'
key hashes the same shared part and every release's status.

Two keys per release: the site key counts the stamped values (evaluation time, source
commit), as the published folder holds them (buildinfo.py); the local cache keeps folders
before stamping, so its key leaves them out unless a pack (whose cover prints them) is made.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Mapping

import orjson

from ...files import link_tree, write_atomically
from ...load.config import custom_dir_of
from ...model.results import ReleaseReport
from ..json import manifest_json, status_json
from .buildinfo import files_under, folder_digest
from .stamp import volatile_free

GENERATOR = Path(__file__).resolve().parents[2]
_SOURCE_SUFFIXES = {".py", ".j2", ".css", ".html", ".js", ".json", ".yml", ".yaml"}


def tree_digest(folder: Path, suffixes: set[str] | None = None) -> str:
    """Hash of every regular file's relative path and bytes under `folder`."""
    digest = hashlib.sha256()
    for relative, entry in files_under(folder):
        if entry.is_symlink() or not entry.is_file() or "__pycache__" in relative.split("/"):
            continue
        if suffixes and os.path.splitext(entry.name)[1] not in suffixes:
            continue
        digest.update(relative.encode() + b"\0")
        with open(entry.path, "rb") as file:
            digest.update(hashlib.file_digest(file, "sha256").digest())
    return digest.hexdigest()


def shared_inputs(root: Path, pdf_for: Callable | None, base_config: dict,
                  tools: dict[str, str]) -> str:
    """The part of every release's key that is the same for all releases. `tools`: the
    engine's name and its distributions' versions."""
    base = root / "mkdocs.yml"
    parts = {
        "generator": tree_digest(GENERATOR, _SOURCE_SUFFIXES),
        "base_config": hashlib.sha256(base.read_bytes()).hexdigest() if base.is_file() else None,
        "handwritten": tree_digest(root / "content" / "docs"),
        "custom_dir": tree_digest(custom) if (custom := custom_dir_of(root, base_config)) else None,
        "pdf": (getattr(pdf_for, "identity", None) or
                f"{pdf_for.__module__}.{getattr(pdf_for, '__qualname__', '')}") if pdf_for else None,
        "tools": tools,
    }
    return _hash(parts)


def release_keys(report: ReleaseReport, shared: str,
                 status: dict | None = None) -> tuple[str, str]:
    """(the key with the evaluation time and source commit, the key without them). stamp.py
    writes those two in after the build, so the local cache, which keeps folders before
    stamping, uses the second unless a pack (whose cover prints them) is made. `status`:
    the report's status_json, when made already."""
    parts = _key_parts(report, shared, status)
    return _hash(parts), _hash({**parts, "status": volatile_free(parts["status"]),
                                "manifest": volatile_free(parts["manifest"])})


def release_key(report: ReleaseReport, shared: str, status: dict | None = None) -> str:
    """release_keys' first, alone: the key a release's folder in a built site records."""
    return _hash(_key_parts(report, shared, status))


def _key_parts(report: ReleaseReport, shared: str, status: dict | None) -> dict:
    return {"shared": shared, "status": status or status_json(report),
            "manifest": manifest_json(report),
            "evidence": {e.file.path: e.file.sha256 for e in _evidence(report)}}


def status_digest(status: dict) -> str:
    return _hash(status)


def root_key(status_digests: list[str], shared: str) -> str:
    """The root pages (release list, matrix, changes) show every release's statuses."""
    return _hash({"shared": shared, "releases": status_digests})


@dataclass(frozen=True)
class KnownKey:
    """What a release's folder must record to be reused, made before the build (on both
    cores, with no report kept: build.SiteCheck)."""
    version: str
    key: str                 # release_key
    status_digest: str


def known_key(report: ReleaseReport, shared: str) -> KnownKey:
    status = status_json(report)
    return KnownKey(report.version, release_key(report, shared, status), status_digest(status))


class BuildKeys:
    """One build's keys: each release's (release_keys) and the root pages' (root_key), each
    made once, as each hashes whole status and manifest JSON; `known`: those made already."""

    def __init__(self, reports: list[ReleaseReport], shared: str,
                 known: Mapping[str, KnownKey] | None = None):
        self.shared, self._reports, self._releases = shared, reports, {}
        self._statuses: dict[str, dict] = {}
        self._known = known or {}

    def release(self, report: ReleaseReport) -> tuple[str, str]:
        if report.version not in self._releases:
            self._releases[report.version] = release_keys(report, self.shared,
                                                          self._status(report))
        return self._releases[report.version]

    def stamped(self, report: ReleaseReport) -> str:
        known = self._known.get(report.version)
        return known.key if known else self.release(report)[0]

    @cached_property
    def root(self) -> str:
        return root_key([known.status_digest if (known := self._known.get(r.version))
                         else status_digest(self._status(r)) for r in self._reports],
                        self.shared)

    def _status(self, report: ReleaseReport) -> dict:
        if report.version not in self._statuses:
            self._statuses[report.version] = status_json(report)
        return self._statuses[report.version]


def cached_folder(cache_dir: Path, version: str, key: str) -> Path | None:
    """The release's folder kept under `key`, if its files are still those stored: they are
    hard links into sites built since, which someone may have edited in place."""
    release_dir = cache_dir / _safe(version)
    folder, marker = release_dir / key, release_dir / f"{key}{_DONE}"
    try:
        stored = marker.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return None
    return folder if folder.is_dir() and stored == folder_digest(folder) else None


def store(cache_dir: Path, version: str, key: str, built: Path) -> None:
    """Keep a built release in the cache (as hard links: nothing writes into a built
    folder's files), replacing older entries of that release."""
    release_dir = cache_dir / _safe(version)
    release_dir.mkdir(parents=True, exist_ok=True)
    partial = release_dir / f".{key}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    link_tree(built, partial)
    digest = folder_digest(partial)
    for old in release_dir.iterdir():
        if old == partial:
            continue
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
    partial.rename(release_dir / key)
    write_atomically(release_dir / f"{key}{_DONE}", digest, durable=False)


def restore(folder: Path, destination: Path) -> None:
    link_tree(folder, destination)


_DONE = ".complete"          # beside a kept folder: the digest of its files when stored


def _evidence(report: ReleaseReport):
    seen = {e.file.path: e for e in report.evidence}
    for item in report.items:
        for e in item.evidence:
            seen.setdefault(e.file.path, e)
    return [seen[p] for p in sorted(seen)]


def _hash(data) -> str:
    # orjson: a tenth of the standard library's time on every release's status and manifest
    try:
        text = orjson.dumps(data, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except TypeError:           # what orjson refuses (an integer past 64 bits): json decides
        text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()
    return hashlib.sha256(text).hexdigest()[:32]


def _safe(version: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in version) or "_"
