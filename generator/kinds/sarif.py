"""SARIF 2.1.0 static-analysis logs (one or more runs per file).

Reading of the standard (OASIS SARIF 2.1.0):
- result.kind defaults to "fail" (3.27.9); result.level defaults, for kind "fail", to the
  rule's defaultConfiguration.level, else "warning" (3.27.10); other kinds have level "none".
- A result is suppressed when its `suppressions` array is non-empty and no suppression has
  status "underReview" or "rejected" (3.27.23, 3.35.3). A suppression without a status
  counts as accepted, as in the SARIF SDK and its viewer guidance.

Security severity as GitHub code scanning rates it: a rule's (else the result's)
`properties.security-severity`, a CVSS score, is critical from 9.0, high from 7.0, medium from
4.0, low above 0. `fail_on_security_severity` fails on results rated at or above it, whatever
their level: a CodeQL `warning` with security severity 7.5 is "High" on GitHub.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model.results import Verdict, invalid
from ._common import (
    Notes,
    first_line,
    json_head_keys,
    latest_tool_time,
    load_json,
    option_str,
    plural,
)
from .kind import Kind

OPTIONS = frozenset({"fail_on", "fail_on_security_severity"})
LEVELS = ("none", "note", "warning", "error")
FAIL_ON = ("note", "warning", "error", "none")
# GitHub's ratings of a security-severity score, lowest first: (rating, lowest score).
RATINGS = (("low", 0.1), ("medium", 4.0), ("high", 7.0), ("critical", 9.0))
FAIL_ON_SECURITY = ("low", "medium", "high", "critical", "none")
DEFAULT_SECURITY_THRESHOLD = "high"          # as GitHub's code-scanning check fails by default
TOOL_ERROR = "tool-error"                    # the problem code of an error a tool reports
MAX_LISTED_FINDINGS = 100
MAX_LISTED_RULES = 10
MAX_QUOTED_NOTIFICATIONS = 3
NOTIFICATION_LISTS = (("toolExecutionNotifications", "execution"),
                      ("toolConfigurationNotifications", "configuration"))


@dataclass(frozen=True)
class Finding:
    level: str
    rule_id: str
    rule_name: str
    message: str
    location: str
    suppressed: bool
    kind: str
    run: int
    security_severity: float | None      # the CVSS score, when the tool gives one

    @property
    def rating(self) -> str | None:
        return rating_of(self.security_severity)

    @property
    def counts(self) -> bool:
        """An unsuppressed problem (kind `fail`): the results the options judge."""
        return self.kind == "fail" and not self.suppressed


@dataclass(frozen=True)
class Notification:
    run: int
    where: str                           # execution | configuration
    level: str
    id: str
    message: str

    def quoted(self) -> str:
        what = " ".join(filter(None, (self.where, self.level, self.id)))
        return f'{what}: "{self.message}"' if self.message else what


def read_options(options: Mapping[str, Any]) -> tuple[str, str]:
    """(fail_on, fail_on_security_severity); raises OptionError for a value not listed."""
    return (option_str(options, "fail_on", "error", FAIL_ON),
            option_str(options, "fail_on_security_severity", DEFAULT_SECURITY_THRESHOLD,
                       FAIL_ON_SECURITY))


def rating_of(score: float | None) -> str | None:
    """GitHub's rating of a security-severity score: critical, high, medium, low (or None)."""
    if score is None:
        return None
    return next((name for name, lowest in reversed(RATINGS) if score >= lowest), None)


