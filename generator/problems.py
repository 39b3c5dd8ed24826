"""Problems found while checking a repository: what `evidence check` reports."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    code: str
    severity: str          # "error" | "warning"
    message: str
    hint: str
