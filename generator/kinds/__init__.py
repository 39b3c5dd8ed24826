"""Evidence kinds: recognising a file's kind and checking its content.

Each kind module offers `check(data: bytes, options: Mapping) -> Verdict`. This module picks
the kind of a file and dispatches; it does no file I/O itself (callers pass the bytes).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping


@dataclass(frozen=True)
class Verdict:
    verdict: str                           # "pass" | "fail" | "invalid"
    reasons: tuple[str, ...] = ()
    collected_at: datetime | None = None   # time the content says it was collected, if any
    details: Mapping[str, Any] = field(default_factory=dict)   # kind-specific summary for display

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"