def check(data: bytes, options: Mapping[str, Any], path: str = "") -> Verdict:
    fail_on, security_threshold = read_options(options)
    try:
        log = load_json(data)
        runs = _runs(log)
        findings = [f for index, run in enumerate(runs) for f in _findings(run, index)]
    except (ValueError, _BadLog) as error:
        return invalid(f"SARIF log: {error}")
    notifications = [n for index, run in enumerate(runs) for n in _notifications(run, index)]
    reasons = (_failed_invocations(runs, notifications) + _blocking(findings, fail_on)
               + _blocking_security(findings, security_threshold))
    collected_at, notes = latest_tool_time(
        (i.get("endTimeUtc") for run in runs for i in _invocations(run)), "endTimeUtc")
    return Verdict(
        "fail" if reasons else "pass",
        tuple(reasons),
        collected_at=collected_at,
        details=_details(runs, findings, fail_on, security_threshold, notifications),
        notes=notes + _errors_despite_success(runs, notifications),
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
    rule = _rule(run, result)
    rule_id = str(result.get("ruleId") or _dig(result, "rule", "id") or "")
    return Finding(
        level=_level(rule, result, kind),
        rule_id=rule_id,
        rule_name=_rule_name(rule, rule_id),
        message=first_line(_dig(result, "message", "text") or _dig(result, "message", "markdown")),
        location=_location(result),
        suppressed=_suppressed(result.get("suppressions")),
        kind=kind,
        run=index,
        security_severity=_security_severity(rule, result),
    )


def _level(rule: dict | None, result: dict, kind: str) -> str:
    if result.get("level") in LEVELS:
        return result["level"]
    if kind != "fail":
        return "none"
    configured = _dig(rule, "defaultConfiguration", "level") if rule else None
    return configured if configured in LEVELS else "warning"


def _rule_name(rule: dict | None, rule_id: str) -> str:
    """What readers call the rule: its short description, else its name (when not the id)."""
    for text in (_dig(rule, "shortDescription", "text"), _dig(rule, "name")):
        if isinstance(text, str) and text.strip() and text.strip() != rule_id:
            return first_line(text, 100)
    return ""


def _security_severity(rule: dict | None, result: dict) -> float | None:
    """The rule's score, where GitHub reads it; else one the result carries itself."""
    for holder in (rule, result):
        score = _score(_dig(holder, "properties", "security-severity"))
        if score is not None:
            return score
    return None


def _score(value: Any) -> float | None:
    """A security-severity score (tools write it as a string, "7.5", or a number)."""
    if isinstance(value, bool):
        return None
    try:
        score = float(value)
    except (TypeError, ValueError):
        return None
    return score if 0.0 <= score <= 10.0 else None


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


def _invocations(run: dict) -> list[dict]:
    invocations = run.get("invocations")
    return [i for i in invocations if isinstance(i, dict)] if isinstance(invocations, list) else []


def _notifications(run: dict, index: int) -> list[Notification]:
    """What the tool said about its own execution and configuration, in the order written."""
    found = []
    for invocation in _invocations(run):
        for key, where in NOTIFICATION_LISTS:
            listed = invocation.get(key)
            for note in listed if isinstance(listed, list) else []:
                if isinstance(note, dict):
                    found.append(Notification(
                        index, where, str(note.get("level") or "warning"),
                        str(_dig(note, "descriptor", "id") or _dig(note, "associatedRule", "id")
                            or ""),
                        first_line(_dig(note, "message", "text")
                                   or _dig(note, "message", "markdown"), 300)))
    return found


def _quotes(notifications: list[Notification]) -> str:
    """The tool's own words: its error notifications first, at most a few."""
    said = [n for n in notifications if n.message or n.id]
    said.sort(key=lambda n: n.level != "error")
    quoted = "; ".join(n.quoted() for n in said[:MAX_QUOTED_NOTIFICATIONS])
    more = len(said) - MAX_QUOTED_NOTIFICATIONS
    return quoted + (f" and {more} more" if more > 0 else "")


def _failed_invocations(runs: list[dict], notifications: list[Notification]) -> list[str]:
    reasons = []
    for index, run in enumerate(runs):
        if any(i.get("executionSuccessful") is False for i in _invocations(run)):
            said = _quotes([n for n in notifications if n.run == index])
            reasons.append(f"run {index} ({_tool_name(run)}): the tool reports its execution "
                           "did not succeed (executionSuccessful: false); "
                           + (f"it says: {said}" if said else "it gives no notification saying why"))
    return reasons


def _errors_despite_success(runs: list[dict], notifications: list[Notification]) -> Notes:
    """Error notifications of runs that claim success (CodeQL and Semgrep write fatal errors so):
    the results may be incomplete. A note, not a failure: the tool says it completed."""
    notes = []
    for index, run in enumerate(runs):
        if any(i.get("executionSuccessful") is False for i in _invocations(run)):
            continue
        errors = [n for n in notifications if n.run == index and n.level == "error"]
        if errors:
            notes.append((TOOL_ERROR, f"run {index} ({_tool_name(run)}) reports an error although "
                                      f"its execution is marked successful: {_quotes(errors)}"))
    return tuple(notes)


def _blocking(findings: list[Finding], fail_on: str) -> list[str]:
    if fail_on == "none":
        return []
    threshold = LEVELS.index(fail_on)
    blocking = [f for f in findings if f.counts and LEVELS.index(f.level) >= threshold]
    if not blocking:
        return []
    return [f"{plural(len(blocking), 'unsuppressed result')} at level {fail_on} or above"
            + _rules_listed(blocking)]


def _blocking_security(findings: list[Finding], threshold: str) -> list[str]:
    if threshold == "none":
        return []
    lowest = dict(RATINGS)[threshold]
    blocking = [f for f in findings if f.counts and f.security_severity is not None
                and f.security_severity >= lowest]
    if not blocking:
        return []
    return [f"{plural(len(blocking), 'unsuppressed result')} of security severity {threshold} "
            "or above" + _rules_listed(blocking, scored=True)]


def _rules_listed(findings: list[Finding], scored: bool = False) -> str:
    """' (rules: py/path-injection "Uncontrolled data used in path expression" ×13, ...)'"""
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.rule_id:
            by_rule.setdefault(finding.rule_id, []).append(finding)
    if not by_rule:
        return ""
    order = sorted(by_rule, key=lambda r: (-max(f.security_severity or 0 for f in by_rule[r]),
                                           r) if scored else r)
    listed = ", ".join(_rule_text(by_rule[r], scored) for r in order[:MAX_LISTED_RULES])
    more = len(order) - MAX_LISTED_RULES
    return f" (rules: {listed}{f' and {more} more' if more > 0 else ''})"


def _rule_text(findings: list[Finding], scored: bool) -> str:
    first = findings[0]
    text = first.rule_id + (f' "{first.rule_name}"' if first.rule_name else "")
    if scored:
        top = max(findings, key=lambda f: f.security_severity or 0)
        text += f" {top.security_severity:g} {top.rating}"
    return text + (f" ×{len(findings)}" if len(findings) > 1 else "")


def _tool_name(run: dict) -> str:
    driver = _dig(run, "tool", "driver") or {}
    name = driver.get("name", "unknown tool") if isinstance(driver, dict) else "unknown tool"
    version = driver.get("semanticVersion") or driver.get("version") if isinstance(driver, dict) else None
    return f"{name} {version}" if version else str(name)


def _details(runs: list[dict], findings: list[Finding], fail_on: str, security_threshold: str,
             notifications: list[Notification]) -> dict[str, Any]:
    counts = {level: 0 for level in reversed(LEVELS)}
    ratings = {name: 0 for name, _ in reversed(RATINGS)}
    for finding in findings:
        if not finding.suppressed:
            counts[finding.level] += 1
            if finding.rating:
                ratings[finding.rating] += 1
    ordered = sorted(findings, key=lambda f: (f.suppressed, -LEVELS.index(f.level),
                                              -(f.security_severity or 0)))
    failed = {n for n, run in enumerate(runs)
              if any(i.get("executionSuccessful") is False for i in _invocations(run))}
    shown = [n for n in notifications if n.level == "error" or n.run in failed]
    details: dict[str, Any] = {
        "fail_on": fail_on,
        "fail_on_security_severity": security_threshold,
        "tools": [_tool_name(run) for run in runs],
        "counts": counts,
        "security_severity": ratings if any(ratings.values()) else {},
        "suppressed": sum(f.suppressed for f in findings),
        "findings": [_finding_dict(f) for f in ordered[:MAX_LISTED_FINDINGS]],
        "findings_not_listed": max(0, len(findings) - MAX_LISTED_FINDINGS),
    }
    if shown:
        details["notifications"] = [{"run": n.run, "where": n.where, "level": n.level,
                                     "id": n.id, "message": n.message} for n in shown[:20]]
    return details


def _finding_dict(finding: Finding) -> dict[str, Any]:
    return {"level": finding.level, "rule_id": finding.rule_id, "rule": finding.rule_name,
            "security_severity": (f"{finding.security_severity:g} {finding.rating}"
                                  if finding.rating else ""),
            "message": finding.message, "location": finding.location,
            "suppressed": finding.suppressed, "run": finding.run}


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
