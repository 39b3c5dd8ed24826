"""JUnit / xUnit XML reports (pytest, Maven Surefire, jest-junit, go-junit-report, ...).

Counts come from the <testcase> elements where a suite has them; a suite's own count
attributes are used when it lists no cases, and can only add failures, never hide them.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element

from junitparser import Error, Failure, Skipped, TestCase

from . import Verdict, invalid
from ._common import first_line, option_bool, option_int, parse_time
from ._xml import XmlRefused, parse_xml

OPTIONS = frozenset({"min_tests", "allow_skipped"})
MAX_LISTED_FAILURES = 50
SLOWEST = 5


@dataclass(frozen=True)
class CaseResult:
    classname: str
    name: str
    outcome: str              # passed | failure | error | skipped
    message: str
    time: float


@dataclass(frozen=True)
class Totals:
    tests: int
    failures: int
    errors: int
    skipped: int
    time: float


def check(data: bytes, options: Mapping[str, Any], path: str = "") -> Verdict:
    min_tests = option_int(options, "min_tests", default=1, minimum=0)
    allow_skipped = option_bool(options, "allow_skipped", default=True)
    try:
        root = parse_xml(data)
        suites = _suites(root)
        cases = [case for suite in suites for case in _cases(suite)]
        totals = _totals(suites, cases)
    except XmlRefused as error:
        return invalid(f"JUnit report {error}")
    except _BadReport as error:
        return invalid(str(error))
    reasons = _failures(totals, min_tests, allow_skipped)
    return Verdict(
        "fail" if reasons else "pass",
        tuple(reasons),
        collected_at=_latest_timestamp(root, suites),
        details=_details(totals, cases, len(suites)),
    )


class _BadReport(ValueError):
    pass


def _suites(root: Element) -> list[Element]:
    if root.tag not in ("testsuites", "testsuite"):
        raise _BadReport(f"not a JUnit report: the root element is <{root.tag}>, "
                         "expected <testsuites> or <testsuite>")
    return [s for s in root.iter("testsuite")]


def _cases(suite: Element) -> Iterator[CaseResult]:
    for element in suite.findall("testcase"):
        case = TestCase.fromelem(element)
        results = case.result
        outcome, message = _outcome(results)
        yield CaseResult(case.classname or "", case.name or "", outcome, message,
                         _float(element.get("time")))


def _outcome(results: list) -> tuple[str, str]:
    for kind, label in ((Error, "error"), (Failure, "failure"), (Skipped, "skipped")):
        found = [r for r in results if isinstance(r, kind)]
        if found:
            return label, first_line(found[0].message or found[0].text)
    return "passed", ""


def _totals(suites: list[Element], cases: list[CaseResult]) -> Totals:
    counted = {o: sum(1 for c in cases if c.outcome == o) for o in ("failure", "error", "skipped")}
    tests, failures, errors, skipped, time = len(cases), *counted.values(), 0.0
    for suite in suites:
        if suite.find("testsuite") is not None:
            continue      # an aggregate of nested suites: its children are counted instead
        has_cases = suite.find("testcase") is not None
        if not has_cases:
            tests += _int(suite, "tests")
            skipped += _int(suite, "skipped") + _int(suite, "disabled")
        own = [c for c in _cases(suite)]
        failures += max(0, _int(suite, "failures") - sum(c.outcome == "failure" for c in own))
        errors += max(0, _int(suite, "errors") - sum(c.outcome == "error" for c in own))
        time += _float(suite.get("time")) or sum(c.time for c in own)
    return Totals(tests, failures, errors, skipped, round(time, 3))


def _int(suite: Element, attribute: str) -> int:
    raw = (suite.get(attribute) or "0").strip()
    try:
        return int(raw)
    except ValueError:
        raise _BadReport(f"testsuite '{suite.get('name', '')}': attribute {attribute}={raw!r} "
                         "is not a whole number") from None


def _float(raw: str | None) -> float:
    try:
        return float((raw or "0").replace(",", ""))   # Surefire may write 1,234.5
    except ValueError:
        return 0.0


def _failures(totals: Totals, min_tests: int, allow_skipped: bool) -> list[str]:
    reasons = []
    if totals.tests == 0:
        reasons.append("the report contains no tests")
    elif totals.tests < min_tests:
        reasons.append(f"{totals.tests} tests ran, fewer than min_tests {min_tests}")
    if totals.failures or totals.errors:
        reasons.append(f"{totals.failures} failed and {totals.errors} errored of {totals.tests} tests")
    if totals.skipped and not allow_skipped:
        reasons.append(f"{totals.skipped} tests were skipped and allow_skipped is false")
    return reasons


def _latest_timestamp(root: Element, suites: list[Element]) -> datetime | None:
    times = [parse_time(e.get("timestamp")) for e in (root, *suites)]
    return max((t for t in times if t), default=None)


def _details(totals: Totals, cases: list[CaseResult], suite_count: int) -> dict[str, Any]:
    failed = [c for c in cases if c.outcome in ("failure", "error")]
    slowest = sorted(cases, key=lambda c: c.time, reverse=True)[:SLOWEST]
    return {
        "totals": {"tests": totals.tests, "failures": totals.failures, "errors": totals.errors,
                   "skipped": totals.skipped, "time": totals.time},
        "suites": suite_count,
        "failed_tests": [_case_dict(c) for c in failed[:MAX_LISTED_FAILURES]],
        "failed_tests_not_listed": max(0, len(failed) - MAX_LISTED_FAILURES),
        "slowest_tests": [{"classname": c.classname, "name": c.name, "time": c.time}
                          for c in slowest if c.time > 0],
    }


def _case_dict(case: CaseResult) -> dict[str, Any]:
    return {"classname": case.classname, "name": case.name, "outcome": case.outcome,
            "message": case.message}
