"""`.build.json` in every built release folder (and in the root pages' folder): what the
folder was built from, so that a published site, restored into `--out`, is its own cache.

It records the folder's build key (cache.py), the generator's version and the engine, and a
digest of every other file in the folder. A folder is reused only when its key is the one
the current inputs give and its files still hash to the recorded digest: a truncated,
edited or foreign folder (another repository's inputs give other keys) is built again.
"""
from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ... import __version__

BUILD_FILE = ".build.json"
FORMAT = 1
# Added beside a pack after the build (the publish workflow's attestation bundles): they
# verify themselves, and are not part of what the build wrote.
ADDED_AFTER_BUILD = (".sigstore.json",)


def folder_digest(folder: Path) -> str:
    """sha256 over every file's relative path and bytes, but the record itself and what is
    added after the build. A symbolic link, which a build never writes, makes the folder
    unusable."""
    listing = files_under(folder)
    if any(entry.is_symlink() for _, entry in listing):
        return "symbolic-link"
    listing = [(relative, entry) for relative, entry in listing if entry.is_file()
               and relative != BUILD_FILE and not entry.name.endswith(ADDED_AFTER_BUILD)]
    signature = _stat_signature(listing) if _memo is not None else None
    if signature and signature in _memo.known:
        _memo.kept[signature] = _memo.known[signature]
        return _memo.known[signature]
    digest = hashlib.sha256()
    for relative, entry in listing:
        digest.update(relative.encode() + b"\0")
        with open(entry.path, "rb") as file:
            digest.update(hashlib.file_digest(file, "sha256").digest())
    if signature:
        _memo.kept[signature] = digest.hexdigest()
    return digest.hexdigest()


@dataclass
class _Memo:
    known: dict[str, str]                         # stats signature -> folder digest
    kept: dict[str, str] = field(default_factory=dict)    # what this run looked up or made


_memo: _Memo | None = None


@contextmanager
def remembered_digests(file: Path | None) -> Iterator[None]:
    """While in this block, folder_digest takes a digest from `file` (the local cache) when
    every file of the folder has the inode, size, modification and change times it had when
    it was hashed, as git's index does; what was looked up or hashed is kept in `file`
    afterwards. A restored site (new inodes and times) is hashed in full."""
    global _memo
    if file is None:
        yield
        return
    try:
        known = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    _memo = _Memo(known if isinstance(known, dict) else {})
    try:
        yield
    finally:
        kept, _memo = _memo.kept, None
        _keep(file, kept)


def _keep(file: Path, digests: dict[str, str]) -> None:
    """Only a shortcut: a cache that cannot be written costs the next build a hashing."""
    partial = file.with_name(f".{file.name}.{os.getpid()}")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
        partial.replace(file)
    except OSError:
        with suppress(OSError):
            partial.unlink()


def _stat_signature(listing: list[tuple[str, os.DirEntry]]) -> str:
    digest = hashlib.sha256()
    for relative, entry in listing:
        stat = entry.stat(follow_symlinks=False)
        digest.update(f"{relative}\0{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}:"
                      f"{stat.st_ctime_ns}\0".encode())
    return digest.hexdigest()


def files_under(folder: Path) -> list[tuple[str, os.DirEntry]]:
    """Every entry under `folder` (symbolic links not followed), by relative posix path, in
    the order of sorted Paths (part by part)."""
    found: list[tuple[tuple[str, ...], os.DirEntry]] = []

    def visit(directory: str, parts: tuple[str, ...]) -> None:
        with os.scandir(directory) as entries:
            for entry in entries:
                found.append(((*parts, entry.name), entry))
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, (*parts, entry.name))
    if folder.is_dir():
        visit(str(folder), ())
    return [("/".join(parts), entry) for parts, entry in sorted(found, key=lambda f: f[0])]


def write_record(folder: Path, name: str, key: str, engine: str, *,
                 restamp: dict[str, Any] | None = None) -> None:
    """`restamp`: for a release folder, its key without the per-commit values, the values it
    was stamped with and where (stamp.py), so that a later commit can re-stamp it."""
    record = {"format": FORMAT, "name": name, "key": key, "generator": __version__,
              "engine": engine, "files": folder_digest(folder), **(restamp or {})}
    (folder / BUILD_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def read_record(folder: Path) -> dict[str, Any] | None:
    try:
        record = json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("format") == FORMAT else None


def recorded(folder: Path, name: str, key: str) -> dict[str, Any] | None:
    """The record of `folder` when it says it is `name` built from inputs with this key (its
    files not looked at)."""
    if not folder.is_dir() or folder.is_symlink():
        return None
    record = read_record(folder)
    return record if (record is not None and record.get("name") == name
                      and record.get("key") == key) else None


def reusable(folder: Path, name: str, key: str, files: str | None = None) -> bool:
    """Whether `folder` is `name` built from inputs with this key, with its files intact.
    `files`: its folder_digest, when made already."""
    record = recorded(folder, name, key)
    return record is not None and record.get("files") == (files or folder_digest(folder))


def restamp_fields(unstamped: str, values: dict[str, bytes],
                   stamps: dict[str, list]) -> dict[str, Any]:
    return {"unstamped": unstamped, "stamped": {k: v.decode() for k, v in values.items()},
            "stamps": stamps}


def restampable(folder: Path, name: str, unstamped: str) -> dict[str, Any] | None:
    """The record of `folder` when it is `name` built from these inputs but another commit's
    per-commit values, with its files intact."""
    record = read_record(folder) if folder.is_dir() and not folder.is_symlink() else None
    if (record is None or record.get("name") != name or record.get("unstamped") != unstamped
            or not isinstance(record.get("stamped"), dict)
            or not isinstance(record.get("stamps"), dict)):
        return None
    return record if record.get("files") == folder_digest(folder) else None


def recorded_key(folder: Path) -> str | None:
    record = read_record(folder)
    return str(record.get("key")) if record else None
