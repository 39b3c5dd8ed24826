"""Finding and redacting credentials in evidence text.

The rules live in `secret_rules`; this module runs them, resolves overlaps, honours the
allow-list, and rewrites text. A line carrying the marker `evidence:allow-secret` is never
reported; nor is a value listed in `allow` (the project's `extra.evidence.allow_secrets`).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Collection, Iterable, Mapping

from ..errors import ConfigError
from ..kinds import scannable_text
from ..model.problems import Problem
from .config import evidence_settings

if TYPE_CHECKING:
    from .secret_rules import Span

ALLOW_MARKER = "evidence:allow-secret"
SECRET_CODE = "secret-in-evidence"


@dataclass(frozen=True)
class SecretFinding:
    line: int        # 1-based
    column: int      # 1-based, in characters
    kind: str
    start: int       # offset of the secret's value in the text
    end: int         # offset just past it


def find_secrets(text: str, allow: Collection[str] = ()) -> list[SecretFinding]:
    """Every credential-looking value in `text`, in order, without overlaps."""
    # compiling the rules costs 25 ms: only a file not yet in the fact cache needs them
    from .secret_rules import assignment_spans, rule_spans, search
    lowered = _ascii_lower(text)
    found = search(lowered)
    spans = _without_overlaps([*rule_spans(text, lowered, found),
                               *assignment_spans(text, lowered, found)])
    if not spans:
        return []
    lines = _Lines(text)
    findings = []
    for span in spans:
        line, column = lines.position(span.reported_at)
        if text[span.start:span.end] in allow or ALLOW_MARKER in lines.text_of(line):
            continue
        findings.append(SecretFinding(line, column, span.kind, span.start, span.end))
    return findings


def allowed_secrets(mkdocs_config: Mapping[str, Any]) -> frozenset[str]:
    """The values listed under `extra.evidence.allow_secrets` in mkdocs.yml."""
    listed = evidence_settings(mkdocs_config).get("allow_secrets", [])
    if not isinstance(listed, list) or not all(isinstance(v, str) and v for v in listed):
        raise ConfigError("extra.evidence.allow_secrets must be a list of strings",
                          hint="quote each value exactly as it appears in the evidence")
    return frozenset(listed)


def redaction_mark(kind: str) -> str:
    return f"[REDACTED {kind}]"


def redact(text: str, allow: Collection[str] = ()) -> tuple[str, list[SecretFinding]]:
    """`text` with each secret's value replaced by `[REDACTED <kind>]`.

    Keys, header names and the rest of each line stay. A secret spanning lines (a private
    key) keeps its line breaks, so line numbers in the redacted text match the file's.
    """
    findings = find_secrets(text, allow)
    parts, position = [], 0
    for finding in findings:
        secret = text[finding.start:finding.end]
        parts.append(text[position:finding.start])
        parts.append(redaction_mark(finding.kind) + "\n" * secret.count("\n"))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts), findings


def find_secrets_in_bytes(data: bytes, allow: Collection[str] = ()) -> list[SecretFinding]:
    from .secret_rules import may_hold_secret
    if not may_hold_secret(data):
        return []
    text = scannable_text(data)
    return [] if text is None else find_secrets(text, allow)


def secret_problems(path: str, findings: Iterable[SecretFinding]) -> list[Problem]:
    """One error per finding, for `evidence check`."""
    return [Problem(path, f.line, f.column, SECRET_CODE, "error",
                    f"possible {f.kind} committed as evidence",
                    f"remove it (and from git history) and rotate it; if it is not a secret, "
                    f"add `{ALLOW_MARKER}` to that line or list the value under "
                    f"extra.evidence.allow_secrets in mkdocs.yml")
            for f in findings]


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _ascii_lower(text: str) -> str:
    """Lower case with every offset unchanged (str.lower can lengthen a few characters)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


def _without_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Earliest first; of spans starting together the longest, then the more specific rule."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.start - s.end, s.priority)):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


class _Lines:
    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def text_of(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end]
