"""JSON probe results: {"status": "pass", "observed_at": "...", ...}.

`expect: {dotted.path: value}` compares values inside the probe; a path walks nested objects
by key and lists by index (`checks.0.name`). Keys that contain dots cannot be addressed.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model.results import Verdict, invalid
from ._common import OptionError, json_head_keys, load_json, tool_time
from .kind import Kind

OPTIONS = frozenset({"expect"})
_MISSING = object()


def read_options(options: Mapping[str, Any]) -> Mapping[str, Any]:
    """expect; raises OptionError when it is not a mapping."""
    expect = options.get("expect", {})
    if not isinstance(expect, Mapping):
        raise OptionError("check option 'expect' must map dotted paths to expected values")
    return expect


def check(data: bytes, options: Mapping[str, Any], path: str = "") -> Verdict:
    expect = read_options(options)
    try:
        probe = load_json(data)
    except ValueError as error:
        return invalid(f"probe: {error}")
    if not isinstance(probe, dict) or "status" not in probe:
        return invalid("probe must be a JSON object with a 'status' field")
    observed = probe.get("observed_at")
    collected_at, notes = tool_time(observed, "observed_at")
    if observed is not None and collected_at is None:
        return invalid(f"observed_at {observed!r} is not an ISO-8601 date-time")
    reasons = _status_reasons(probe["status"]) + _expect_reasons(probe, expect)
    return Verdict("fail" if reasons else "pass", tuple(reasons), collected_at=collected_at,
                   details={"status": probe["status"], "observed_at": observed,
                            "expected": {str(k): v for k, v in expect.items()}}, notes=notes)


def _status_reasons(status: Any) -> list[str]:
    return [] if status == "pass" else [f"probe status is {status!r}, not 'pass'"]


def _expect_reasons(probe: dict, expect: Mapping[str, Any]) -> list[str]:
    reasons = []
    for path, wanted in expect.items():
        actual = lookup(probe, str(path))
        if actual is _MISSING:
            reasons.append(f"expected {path} = {wanted!r}, but {path} is not in the probe")
        elif not _same(actual, wanted):
            reasons.append(f"expected {path} = {wanted!r}, found {actual!r}")
    return reasons


def lookup(value: Any, path: str) -> Any:
    """The value at a dotted path; list elements by index (negative indexes are not allowed)."""
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return _MISSING
    return value


def _same(actual: Any, wanted: Any) -> bool:
    # true must not equal 1, and "1" must not equal 1: compare types as well as values.
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return type(actual) is type(wanted) and actual == wanted
    if isinstance(actual, (int, float)) and isinstance(wanted, (int, float)):
        return actual == wanted
    return type(actual) is type(wanted) and actual == wanted


def looks_like_probe(name: str, head: bytes) -> bool:
    return "status" in (json_head_keys(head) or frozenset())


KIND = Kind("probe", check, sniff=looks_like_probe, options=OPTIONS, read_options=read_options,
            display="json")
