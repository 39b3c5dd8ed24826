"""Reading evidence content for display: the one place outputs get evidence bytes and text.

Evidence is untrusted. Paths are repository-relative; anything that is a symbolic link or
resolves outside the repository is refused.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .secrets import allowed_secrets, redact
from .config import read_base_config


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


def read_evidence_text(root: Path | str, relpath: str, has_secret: bool = True) -> str:
    """The file's text as shown to readers: UTF-8 (undecodable bytes replaced), with every
    detected secret replaced by `[REDACTED <kind>]` so a key committed by mistake is never
    published. Callers holding the loader's verdict (EvidenceFile.has_secret) may pass it to
    skip scanning a file already known to be clean."""
    text = read_evidence_bytes(root, relpath).decode("utf-8", errors="replace")
    if not has_secret:
        return text
    return redact(text, _allowed(str(Path(root).resolve())))[0]


@lru_cache(maxsize=8)
def _allowed(root: str) -> frozenset[str]:
    try:
        return allowed_secrets(read_base_config(Path(root)))
    except ValueError:
        return frozenset()
