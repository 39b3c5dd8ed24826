"""Reading evidence content for display: the one place outputs get evidence bytes and text.

Evidence is untrusted. Paths are repository-relative; anything that is a symbolic link or
resolves outside the repository is refused.
"""
from __future__ import annotations

from pathlib import Path
from typing import Collection

from .secrets import redact


class OutsideRepository(ValueError):
    pass


def safe_path(root: Path | str, relpath: str) -> Path:
    root = Path(root).resolve()
    candidate = root / relpath
    if candidate.is_symlink():
        raise OutsideRepository(f"{relpath}: symbolic links are not followed")
    resolved = candidate.resolve()
    if root not in resolved.parents:
        raise OutsideRepository(f"{relpath}: resolves outside the repository")
    return resolved


def read_evidence_bytes(root: Path | str, relpath: str) -> bytes:
    return safe_path(root, relpath).read_bytes()


def read_evidence_text(root: Path | str, relpath: str,
                       redact_allowing: Collection[str] | None = None) -> str:
    """The file's text as shown to readers: UTF-8 (undecodable bytes replaced). With
    `redact_allowing` (the project's allowed values, `allowed_secrets(config)`), every detected
    secret is replaced by `[REDACTED <kind>]`, so a key committed by mistake is never
    published; callers pass None for a file the loader found clean (EvidenceFile.has_secret)."""
    text = read_evidence_bytes(root, relpath).decode("utf-8", errors="replace")
    if redact_allowing is None:
        return text
    return redact(text, redact_allowing)[0]
