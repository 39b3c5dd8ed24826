"""JSON-schema validation of YAML data, with problems pointing at the offending line."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources

from jsonschema import Draft202012Validator

from ..model.problems import Problem, problem
from .yamlsafe import position


@cache
def validator(name: str) -> Draft202012Validator:
    text = resources.files("generator.load.schemas").joinpath(f"{name}.json").read_text()
    return Draft202012Validator(json.loads(text))


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
