"""Reading evidence content for display: the one place outputs get evidence bytes and text.

Evidence is untrusted. Paths are repository-relative; anything that is a symbolic link or
resolves outside the repository is refused.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .secrets import allowed_secrets, find_secrets_in_bytes, redact
from .siteconfig import read_base_config


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


def read_evidence_text(root: Path | str, relpath: str) -> str:
    """The file's text as shown to readers: UTF-8 (undecodable bytes replaced), with every
    detected secret replaced by `[REDACTED <kind>]` so a key committed by mistake is never
    published."""
    text = read_evidence_bytes(root, relpath).decode("utf-8", errors="replace")
    return redact(text, _allowed(str(Path(root).resolve())))[0]


def has_secrets(root: Path | str, relpath: str) -> bool:
    """Whether the file holds a detected secret: its raw bytes must then not be published."""
    data = read_evidence_bytes(root, relpath)
    return bool(find_secrets_in_bytes(data, _allowed(str(Path(root).resolve()))))


@lru_cache(maxsize=8)
def _allowed(root: str) -> frozenset[str]:
    try:
        return allowed_secrets(read_base_config(Path(root)))
    except ValueError:
        return frozenset()
