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


CHECK_OPTIONS: dict[str, set[str]] = {
    "junit": {"min_tests", "allow_skipped"},
    "sarif": {"fail_on"},
    "http-headers": {"require", "status", "rules"},
    "probe": {"expect"},
    "document": {"min_words"}, "runbook": {"min_words"}, "release-notes": {"min_words"},
}


def detect_kind(path: str, head: bytes) -> str:
    """Provisional recogniser (the full one lives with the kind parsers)."""
    name = path.lower()
    if name.endswith((".sarif", ".sarif.json")):
        return "sarif"
    if name.endswith((".http", ".headers")) or head.startswith(b"HTTP/"):
        return "http-headers"
    if name.endswith((".png", ".jpg", ".jpeg", ".webp")):
        return "screenshot"
    if name.endswith((".md", ".markdown")):
        return "document"
    if name.endswith(".xml") and b"<testsuite" in head:
        return "junit"
    if name.endswith((".yml", ".yaml")):
        for kind in (b"signoff", b"waiver"):
            if b"kind: " + kind in head:
                return kind.decode()
    if name.endswith(".json") and b'"status"' in head:
        return "probe"
    return "any"


def check_evidence(kind: str, data: bytes, options, path: str) -> Verdict:
    """Provisional: presence only (the full checks live with the kind parsers)."""
    return Verdict("pass", ("present",))
