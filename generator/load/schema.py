"""JSON-schema validation of YAML data, with problems pointing at the offending line.

The schemas (schemas/<name>.schema.json, draft-07) are the ones published for editors
(docs/editors.md): what an editor checks while typing is what `evidence check` checks.
Each is also compiled to code (validity/<name>.py) that answers only "valid or not", quickly
and without importing jsonschema; jsonschema finds and words the errors of a document that
code refuses.
"""
from __future__ import annotations

import importlib
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ..model.problems import Problem, problem
from .yamlsafe import position

if TYPE_CHECKING:
    from jsonschema import Draft7Validator

SCHEMAS = "generator.load.schemas"
NAMES = ("approvers", "checklist", "meta", "release", "settings", "signoff", "waiver")


def schema_text(name: str) -> str:
    return resources.files(SCHEMAS).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")


def schema_id(name: str) -> str:
    """The schema's published address, its `$id`."""
    return json.loads(schema_text(name))["$id"]


def modeline(name: str) -> str:
    """The first line of a YAML file an editor with yaml-language-server checks as we do."""
    return f"# yaml-language-server: $schema={schema_id(name)}\n"


@cache
def _compiled(name: str):
    return importlib.import_module(f"{__package__}.validity.{name}").validate


def prepare_checks() -> None:
    """Import every schema's compiled code now, rather than at its first document."""
    for name in NAMES:
        _compiled(name)


def known_valid(name: str, data) -> bool:
    """The schema's compiled code accepts `data`. It accepts nothing jsonschema refuses
    (tests/unit/load/test_schema_validity.py); it refuses a few things jsonschema accepts
    (a `$` in a pattern matches before a final line break for jsonschema only)."""
    try:
        _compiled(name)(data)
    except Exception:        # refused, or beyond the code: jsonschema decides
        return False
    return True


@cache
def validator(name: str) -> Draft7Validator:
    from jsonschema import Draft7Validator  # costly to import; only a load needs it
    return Draft7Validator(json.loads(schema_text(name)))


def _located(data, error) -> tuple[int, int]:
    """Walk to the deepest container on the error's path and take the position there."""
    container, key = data, None
    for step in error.absolute_path:
        if key is not None:
            container = container[key]
        key = step
    if key is None:
        return getattr(data, "line", 1), getattr(data, "column", 1)
    return position(container, key)


def _message(error) -> str:
    where = "/".join(str(p) for p in error.absolute_path)
    if error.validator == "additionalProperties":
        return f"{error.message} at {where or 'top level'}"
    return f"{where}: {error.message}" if where else error.message


def schema_problems(data, schema: str, path: str, code: str = "schema",
                    hint: str | None = None) -> list[Problem]:
    if known_valid(schema, data):
        return []
    errors = sorted(validator(schema).iter_errors(data), key=lambda e: list(map(str, e.path)))
    found = []
    for error in errors:
        line, column = _located(data, error)
        found.append(problem(code, path, _message(error), line, column, hint))
    return found


def dated(data, key: str, parse, path: str, problems: list[Problem]):
    """`parse(data[key])`, or None when absent; a value that does not parse is a bad-date
    problem at the key's line."""
    if data.get(key) is None:
        return None
    try:
        return parse(data[key])
    except (ValueError, TypeError):
        line, column = position(data, key)
        problems.append(problem("bad-date", path, f"{key}: {data[key]!r} is not a date"
                                f"{' or time' if 'datetime' in parse.__name__ else ''}",
                                line, column))
        return None
