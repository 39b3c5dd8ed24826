"""Sign-off and waiver records (contract section 6): from parsed YAML to model objects."""
from __future__ import annotations

from .definitions import did_you_mean
from .model import Location, SignOff, Waiver
from .problems import Problem, problem
from .timeparse import parse_date
from .validation import schema_problems
from .yamlsafe import position


def _date(data, key, relpath, code, problems):
    if data.get(key) is None:
        return None
    try:
        return parse_date(data[key])
    except (ValueError, TypeError):
        line, column = position(data, key)
        problems.append(problem("bad-date", relpath, f"{key}: {data[key]!r} is not a date",
                                line, column))
        return None


def signoff_record(data, relpath: str, release: str, roles,
                   problems: list[Problem]) -> SignOff | None:
    found = schema_problems(data, "signoff", relpath, "bad-signoff")
    problems.extend(found)
    if found:
        return None
    if data["decision"] == "approved-with-conditions" and not data.get("conditions"):
        line, column = position(data, "decision")
        problems.append(problem("bad-signoff", relpath,
                                "approved-with-conditions needs `conditions:`", line, column))
    if data["role"] not in roles:
        line, column = position(data, "role")
        problems.append(problem("unknown-role", relpath, f"role {data['role']!r} is not in "
                                f"content/approvers.yml{did_you_mean(str(data['role']), roles)}",
                                line, column))
    scope = data.get("scope", "release")
    return SignOff(
        path=relpath, release=release, role=data["role"], approver=data["approver"],
        decision=data["decision"], date=_date(data, "date", relpath, "bad-signoff", problems),
        scope=scope if isinstance(scope, str) else tuple(scope),
        conditions=data.get("conditions", ""), evidence_digest=data.get("evidence_digest"),
        location=Location(relpath, data.line, data.column))


def waiver_record(data, relpath: str, release: str, problems: list[Problem]) -> Waiver | None:
    found = schema_problems(data, "waiver", relpath, "bad-waiver")
    problems.extend(found)
    if found:
        return None
    if data["type"] != "not-applicable" and data.get("expires") is None:
        line, column = position(data, "type")
        problems.append(problem("bad-waiver", relpath,
                                f"a {data['type']} waiver needs `expires:`", line, column))
    return Waiver(
        path=relpath, release=release, items=tuple(data["items"]), type=data["type"],
        reason=data["reason"], approved_by=data["approved_by"],
        expires=_date(data, "expires", relpath, "bad-waiver", problems),
        location=Location(relpath, data.line, data.column))
