"""Stable identities of problems, so CI tools can follow one problem across pushes.

A fingerprint hashes the code, the file and the message with its numbers masked: it stays the
same when lines move above the problem or a count of days left changes, and differs when the
problem is another one. Problems that still look alike are told apart by their order in the file.
"""
from __future__ import annotations

import hashlib
import re
from typing import Sequence

from ..model.problems import Problem

_NUMBER = re.compile(r"\d+")


def fingerprints(problems: Sequence[Problem]) -> list[str]:
    """One fingerprint per problem, in the order given."""
    seen: dict[tuple[str, str, str], int] = {}
    order = sorted(range(len(problems)), key=lambda i: (problems[i].line, problems[i].column, i))
    found = [""] * len(problems)
    for i in order:
        p = problems[i]
        key = (p.code, p.path, _NUMBER.sub("0", p.message))
        occurrence = seen[key] = seen.get(key, -1) + 1
        digest = hashlib.sha256("\0".join((*key, str(occurrence))).encode("utf-8"))
        found[i] = digest.hexdigest()[:32]
    return found
