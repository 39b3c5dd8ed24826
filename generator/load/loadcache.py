"""What loading found, kept between runs while what it was found in has not changed.

An evidence folder's scan (its files, records, verdicts and problems) depends only on what the
folder holds, the definitions it is checked against and the generator's rules. When every file
in it is committed or staged as is, git's blob ids name its contents, so the key is the
folder's listing with those ids: an unchanged folder is neither read nor scanned again. The
definitions and release files are few and small: their key is their bytes, so an unchanged
one is not parsed or validated again. One entry per folder or file set, replaced when its key
changes, so the cache never outgrows the repository.

Entries are pickled model objects. The cache folder is the user's own (as for the fact
cache), and unpickling is still limited to the model's classes and dates: an entry that names
anything else is refused and the folder scanned afresh.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
from functools import cache
from pathlib import Path
from typing import Any, Callable, Mapping

from ..files import write_atomically
from .factcache import cache_home, rules_fingerprint

LOADING_CODE = ("kinds", "model", "load")     # the code what is kept here depends on

_ALLOWED_MODULES = ("generator.model.",)
_ALLOWED_NAMES = {("datetime", name) for name in ("datetime", "date", "timedelta", "timezone")
                  } | {("generator.load.yamlsafe", "Node"), ("generator.load.yamlsafe", "NodeList")}


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED_NAMES or module.startswith(_ALLOWED_MODULES):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a model class")


def listing_key(root: Path, top: str, contents: Mapping[str, str], context: str) -> str | None:
    """A digest of every entry below `top` (type, path, blob id) and `context`; None when a
    file there has no blob id (new or changed in the working tree): it must be read."""
    if not os.path.isdir(os.path.join(root, top)):
        return hashlib.sha256(context.encode()).hexdigest()    # no such folder: nothing to scan
    lines, pending = [context], [top]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(f"{root}/{folder}") as scanner:
                for entry in scanner:
                    relpath = f"{folder}/{entry.name}"
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(relpath)
                        lines.append(f"d {relpath}")
                        continue
                    blob = contents.get(relpath)
                    if blob is None:
                        return None
                    lines.append(f"{'l' if entry.is_symlink() else 'f'} {relpath} {blob}")
        except OSError:
            return None
    lines[1:] = sorted(lines[1:])       # the order the file system lists in is its own
    return hashlib.sha256("\0".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def files_key(root: Path, paths: list[str], context: str) -> str:
    """A digest of each path's type and bytes (for a file) and `context`."""
    digest = hashlib.sha256(context.encode())
    for relpath in paths:
        path = os.path.join(root, relpath)
        if os.path.islink(path):
            digest.update(f"l {relpath} {os.readlink(path)}\n".encode())
        elif os.path.isfile(path):
            with open(path, "rb") as stream:
                digest.update(f"f {relpath} {hashlib.sha256(stream.read()).hexdigest()}\n"
                              .encode())
        else:
            digest.update(f"{'d' if os.path.isdir(path) else '-'} {relpath}\n".encode())
    return digest.hexdigest()


def repository_cache(root: Path, enabled: bool = True) -> "LoadCache":
    """The repository's cache, or one that keeps nothing when disabled (EVIDENCE_NO_CACHE)."""
    on = enabled and not os.environ.get("EVIDENCE_NO_CACHE")
    return LoadCache(cache_home(root) if on else None)


class LoadCache:
    def __init__(self, home: Path | None):
        self.home = home / "loaded" if home else None

    def _file(self, folder: str) -> Path:
        return self.home / (hashlib.sha256(folder.encode()).hexdigest()[:24] + ".pickle")

    def remembered(self, name: str, key: str | None, compute: Callable[[], Any]) -> Any:
        """compute(), or what it returned in an earlier run under the same key."""
        value = self.get(name, key)
        if value is None:
            value = compute()
            self.put(name, key, value)
        return value

    def has(self, folder: str) -> bool:
        """Whether anything is kept for `folder` (under whatever key)."""
        return self.home is not None and self._file(folder).is_file()

    def get(self, folder: str, key: str | None) -> Any | None:
        if self.home is None or key is None:
            return None
        try:
            kept_key, value = _ModelUnpickler(io.BytesIO(self._file(folder).read_bytes())).load()
        except Exception:     # missing, truncated, foreign or refused: scan afresh
            return None
        return value if kept_key == key else None

    def put(self, folder: str, key: str | None, value: Any) -> None:
        if self.home is None or key is None:
            return
        write_atomically(self._file(folder), pickle.dumps((key, value), protocol=5),
                         durable=False)


@cache
def _loading_code() -> str:
    return rules_fingerprint(LOADING_CODE)


def context_digest(*parts: Any) -> str:
    """What a load depends on besides its own files (and the loading code), as one string."""
    return hashlib.sha256(repr((_loading_code(), parts)).encode()).hexdigest()

