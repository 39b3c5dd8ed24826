"""`evidence check --format junit`: one JUnit test case per checked file, for CI dashboards.

A file with an error fails its test case (every error in the failure's text); warnings go to
its system-out. Suites group the files: `content` (definitions, approvers), one per release
folder (`evidence/<release>`), and `repository` for the rest (mkdocs.yml, the checkout).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Sequence
from xml.etree import ElementTree as ET

from ..model.problems import Problem

NAME = "evidence check"


def junit_xml(problems: Sequence[Problem], checked: Iterable[str]) -> str:
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        by_file[p.path].append(p)
    suites: dict[str, list[str]] = defaultdict(list)
    for path in sorted(set(checked) | set(by_file)):
        suites[_suite_of(path)].append(path)
    top = ET.Element("testsuites", name=NAME)
    for suite_name in sorted(suites):
        suite = ET.SubElement(top, "testsuite", name=suite_name)
        for path in suites[suite_name]:
            _testcase(suite, suite_name, path, by_file.get(path, []))
        _count(suite, suite.findall("testcase"))
    _count(top, top.iter("testcase"))
    ET.indent(top)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(top, encoding="unicode")


def _testcase(suite: ET.Element, suite_name: str, path: str, problems: list[Problem]) -> None:
    case = ET.SubElement(suite, "testcase", name=path, classname=suite_name.replace("/", "."),
                         file=path, time="0")
    ordered = sorted(problems, key=lambda p: (p.line, p.column))
    errors = [p for p in ordered if p.severity == "error"]
    warnings = [p for p in ordered if p.severity != "error"]
    if errors:
        codes = ", ".join(dict.fromkeys(p.code for p in errors))
        failure = ET.SubElement(case, "failure", type=errors[0].code,
                                message=f"{len(errors)} error(s): {codes}")
        failure.text = "\n".join(str(p) for p in errors)
    if warnings:
        ET.SubElement(case, "system-out").text = "\n".join(
            f"warning: {p}" for p in warnings)


def _count(element: ET.Element, cases: Iterable[ET.Element]) -> None:
    cases = list(cases)
    element.set("tests", str(len(cases)))
    element.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    element.set("errors", "0")
    element.set("skipped", "0")


def _suite_of(path: str) -> str:
    parts = path.split("/")
    if parts[0] == "content":
        return "content"
    if parts[0] == "evidence" and len(parts) > 2:
        return f"evidence/{parts[1]}"
    return "repository"
