"""Sign-off and waiver records (docs/format.md): from parsed YAML to model objects."""
from __future__ import annotations

from typing import Iterable, Mapping

from ..model.problems import Problem, problem
from ..model.project import Location, SignOff, Waiver
from ..model.times import parse_date
from .definitions import did_you_mean
from .schema import dated, schema_problems
from .yamlsafe import position


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
        decision=data["decision"], date=dated(data, "date", parse_date, relpath, problems),
        scope=scope if isinstance(scope, str) else tuple(scope),
        conditions=data.get("conditions", ""), evidence_digest=data.get("evidence_digest"),
        location=Location(relpath, data.line, data.column))


def waiver_record(data, relpath: str, release: str, sections: Mapping[str, Iterable[str]],
                  problems: list[Problem]) -> Waiver | None:
    """A waiver of the listed `items:` and of every item of the listed `sections:`
    (`sections` maps each section id to its item ids)."""
    found = schema_problems(data, "waiver", relpath, "bad-waiver")
    problems.extend(found)
    if found:
        return None
    waived = list(data.get("items") or [])
    for index, section in enumerate(data.get("sections") or []):
        if section in sections:
            waived += [f"{section}/{item}" for item in sorted(sections[section])]
        else:
            line, column = position(data["sections"], index)
            problems.append(problem("unknown-item", relpath, f"unknown section {section!r}"
                                    f"{did_you_mean(str(section), sections)}", line, column))
    if data["type"] != "not-applicable" and data.get("expires") is None:
        line, column = position(data, "type")
        problems.append(problem("bad-waiver", relpath,
                                f"a {data['type']} waiver needs `expires:`", line, column))
    return Waiver(
        path=relpath, release=release, items=tuple(dict.fromkeys(waived)), type=data["type"],
        reason=data["reason"], approved_by=data["approved_by"],
        expires=dated(data, "expires", parse_date, relpath, problems),
        location=Location(relpath, data.line, data.column),
        sections=tuple(data.get("sections") or ()))
