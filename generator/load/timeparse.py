"""Durations ("24h", "7d", "2w") and ISO-8601 dates and times, always timezone-aware (UTC default)."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text) -> timedelta:
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(f"{text!r} is not a duration like 24h, 7d or 2w")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def parse_due(value) -> timedelta | None:
    """`before-release` -> None; `after-release: 24h` (string or mapping) -> 24 hours."""
    if value is None or value == "before-release":
        return None
    if isinstance(value, dict):
        return parse_duration(value["after-release"])
    text = str(value)
    if text.startswith("after-release:"):
        return parse_duration(text.split(":", 1)[1])
    raise ValueError(f"{text!r} is not `before-release` or `after-release: <duration>`")


def parse_datetime(value) -> datetime:
    """A date or time from YAML (already a date/datetime) or text; UTC when no zone is given."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time(0, 0))
    else:
        text = str(value).strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        result = datetime.fromisoformat(text)
    return result if result.tzinfo else result.replace(tzinfo=timezone.utc)


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())
