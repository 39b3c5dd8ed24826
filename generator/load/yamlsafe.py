"""Safe YAML with positions: size and alias limits, and line/column for every key and item.

Only PyYAML's SafeLoader constructs objects. Mappings come back as `Node` dicts and sequences
as `NodeList`s that remember where each key or element was written, so schema errors can
name a line.
"""
from __future__ import annotations

import datetime as dt

import yaml

MAX_BYTES = 2 * 1024 * 1024
MAX_ALIASES = 50


class YamlError(ValueError):
    def __init__(self, code: str, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.code, self.line, self.column = code, line, column


class Node(dict):
    """A mapping that knows the position of itself and of each key."""
    line = column = 1
    positions: dict


class NodeList(list):
    line = column = 1
    positions: list


# libyaml's parser when PyYAML has it (its wheels do): the same safe constructors, far faster.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PositionLoader(_BaseLoader):
    pass


def _mapping(loader, node):
    value = Node()
    value.line, value.column = node.start_mark.line + 1, node.start_mark.column + 1
    value.positions = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool, type(None), dt.date)):
            raise YamlError("yaml-syntax", "mapping keys must be plain values",
                            key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        value[key] = loader.construct_object(value_node, deep=True)
        value.positions[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    return value


def _sequence(loader, node):
    value = NodeList(loader.construct_object(child, deep=True) for child in node.value)
    value.line, value.column = node.start_mark.line + 1, node.start_mark.column + 1
    value.positions = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]
    return value


def _timestamp(loader, node):
    """A date-shaped value that is no real date (2026-02-30) stays the text it is, so the
    field's own check reports it as a bad date at its line instead of the parser failing."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_PositionLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_PositionLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_PositionLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

# PyYAML's words for the mistakes people make most, with what usually causes them.
_EXPLAINED = {
    "mapping values are not allowed": "a `key:` indented deeper than the line before it, "
    "or an unquoted value containing ': ' (check the indentation, or quote the value)",
    "could not find expected ':'": "a line without `key: value` inside a mapping (a missing "
    "colon, or a quote or bracket left open)",
}


def _explain(problem: str, character: str) -> str:
    if character == "\t":
        return f"{problem}: a tab; YAML is indented with spaces"
    for words, cause in _EXPLAINED.items():
        if problem.startswith(words):
            return f"{problem}: {cause}"
    return problem


def _where(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int]:
    """Where the mistake is: where the parser stopped, unless it ran to the end of the text
    (an unclosed quote or bracket), then where the unfinished thing began."""
    mark = error.problem_mark
    at_end = mark is None or mark.index >= len(text.rstrip())
    if at_end and error.context_mark is not None:
        mark = error.context_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _with_context(error: yaml.MarkedYAMLError, message: str) -> str:
    """PyYAML's own words for what it was reading, e.g. `while scanning a quoted scalar
    (line 3, column 12): found unexpected end of stream`."""
    if not error.context:
        return message
    mark = error.context_mark
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
    return f"{error.context}{where}: {message}"


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line)
    return lines[line - 1][column - 1:column] if len(lines) >= line else ""


def _count_aliases(text: str) -> None:
    aliases = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                mark = event.start_mark
                raise YamlError("yaml-aliases", f"more than {MAX_ALIASES} aliases",
                                mark.line + 1, mark.column + 1)


def load_text(text: str):
    """Parse YAML text; raise YamlError with a 1-based position on any problem."""
    if len(text) > MAX_BYTES:
        raise YamlError("yaml-too-large", f"YAML larger than {MAX_BYTES // 2**20} MiB")
    try:
        if "*" in text:          # an alias is written `*name`: without one, no need to count
            _count_aliases(text)
        return yaml.load(text, Loader=_PositionLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        line, column = _where(error, text)
        message = _explain(f"{error.problem or error}", _char_at(text, line, column))
        raise YamlError("yaml-syntax", _with_context(error, message), line, column) from None
    except (yaml.YAMLError, RecursionError) as error:
        raise YamlError("yaml-syntax", f"YAML could not be parsed: {error}") from None


def load_file(path) -> object:
    from pathlib import Path

    size = Path(path).stat().st_size
    if size > MAX_BYTES:
        raise YamlError("yaml-too-large", f"{size} bytes; YAML files are limited to "
                        f"{MAX_BYTES // 2**20} MiB")
    with open(path, "rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    return load_text(raw.decode("utf-8", errors="replace"))


def to_plain(value):
    """Parsed YAML as JSON-ready data that `from_plain` turns back into the same Nodes,
    positions included (for caching what a parse found); TypeError for what it cannot keep."""
    if isinstance(value, Node):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("mapping keys other than strings")
        return {"map": [[key, to_plain(item)] for key, item in value.items()],
                "at": [value.line, value.column],
                "keys": [list(value.positions.get(key, (1, 1))) for key in value]}
    if isinstance(value, NodeList):
        return {"list": [to_plain(item) for item in value], "at": [value.line, value.column],
                "items": [list(p) for p in value.positions]}
    if type(value) is dict and all(isinstance(key, str) for key in value):
        return {"dict": [[key, to_plain(item)] for key, item in value.items()]}
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__}")


def from_plain(data):
    if not isinstance(data, dict):
        return data
    if "datetime" in data:
        return dt.datetime.fromisoformat(data["datetime"])
    if "date" in data:
        return dt.date.fromisoformat(data["date"])
    if "dict" in data:
        return {key: from_plain(item) for key, item in data["dict"]}
    if "map" in data:
        value = Node((key, from_plain(item)) for key, item in data["map"])
        value.positions = {key: tuple(p) for (key, _), p in zip(data["map"], data["keys"])}
    else:
        value = NodeList(from_plain(item) for item in data["list"])
        value.positions = [tuple(p) for p in data["items"]]
    value.line, value.column = data["at"]
    return value


def position(container, key) -> tuple[int, int]:
    """Best-known position of `key` inside a Node/NodeList, else of the container itself."""
    positions = getattr(container, "positions", None)
    if isinstance(container, Node) and key in positions:
        return positions[key]
    if isinstance(container, NodeList) and isinstance(key, int) and key < len(positions):
        return positions[key]
    return getattr(container, "line", 1), getattr(container, "column", 1)
