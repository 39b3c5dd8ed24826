"""Times read and written: durations ("24h", "7d"), ISO-8601 dates, the times tools write in
their reports; always aware (UTC default)."""
from __future__ import annotations

import re
from dataclasses import dataclass
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
    text = str(value).strip()
    return parse_datetime(text).date() if "T" in text or " " in text else date.fromisoformat(text)


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


# --- times written by tools -------------------------------------------------------------------
# Reports write their own time in many shapes: ISO 8601 (with or without a zone), ISO followed
# by a zone abbreviation (TestNG: `2023-08-13T13:26:48 IST`), RFC 1123 (mocha's xunit:
# `Sat, 03 Dec 2022 23:10:07 GMT`), Java's Date.toGMTString (`12 Aug 2023 07:42:36 GMT`) and
# Date.toString (`Sat Aug 12 07:42:36 IST 2023`). read_tool_time reads them all.

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_DAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
_CLOCK = r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?"
_ZONE = r"(?:\s*(?P<zone>[A-Za-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}))?"
_TOOL_TIME_SHAPES = tuple(re.compile(p, re.IGNORECASE) for p in (
    # 2023-08-13T13:26:48 IST, 2021-03-07 10:36:56.123 UTC, 2021-11-05T 12:41:16Z
    r"^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[T ]\s*)" + _CLOCK + _ZONE + "$",
    # Sat, 03 Dec 2022 23:10:07 GMT and 12 Aug 2023 07:42:36 GMT
    r"^" + _DAY + r"(?P<d>\d{1,2})[\s-]+(?P<mon>[a-z]{3})[a-z]*[\s-]+(?P<y>\d{4})\s+" + _CLOCK
    + _ZONE + "$",
    # Sat Aug 12 07:42:36 IST 2023 (Java's Date.toString, JavaScript's Date.toString start)
    r"^" + _DAY + r"(?P<mon>[a-z]{3})[a-z]*\s+(?P<d>\d{1,2})\s+" + _CLOCK + _ZONE
    + r"\s+(?P<y>\d{4})$",
))

# Zone abbreviations as tools print them, in minutes east of UTC. Where one abbreviation
# names several zones, every meaning is listed, most used first.
ZONE_ABBREVIATIONS: dict[str, tuple[tuple[int, str], ...]] = {
    "Z": ((0, "UTC"),), "UT": ((0, "UTC"),), "UTC": ((0, "UTC"),), "GMT": ((0, "UTC"),),
    "EST": ((-300, "US Eastern"),), "EDT": ((-240, "US Eastern"),),
    "CST": ((-360, "US Central"), (480, "China"), (-300, "Cuba")),
    "CDT": ((-300, "US Central"), (-240, "Cuba")),
    "MST": ((-420, "US Mountain"),), "MDT": ((-360, "US Mountain"),),
    "PST": ((-480, "US Pacific"),), "PDT": ((-420, "US Pacific"),),
    "AKST": ((-540, "Alaska"),), "AKDT": ((-480, "Alaska"),), "HST": ((-600, "Hawaii"),),
    "AST": ((-240, "Atlantic"), (180, "Arabia")), "BRT": ((-180, "Brasília"),),
    "ART": ((-180, "Argentina"),),
    "WET": ((0, "Western Europe"),), "WEST": ((60, "Western Europe"),),
    "BST": ((60, "British Summer"), (360, "Bangladesh")),
    "IST": ((330, "India"), (60, "Ireland"), (120, "Israel")),
    "CET": ((60, "Central Europe"),), "CEST": ((120, "Central Europe"),),
    "MET": ((60, "Central Europe"),), "MEST": ((120, "Central Europe"),),
    "EET": ((120, "Eastern Europe"),), "EEST": ((180, "Eastern Europe"),),
    "MSK": ((180, "Moscow"),), "SAST": ((120, "South Africa"),), "EAT": ((180, "East Africa"),),
    "WAT": ((60, "West Africa"),), "CAT": ((120, "Central Africa"),),
    "PKT": ((300, "Pakistan"),), "NPT": ((345, "Nepal"),), "ICT": ((420, "Indochina"),),
    "WIB": ((420, "Western Indonesia"),), "SGT": ((480, "Singapore"),),
    "HKT": ((480, "Hong Kong"),), "AWST": ((480, "Western Australia"),),
    "JST": ((540, "Japan"),), "KST": ((540, "Korea"),),
    "ACST": ((570, "Central Australia"),), "ACDT": ((630, "Central Australia"),),
    "AEST": ((600, "Eastern Australia"),), "AEDT": ((660, "Eastern Australia"),),
    "NZST": ((720, "New Zealand"),), "NZDT": ((780, "New Zealand"),),
}
_OFFSET = re.compile(r"^(?:GMT|UTC|UT)?(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$",
                     re.IGNORECASE)


@dataclass(frozen=True)
class ToolTime:
    """A time read from a report: the moment (None when unreadable) and, when the reading is
    not exact (a zone abbreviation with several meanings, an unknown zone, no date at all),
    a note saying what was done."""
    moment: datetime | None
    note: str = ""


def read_tool_time(text) -> ToolTime:
    """A time as a tool wrote it, always aware. No zone: UTC. A zone abbreviation with several
    meanings (IST, CST, BST, AST): the meaning that makes the time earliest, so a report never
    looks fresher than it may be, with a note. An unknown zone: UTC, with a note."""
    if not isinstance(text, str) or not text.strip():
        return ToolTime(None, "")
    text = " ".join(text.split())
    try:
        return ToolTime(utc(datetime.fromisoformat(text)))
    except ValueError:
        pass
    for shape in _TOOL_TIME_SHAPES:
        match = shape.match(text)
        if match:
            return _from_parts(text, match)
    return ToolTime(None, f"'{text}' is not a date and time this tool can read")


def _from_parts(text: str, match: re.Match) -> ToolTime:
    parts = match.groupdict()
    month = int(parts["mo"]) if parts.get("mo") else _MONTHS.get(parts["mon"].lower()[:3])
    fraction = (parts["f"] or "")[:6].ljust(6, "0")
    try:
        naive = datetime(int(parts["y"]), month or 0, int(parts["d"]), int(parts["h"]),
                         int(parts["mi"]), int(parts["s"] or 0), int(fraction))
    except ValueError:
        return ToolTime(None, f"'{text}' is not a valid date and time")
    offset, note = _zone_offset(parts["zone"])
    moment = naive.replace(tzinfo=timezone(timedelta(minutes=offset)))
    return ToolTime(moment.astimezone(timezone.utc), note and f"'{text}': {note}")


def _zone_offset(zone: str | None) -> tuple[int, str]:
    """Minutes east of UTC for a zone as printed, and a note when that is a choice."""
    if not zone:
        return 0, ""
    numeric = _OFFSET.match(zone)
    if numeric:
        minutes = int(numeric["h"]) * 60 + int(numeric["m"] or 0)
        return (minutes if numeric["sign"] == "+" else -minutes), ""
    meanings = ZONE_ABBREVIATIONS.get(zone.upper())
    if meanings is None:
        return 0, f"unknown time zone '{zone}', read as UTC"
    if len(meanings) == 1:
        return meanings[0][0], ""
    earliest = max(meanings)
    listed = ", ".join(f"{place} {_offset_text(minutes)}" for minutes, place in meanings)
    return earliest[0], (f"'{zone.upper()}' names several time zones ({listed}); read as "
                         f"{earliest[1]} {_offset_text(earliest[0])}, the earliest reading")


def _offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
