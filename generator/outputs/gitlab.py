"""`evidence check --format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`).

The documented fields only: description, check_name, fingerprint, severity and
location.path / location.lines.begin. GitLab shows one finding per fingerprint, so each
problem has its own (fingerprints.py).
"""
from __future__ import annotations

from typing import Any, Sequence

from ..model.problems import Problem
from .fingerprints import fingerprints

SEVERITY = {"error": "major", "warning": "minor"}   # of info, minor, major, critical, blocker


def code_quality(problems: Sequence[Problem]) -> list[dict[str, Any]]:
    return [{"description": f"{p.message} ({p.hint})" if p.hint else p.message,
             "check_name": p.code,
             "fingerprint": fingerprint,
             "severity": SEVERITY.get(p.severity, "info"),
             "location": {"path": p.path, "lines": {"begin": max(p.line, 1)}}}
            for p, fingerprint in zip(problems, fingerprints(problems))]
