"""What each check of `evidence verify` found: one Finding per subject and fact, in buckets."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    path: str            # what the finding is about: a file, `item <ref>`, `signature <field>`
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.detail}"


@dataclass
class Findings:
    """matches: checks passed; mismatches: checks failed (the pack is not verified);
    unchecked: what could not be checked with what was given (says how to check it);
    notes: facts for the reader, neither good nor bad; errors: checks that could not run."""
    matches: list[Finding] = field(default_factory=list)
    mismatches: list[Finding] = field(default_factory=list)
    unchecked: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def match(self, path: str, detail: str) -> None:
        self.matches.append(Finding(path, detail))

    def mismatch(self, path: str, detail: str) -> None:
        self.mismatches.append(Finding(path, detail))

    def add(self, other: Findings) -> None:
        for name in ("matches", "mismatches", "unchecked", "notes", "errors"):
            getattr(self, name).extend(getattr(other, name))
