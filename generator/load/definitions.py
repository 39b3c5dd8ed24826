"""Loading checklist definitions (content/checklists/*.yml) and roles (content/approvers.yml)."""
from __future__ import annotations

import difflib
import fnmatch
from pathlib import Path

from ..kinds import KINDS, option_problems
from ..model.problems import Problem, problem
from ..model.project import (
    Checklist,
    Item,
    Location,
    Member,
    Phase,
    Requirement,
    Role,
    Section,
)
from ..model.times import parse_due, parse_duration
from .schema import schema_problems
from .yamlsafe import YamlError, load_file, load_text, position


def read_yaml(root: Path, relpath: str, problems: list[Problem]):
    """Parsed YAML of a repository file, or None after recording why not."""
    try:
        return load_file(root / relpath)
    except YamlError as error:
        problems.append(problem(error.code, relpath, str(error), error.line, error.column))
    except OSError as error:
        problems.append(problem("yaml-syntax", relpath, f"cannot read: {error.strerror}"))
    return None


APPROVERS = "content/approvers.yml"
CHECKLISTS = "content/checklists"


def load_roles(root: Path) -> tuple[dict[str, Role], list[Problem]]:
    """The roles of content/approvers.yml, and the problems found in it."""
    problems: list[Problem] = []
    if not (root / APPROVERS).exists():
        return {}, problems
    data = read_yaml(root, APPROVERS, problems)
    if data is None:
        return {}, problems
    problems += schema_problems(data, "approvers", APPROVERS)
    if problems:
        return {}, problems
    return _roles(data), problems


def roles_from_text(text: str, relpath: str = APPROVERS) -> dict[str, Role] | None:
    """The roles of an approvers.yml as it was written at some commit; None when that text
    does not read as one (the problems of the current file are reported by load_roles)."""
    try:
        data = load_text(text)
    except YamlError:
        return None
    if schema_problems(data, "approvers", relpath):
        return None
    return _roles(data)


def _roles(data) -> dict[str, Role]:
    return {role_id: Role(role_id, spec.get("title", role_id), tuple(
        Member(m["name"], m["email"], tuple(m.get("also", ()))) for m in spec["members"]))
        for role_id, spec in data["roles"].items()}


def definition_paths(root: Path) -> list[str]:
    """The repository-relative paths of every checklist definition, sorted."""
    folder = root / CHECKLISTS
    found = sorted(folder.glob("*.y*ml")) if folder.is_dir() else []
    return [path.relative_to(root).as_posix() for path in found]


def is_definition_path(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    return folder == CHECKLISTS and fnmatch.fnmatchcase(name, "*.y*ml")


def load_checklists(root: Path, roles: dict[str, Role]
                    ) -> tuple[tuple[Checklist, ...], list[Problem]]:
    """Every definition under content/checklists/, and the problems found in them; a file
    with schema errors is left out (its problems say why)."""
    problems: list[Problem] = []
    paths = definition_paths(root)
    if not paths:
        problems.append(problem("no-checklists", CHECKLISTS, "no checklist definitions"))
    checklists = []
    for relpath in paths:
        data = read_yaml(root, relpath, problems)
        if data is None:
            continue
        found = schema_problems(data, "checklist", relpath)
        problems.extend(found)
        if not found:
            checklists.append(_checklist(data, relpath, roles, problems))
    _check_unique_ids(checklists, problems)
    return tuple(checklists), problems


def _checklist(data, relpath: str, roles, problems) -> Checklist:
    phases = tuple(_phase(data["id"], phase, relpath, roles, problems) for phase in data["phases"])
    return Checklist(data["id"], data["title"], data.get("version", 1), phases, relpath)


def _due(node, relpath, problems, inherited=None):
    if "due" not in node:
        return inherited
    try:
        return parse_due(node["due"])
    except (ValueError, KeyError) as error:
        line, column = position(node, "due")
        problems.append(problem("bad-duration", relpath, f"due: {error}", line, column))
        return inherited


def _phase(checklist_id, node, relpath, roles, problems) -> Phase:
    due = _due(node, relpath, problems)
    sections = tuple(_section(checklist_id, node["id"], s, due, relpath, roles, problems)
                     for s in node["sections"])
    return Phase(node["id"], node["title"], sections, due)


def _section(checklist_id, phase_id, node, phase_due, relpath, roles, problems) -> Section:
    owner = node.get("owner")
    if owner is not None:
        _check_role(owner, node, "owner", relpath, roles, problems)
    due = _due(node, relpath, problems, phase_due)
    context = (checklist_id, phase_id, node["id"], due)
    items = tuple(_item(context, item, relpath, roles, problems) for item in node["items"])
    return Section(node["id"], node["title"], phase_id, items, owner,
                   Location(relpath, node.line, node.column))


def _item(context, node, relpath, roles, problems) -> Item:
    checklist_id, phase_id, section_id, due = context
    signoff_role = node.get("signoff", {}).get("role")
    if signoff_role is not None:
        _check_role(signoff_role, node["signoff"], "role", relpath, roles, problems)
    default = (Requirement("signoff"),) if signoff_role else (Requirement(),)
    requires = tuple(_requirement(r, relpath, problems) for r in node.get("requires", ())) or default
    return Item(
        ref=f"{section_id}/{node['id']}", id=node["id"], title=node["title"],
        section_id=section_id, phase_id=phase_id, checklist_id=checklist_id,
        description=node.get("description", ""), requires=requires,
        max_age=_max_age(node, relpath, problems), applies_if=node.get("applies_if"),
        signoff_role=signoff_role, due_after_release=due,
        location=Location(relpath, node.line, node.column))


def _max_age(node, relpath, problems):
    if "max_age" not in node:
        return None
    try:
        return parse_duration(node["max_age"])
    except ValueError as error:
        line, column = position(node, "max_age")
        problems.append(problem("bad-duration", relpath, f"max_age: {error}", line, column))
        return None


def _requirement(node, relpath, problems) -> Requirement:
    kind, check = node["kind"], dict(node.get("check", {}))
    if kind not in KINDS:
        line, column = position(node, "kind")
        problems.append(problem("unknown-kind", relpath, f"unknown kind {kind!r}{did_you_mean(kind, KINDS)}",
                                line, column))
        return Requirement(kind, check)
    for message in option_problems(kind, check):
        line, column = position(node, "check")
        problems.append(problem("unknown-check-option", relpath, message, line, column))
    return Requirement(kind, check)


def _check_role(role, node, key, relpath, roles, problems):
    if roles and role not in roles or not roles:
        line, column = position(node, key)
        problems.append(problem("unknown-role", relpath,
                                f"role {role!r} is not in content/approvers.yml"
                                f"{did_you_mean(role, roles)}", line, column))


def _check_unique_ids(checklists, problems):
    seen: dict[str, Location] = {}
    for checklist in checklists:
        for section in checklist.sections:
            _once(seen, f"section id {section.id!r}", section.id, section.location, problems)
            items: dict[str, Location] = {}
            for item in section.items:
                _once(items, f"item id {item.id!r} in section {section.id!r}", item.id,
                      item.location, problems)
    ids: dict[str, Location] = {}
    for checklist in checklists:
        _once(ids, f"checklist id {checklist.id!r}", checklist.id, Location(checklist.path), problems)


def _once(seen, what, key, location, problems):
    if key in seen:
        first = seen[key]
        problems.append(problem("duplicate-id", location.path,
                                f"{what} already used at {first.path}:{first.line}",
                                location.line, location.column))
    else:
        seen[key] = location


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
