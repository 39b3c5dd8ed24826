"""Small helpers shared by the kind checkers: option reading, times, text trimming."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from ..model.times import read_tool_time

Notes = tuple[tuple[str, str], ...]       # Verdict.notes: (problem code, message)
UNCLEAR_TIME = "unclear-time"
NO_TIME_FALLBACK = "the time of the commit that added the file is used instead"


class OptionError(ValueError):
    """A `check:` option has the wrong type or value."""


def option_int(options: Mapping[str, Any], name: str, default: int | None = None,
               minimum: int = 0) -> int | None:
    value = options.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise OptionError(f"check option '{name}' must be a whole number >= {minimum}, got {value!r}")
    return value


def option_bool(options: Mapping[str, Any], name: str, default: bool) -> bool:
    value = options.get(name, default)
    if not isinstance(value, bool):
        raise OptionError(f"check option '{name}' must be true or false, got {value!r}")
    return value


def option_str(options: Mapping[str, Any], name: str, default: str, choices: tuple[str, ...]) -> str:
    value = options.get(name, default)
    if value not in choices:
        raise OptionError(f"check option '{name}' must be one of {', '.join(choices)}, got {value!r}")
    return value


def as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def tool_time(value: Any, label: str) -> tuple[datetime | None, Notes]:
    """A time a report states (`label` names its field), and a note when it is not exact."""
    reading = read_tool_time(value)
    return reading.moment, (((UNCLEAR_TIME, f"{label} {reading.note}"),) if reading.note else ())


def latest_tool_time(values: Iterable[Any], label: str) -> tuple[datetime | None, Notes]:
    """The latest of the times a report states, and notes on those not read exactly. When none
    can be read, the note says what decides instead."""
    readings = [tool_time(value, label) for value in dict.fromkeys(values) if value]
    moment = max((m for m, _ in readings if m), default=None)
    notes = tuple(dict.fromkeys(note for _, found in readings for note in found))
    if moment is None and notes:
        notes = tuple((code, f"{text}; {NO_TIME_FALLBACK}") for code, text in notes)
    return moment, notes


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def first_line(text: str | None, limit: int = 200) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def load_json(data: bytes) -> Any:
    """Parsed JSON; raises ValueError naming line and column when the text is not JSON."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (byte {error.start})") from None
    return parse_json(text)


def parse_json(text: str) -> Any:
    """Untrusted JSON text parsed; ValueError (never RecursionError) when it cannot be."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON: line {error.lineno} column {error.colno}: "
                         f"{error.msg}") from None
    except RecursionError:
        raise ValueError("not readable JSON: nested too deeply (about a thousand levels or "
                         "more)") from None


def content_start(head: bytes) -> bytes:
    """The head without a UTF-8 byte-order mark and leading white space."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")


@lru_cache(maxsize=4)
def json_head_keys(head: bytes) -> frozenset[str] | None:
    """The top-level keys of a JSON object that starts `head` (all of them when the head is the
    whole file, else those written in its first bytes); None when it is not a JSON object."""
    if not content_start(head).startswith(b"{"):
        return None
    try:
        value = parse_json(head.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        # Only the head was read: recognise a large file by the keys it starts with.
        return frozenset(k.decode() for k in re.findall(rb'"(\$schema|version|runs|status)"\s*:', head))
    return frozenset(value) if isinstance(value, dict) else None
