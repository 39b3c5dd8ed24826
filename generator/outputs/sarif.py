"""`evidence check --format sarif`: SARIF 2.1.0 for code scanning and SARIF viewers.

One result per problem located in a file; its rule is the problem code, described from
docs/error-codes.md (error_codes.json beside this module is that table, generated). Problems
about the checkout itself (path `.`: a shallow clone, no git history) have no file to point
at, and code scanning refuses results without one, so they are the run's tool execution
notifications instead.
"""
from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any, Sequence
from urllib.parse import quote

from .. import __version__
from ..model.problems import CODES, Problem
from .fingerprints import fingerprints

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "evidenceProblem/v1"
REPOSITORY = "."


@cache
def documented_codes() -> dict[str, dict[str, str]]:
    text = resources.files("generator.outputs").joinpath("error_codes.json").read_text("utf-8")
    return json.loads(text)["codes"]


def sarif_log(problems: Sequence[Problem]) -> dict[str, Any]:
    codes = list(CODES)
    located = [p for p in problems if p.path != REPOSITORY]
    results = [_result(p, codes.index(p.code), fingerprint)
               for p, fingerprint in zip(located, fingerprints(located))]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "evidence-site", "version": __version__,
                            "rules": [_rule(code) for code in codes]}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    notices = [p for p in problems if p.path == REPOSITORY]
    run["invocations"] = [{
        "executionSuccessful": True,
        "toolExecutionNotifications": [
            {"level": _level(p), "message": {"text": _text(p)},
             "descriptor": {"id": p.code, "index": codes.index(p.code)}} for p in notices]}]
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(code: str) -> dict[str, Any]:
    meaning = documented_codes()[code]["meaning"]
    severity, hint = CODES[code]
    return {"id": code, "name": _camel(code),
            "shortDescription": {"text": _plain(meaning)},
            "fullDescription": {"text": _plain(meaning), "markdown": meaning},
            "help": {"text": hint},
            "defaultConfiguration": {"level": severity}}


def _result(problem: Problem, index: int, fingerprint: str) -> dict[str, Any]:
    region = {"startLine": max(problem.line, 1)}
    if problem.column and problem.column > 0:
        region["startColumn"] = problem.column
    return {"ruleId": problem.code, "ruleIndex": index, "level": _level(problem),
            "message": {"text": _text(problem)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": quote(problem.path), "uriBaseId": "%SRCROOT%"},
                "region": region}}],
            "partialFingerprints": {FINGERPRINT: fingerprint}}


def _level(problem: Problem) -> str:
    return "error" if problem.severity == "error" else "warning"


def _text(problem: Problem) -> str:
    return f"{problem.message} ({problem.hint})" if problem.hint else problem.message


def _camel(code: str) -> str:
    """A Pascal-case name that is not the id itself (SARIF wants them different)."""
    name = "".join(part.capitalize() for part in code.split("-"))
    return name if "-" in code else name + "Problem"


def _plain(markdown: str) -> str:
    return re.sub(r"`([^`]*)`", r"\1", markdown)
