"""Times read and written: durations ("24h", "7d"), ISO-8601 dates; always aware (UTC default)."""
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


def utc(value: datetime) -> datetime:
    """An aware UTC datetime; naive values are taken as UTC."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(
        timezone.utc)


def iso(value: date | datetime | None) -> str | None:
    """ISO 8601 as the JSON outputs write it: `2026-11-20T10:00:00Z`, `2026-11-20`, or None."""
    if value is None:
        return None
    return value.isoformat().replace("+00:00", "Z")


def readable(value: date | datetime | None) -> str:
    """Dates as readers expect them: `2026-11-20 10:00 UTC`, or an em dash when unknown."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return utc(value).strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def short_duration(value: timedelta) -> str:
    """A duration as a definition writes it: 30d, 24h, 90m."""
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return str(value)


def long_duration(value: timedelta) -> str:
    """30 days, 24 hours, 90 minutes: the largest whole unit that states it exactly."""
    seconds = int(value.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"
