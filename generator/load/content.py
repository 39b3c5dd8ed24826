"""Reading evidence content for display: the one place outputs get evidence bytes and text.

Evidence is untrusted. Paths are repository-relative; anything that is a symbolic link or
resolves outside the repository is refused.
"""
from __future__ import annotations

import os
import posixpath
import stat
from pathlib import Path
from typing import Collection

from .secrets import redact


class OutsideRepository(ValueError):
    pass


def safe_path(root: Path | str, relpath: str) -> Path:
    """`relpath` below `root`, none of its folders nor itself a symbolic link: so it is inside
    the repository whatever `root` is (one lstat a part; resolving every path was a tenth of
    staging a release). A missing part raises FileNotFoundError."""
    normal = posixpath.normpath(relpath)
    if normal in (".", "..") or normal.startswith(("/", "../")):
        raise OutsideRepository(f"{relpath}: resolves outside the repository")
    path = os.fspath(root)
    for part in normal.split("/"):
        path = os.path.join(path, part)
        if stat.S_ISLNK(os.lstat(path).st_mode):
            raise OutsideRepository(f"{relpath}: symbolic links are not followed")
    return Path(path)


def read_evidence_bytes(root: Path | str, relpath: str) -> bytes:
    return safe_path(root, relpath).read_bytes()


def read_evidence_text(root: Path | str, relpath: str,
                       redact_allowing: Collection[str] | None = None) -> str:
    return shown_text(read_evidence_bytes(root, relpath), redact_allowing)


def shown_text(data: bytes, redact_allowing: Collection[str] | None = None) -> str:
    """A file's text as shown to readers: UTF-8 (undecodable bytes replaced). With
    `redact_allowing` (the project's allowed values, `allowed_secrets(config)`), every detected
    secret is replaced by `[REDACTED <kind>]`, so a key committed by mistake is never
    published; callers pass None for a file the loader found clean (EvidenceFile.has_secret)."""
    text = data.decode("utf-8", errors="replace")
    if redact_allowing is None:
        return text
    return redact(text, redact_allowing)[0]
