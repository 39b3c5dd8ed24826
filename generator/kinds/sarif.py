"""SARIF 2.1.0 static-analysis logs (one or more runs per file).

Reading of the standard (OASIS SARIF 2.1.0):
- result.kind defaults to "fail" (3.27.9); result.level defaults, for kind "fail", to the
  rule's defaultConfiguration.level, else "warning" (3.27.10); other kinds have level "none".
- A result is suppressed when its `suppressions` array is non-empty and no suppression has
  status "underReview" or "rejected" (3.27.23, 3.35.3). A suppression without a status
  counts as accepted, as in the SARIF SDK and its viewer guidance.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..model.results import Verdict, invalid
from ._common import first_line, json_head_keys, load_json, option_str, parse_time
from .kind import Kind

OPTIONS = frozenset({"fail_on"})
LEVELS = ("none", "note", "warning", "error")
FAIL_ON = ("note", "warning", "error", "none")
MAX_LISTED_FINDINGS = 100


@dataclass(frozen=True)
class Finding:
    level: str
    rule_id: str
    message: str
    location: str
    suppressed: bool
    kind: str
    run: int


def read_options(options: Mapping[str, Any]) -> str:
    """fail_on; raises OptionError for a value that is not a level."""
    return option_str(options, "fail_on", "error", FAIL_ON)


def check(data: bytes, options: Mapping[str, Any], path: str = "") -> Verdict:
    fail_on = read_options(options)
    try:
        log = load_json(data)
        runs = _runs(log)
        findings = [f for index, run in enumerate(runs) for f in _findings(run, index)]
    except (ValueError, _BadLog) as error:
        return invalid(f"SARIF log: {error}")
    reasons = _failed_invocations(runs) + _blocking(findings, fail_on)
    return Verdict(
        "fail" if reasons else "pass",
        tuple(reasons),
        collected_at=_latest_end_time(runs),
        details=_details(runs, findings, fail_on),
    )


class _BadLog(ValueError):
    pass


def _runs(log: Any) -> list[dict]:
    if not isinstance(log, dict):
        raise _BadLog("log must be a JSON object")
    version = log.get("version")
    schema = str(log.get("$schema", ""))
    if version != "2.1.0":
        raise _BadLog(f"version {version!r} is not supported; only SARIF 2.1.0 is")
    if schema and "2.1.0" not in schema:
        raise _BadLog(f"$schema {schema!r} is not a SARIF 2.1.0 schema")
    runs = log.get("runs")
    if not isinstance(runs, list) or not all(isinstance(r, dict) for r in runs):
        raise _BadLog("'runs' must be a list of run objects")
    return runs


def _findings(run: dict, index: int) -> list[Finding]:
    results = run.get("results") or []
    if not isinstance(results, list):
        raise _BadLog(f"run {index}: 'results' must be a list")
    return [_finding(run, result, index) for result in results if isinstance(result, dict)]


def _finding(run: dict, result: dict, index: int) -> Finding:
    kind = result.get("kind", "fail")
    return Finding(
        level=_level(run, result, kind),
        rule_id=str(result.get("ruleId") or _dig(result, "rule", "id") or ""),
        message=first_line(_dig(result, "message", "text") or _dig(result, "message", "markdown")),
        location=_location(result),
        suppressed=_suppressed(result.get("suppressions")),
        kind=kind,
        run=index,
    )


def _level(run: dict, result: dict, kind: str) -> str:
    if result.get("level") in LEVELS:
        return result["level"]
    if kind != "fail":
        return "none"
    rule = _rule(run, result)
    configured = _dig(rule, "defaultConfiguration", "level") if rule else None
    return configured if configured in LEVELS else "warning"


def _rule(run: dict, result: dict) -> dict | None:
    """The reportingDescriptor for a result: by index, then by id, in driver and extensions."""
    tool = run.get("tool") if isinstance(run.get("tool"), dict) else {}
    components = [tool.get("driver") or {}, *(tool.get("extensions") or [])]
    reference = result.get("rule") if isinstance(result.get("rule"), dict) else {}
    component_index = _dig(reference, "toolComponent", "index")
    if isinstance(component_index, int) and 0 <= component_index < len(components) - 1:
        components = [components[component_index + 1]]
    index = reference.get("index", result.get("ruleIndex"))
    rule_id = reference.get("id", result.get("ruleId"))
    for component in components:
        rules = component.get("rules") if isinstance(component, dict) else None
        if not isinstance(rules, list):
            continue
        if isinstance(index, int) and 0 <= index < len(rules) and isinstance(rules[index], dict):
            return rules[index]
        for rule in rules:
            if isinstance(rule, dict) and rule_id and rule.get("id") == rule_id:
                return rule
    return None


def _suppressed(suppressions: Any) -> bool:
    if not isinstance(suppressions, list) or not suppressions:
        return False
    statuses = [s.get("status", "accepted") if isinstance(s, dict) else None for s in suppressions]
    return all(status == "accepted" for status in statuses)


def _location(result: dict) -> str:
    locations = result.get("locations") or []
    physical = _dig(locations[0], "physicalLocation") if locations else None
    if not isinstance(physical, dict):
        return ""
    uri = _dig(physical, "artifactLocation", "uri") or ""
    line = _dig(physical, "region", "startLine")
    return f"{uri}:{line}" if line else str(uri)


def _failed_invocations(runs: list[dict]) -> list[str]:
    reasons = []
    for index, run in enumerate(runs):
        for invocation in run.get("invocations") or []:
            if isinstance(invocation, dict) and invocation.get("executionSuccessful") is False:
                reasons.append(f"run {index} ({_tool_name(run)}): the tool reports its execution "
                               "did not succeed (executionSuccessful: false)")
    return reasons


def _blocking(findings: list[Finding], fail_on: str) -> list[str]:
    if fail_on == "none":
        return []
    threshold = LEVELS.index(fail_on)
    blocking = [f for f in findings if f.kind == "fail" and not f.suppressed
                and LEVELS.index(f.level) >= threshold]
    if not blocking:
        return []
    rules = sorted({f.rule_id for f in blocking if f.rule_id})
    listed = ", ".join(rules[:10]) + (" …" if len(rules) > 10 else "")
    return [f"{len(blocking)} unsuppressed result(s) at level {fail_on} or above"
            + (f" (rules: {listed})" if listed else "")]


def _latest_end_time(runs: list[dict]) -> datetime | None:
    times = [parse_time(i.get("endTimeUtc")) for run in runs
             for i in run.get("invocations") or [] if isinstance(i, dict)]
    return max((t for t in times if t), default=None)


def _tool_name(run: dict) -> str:
    driver = _dig(run, "tool", "driver") or {}
    name = driver.get("name", "unknown tool") if isinstance(driver, dict) else "unknown tool"
    version = driver.get("semanticVersion") or driver.get("version") if isinstance(driver, dict) else None
    return f"{name} {version}" if version else str(name)


def _details(runs: list[dict], findings: list[Finding], fail_on: str) -> dict[str, Any]:
    counts = {level: 0 for level in reversed(LEVELS)}
    for finding in findings:
        if not finding.suppressed:
            counts[finding.level] += 1
    ordered = sorted(findings, key=lambda f: (f.suppressed, -LEVELS.index(f.level)))
    return {
        "fail_on": fail_on,
        "tools": [_tool_name(run) for run in runs],
        "counts": counts,
        "suppressed": sum(f.suppressed for f in findings),
        "findings": [_finding_dict(f) for f in ordered[:MAX_LISTED_FINDINGS]],
        "findings_not_listed": max(0, len(findings) - MAX_LISTED_FINDINGS),
    }


def _finding_dict(finding: Finding) -> dict[str, Any]:
    return {"level": finding.level, "rule_id": finding.rule_id, "message": finding.message,
            "location": finding.location, "suppressed": finding.suppressed, "run": finding.run}


def _dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def looks_like_sarif(name: str, head: bytes) -> bool:
    keys = json_head_keys(head) or frozenset()
    return "runs" in keys and ("version" in keys or "$schema" in keys)


KIND = Kind("sarif", check, suffixes=(".sarif", ".sarif.json"), sniff=looks_like_sarif,
            options=OPTIONS, read_options=read_options, display="json")
