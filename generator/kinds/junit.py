"""JUnit / xUnit XML reports (pytest, Maven Surefire, jest-junit, go-junit-report, ...).

Counts come from the <testcase> elements where a suite has them; a suite's own count
attributes are used when it lists no cases, and can only add failures, never hide them.
A test marked skipped (a <skipped> child, or status="disabled"/"skipped") is skipped even
when it also holds a <failure> or <error>, as the common reporters count it; the failure's
message is kept with it.
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple
from xml.etree.ElementTree import Element

from ..model.results import Verdict, invalid
from ._common import (
    content_start,
    first_line,
    latest_tool_time,
    option_bool,
    option_int,
    plural,
)
from ._xml import XmlRefused, parse_xml
from .kind import Kind

OPTIONS = frozenset({"min_tests", "allow_skipped"})
MAX_LISTED_FAILURES = 50
NAMED_IN_REASON = 3          # tests named in a reason, then "and N more"
SLOWEST = 5
SKIPPED_STATUSES = frozenset({"disabled", "skipped"})
_DOTTED_NAME = re.compile(r"^[\w$]+(?:\.[\w$]+)*$")


class CaseResult(NamedTuple):       # a tuple: reports hold hundreds of thousands
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


def read_options(options: Mapping[str, Any]) -> tuple[int, bool]:
    """(min_tests, allow_skipped); raises OptionError when one has the wrong type."""
    return (option_int(options, "min_tests", default=1, minimum=0),
            option_bool(options, "allow_skipped", default=True))


def check(data: bytes, options: Mapping[str, Any], path: str = "") -> Verdict:
    min_tests, allow_skipped = read_options(options)
    try:
        root = parse_xml(data)
        suites = _suites(root)
        cases_of = {id(suite): _cases(suite) for suite in suites}
        cases = [case for suite in suites for case in cases_of[id(suite)]]
        totals = _totals(suites, cases_of)
    except XmlRefused as error:
        return invalid(f"JUnit report {error}")
    except _BadReport as error:
        return invalid(str(error))
    reasons = _failures(totals, cases, min_tests, allow_skipped)
    collected_at, notes = latest_tool_time((e.get("timestamp") for e in (root, *suites)),
                                           "timestamp")
    return Verdict(
        "fail" if reasons else "pass",
        tuple(reasons),
        collected_at=collected_at,
        details=_details(totals, cases, len(suites)),
        notes=notes,
    )


_PASSED = ("passed", "")
_new_case = tuple.__new__


class _BadReport(ValueError):
    pass


def _suites(root: Element) -> list[Element]:
    if root.tag not in ("testsuites", "testsuite"):
        raise _BadReport(f"not a JUnit report: the root element is <{root.tag}>, "
                         "expected <testsuites> or <testsuite>")
    return list(root.iter("testsuite"))


def _cases(suite: Element) -> list[CaseResult]:
    cases = []
    for element in suite.findall("testcase"):     # C: no ElementPath for a plain tag
        attrib = element.attrib
        get = attrib.get
        # most cases passed with nothing inside to read (reports hold hundreds of thousands)
        outcome, message = (_PASSED if len(element) == 0 and "status" not in attrib
                            else _outcome(element))
        # tuple.__new__ rather than CaseResult(...), whose __new__ is Python code
        cases.append(_new_case(CaseResult, (get("classname") or "", get("name") or "", outcome,
                                            message, _float(get("time")))))
    return cases


def _outcome(case: Element) -> tuple[str, str]:
    """Of a case with children or a status: skipped when marked so; else an error, then a
    failure child decides. Surefire's flakyFailure/rerunFailure are reruns that passed in
    the end."""
    problem = next((found for found in (case.find("error"), case.find("failure"))
                    if found is not None), None)
    skipped = case.find("skipped")
    status = (case.get("status") or "").strip().lower()
    if skipped is not None or status in SKIPPED_STATUSES:
        message = _message(skipped) if skipped is not None else ""
        if problem is not None:
            message = " ".join(filter(None, (
                message or f"marked {status}", f"(its <{problem.tag}> is not counted:",
                (_message(problem) or "no message") + ")")))
        return "skipped", message
    if problem is not None:
        return problem.tag, _message(problem)
    return "passed", ""


def _message(element: Element) -> str:
    return first_line(element.get("message") or element.text)


def _totals(suites: list[Element], cases_of: dict[int, list[CaseResult]]) -> Totals:
    parts = [_suite_totals(s, cases_of[id(s)]) for s in suites]
    return Totals(tests=sum(p.tests for p in parts), failures=sum(p.failures for p in parts),
                  errors=sum(p.errors for p in parts), skipped=sum(p.skipped for p in parts),
                  time=round(sum(p.time for p in parts), 3))


def _suite_totals(suite: Element, cases: list[CaseResult]) -> Totals:
    if suite.find("testsuite") is not None:
        # An aggregate of nested suites: its attributes repeat its children's, which count
        # themselves; only cases placed directly in it are added here.
        return _case_totals(cases, time=0.0)
    time = _float(suite.get("time")) or sum(c.time for c in cases)
    if not cases:
        return Totals(_int(suite, "tests"), _int(suite, "failures"), _int(suite, "errors"),
                      _int(suite, "skipped") + _int(suite, "disabled"), time)
    counted = _case_totals(cases, time)
    return Totals(counted.tests, max(counted.failures, _int(suite, "failures")),
                  max(counted.errors, _int(suite, "errors")), counted.skipped, time)


def _case_totals(cases: list[CaseResult], time: float) -> Totals:
    count = Counter(c.outcome for c in cases)
    return Totals(len(cases), count["failure"], count["error"], count["skipped"], time)


def _int(suite: Element, attribute: str) -> int:
    raw = (suite.get(attribute) or "0").strip()
    try:
        return int(raw)
    except ValueError:
        raise _BadReport(f"testsuite '{suite.get('name', '')}': attribute {attribute}={raw!r} "
                         "is not a whole number") from None


def _float(raw: str | None) -> float:
    """A time in seconds; 0 for one that is missing, unreadable, infinite or not a number."""
    try:
        value = float(raw or 0)
    except ValueError:
        try:
            value = float(raw.replace(",", ""))            # Surefire may write 1,234.5
        except ValueError:
            return 0.0
    return value if math.isfinite(value) else 0.0


def _failures(totals: Totals, cases: list[CaseResult], min_tests: int,
              allow_skipped: bool) -> list[str]:
    reasons = []
    if totals.tests == 0:
        reasons.append("the report contains no tests")
    elif totals.tests < min_tests:
        reasons.append(f"{plural(totals.tests, 'test')} ran, fewer than min_tests {min_tests}")
    if totals.failures or totals.errors:
        counted = " and ".join(part for part in (
            f"{totals.failures} failed" if totals.failures else "",
            f"{totals.errors} errored" if totals.errors else "") if part)
        reasons.append(f"{counted} of {plural(totals.tests, 'test')}"
                       + _named(c for c in cases if c.outcome in ("failure", "error")))
    if totals.skipped and not allow_skipped:
        were = "was" if totals.skipped == 1 else "were"
        reasons.append(f"{plural(totals.skipped, 'test')} {were} skipped and allow_skipped is "
                       "false" + _named(c for c in cases if c.outcome == "skipped"))
    return reasons


def _named(cases: Iterable[CaseResult]) -> str:
    """': A.first (message); A.second; B.third and 4 more', or '' when no case is listed (a
    suite counted only by its attributes)."""
    listed = list(cases)
    if not listed:
        return ""
    named = "; ".join(_label(c) + (f" ({first_line(c.message, 120)})"
                                   if c.message and c.message != c.name else "")
                      for c in listed[:NAMED_IN_REASON])
    more = len(listed) - NAMED_IN_REASON
    return f": {named}" + (f" and {more} more" if more > 0 else "")


def _label(case: CaseResult) -> str:
    """The test as a reader finds it: `EmailAddressTest.shouldFail`, `spec.js › has title`."""
    classname, name = case.classname.strip(), case.name.strip()
    if not classname or name.startswith(classname):
        return name or classname or "(unnamed test)"
    if _DOTTED_NAME.match(classname):
        return f"{classname.rsplit('.', 1)[-1]}.{name}"
    return f"{classname} › {name}"


def _details(totals: Totals, cases: list[CaseResult], suite_count: int) -> dict[str, Any]:
    failed = [c for c in cases if c.outcome in ("failure", "error")]
    slowest = heapq.nlargest(SLOWEST, cases, key=lambda c: c.time)   # sorted()'s first five
    return {
        "totals": {"tests": totals.tests, "failures": totals.failures, "errors": totals.errors,
                   "skipped": totals.skipped, "time": totals.time},
        "suites": suite_count,
        "failed_tests": [_case_dict(c) for c in failed[:MAX_LISTED_FAILURES]],
        "failed_tests_not_listed": max(0, len(failed) - MAX_LISTED_FAILURES),
        "slowest_tests": [{"classname": c.classname, "name": c.name, "time": c.time}
                          for c in slowest],
    }


def _case_dict(case: CaseResult) -> dict[str, Any]:
    return {"classname": case.classname, "name": case.name, "outcome": case.outcome,
            "message": case.message}


_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(testsuites|testsuite)[\s>/]")
# XML declaration, comments and a doctype (with its internal subset), before the root element.
_PROLOG = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]*\[.*?\])?[^>]*>", re.DOTALL)


def looks_like_junit(name: str, head: bytes) -> bool:
    """The first element (after the prolog, comments and doctype) is a test suite."""
    text = content_start(head)
    return text.startswith(b"<") and bool(_XML_ROOT.match(_PROLOG.sub(b"", text).lstrip()))


KIND = Kind("junit", check, sniff=looks_like_junit, options=OPTIONS, read_options=read_options)
