"""Times as tools write them in their reports: read_tool_time."""
from datetime import datetime, timedelta, timezone

import pytest

from generator.model.times import ZONE_ABBREVIATIONS, read_tool_time

UTC = timezone.utc


@pytest.mark.parametrize("text, moment", [
    # ISO 8601 with an offset or Z, with fractions of any length (nextest, Playwright, CodeQL)
    ("2024-01-09T07:50:12.664+00:00", datetime(2024, 1, 9, 7, 50, 12, 664000, UTC)),
    ("2025-07-09T08:12:35.056084+02:00", datetime(2025, 7, 9, 6, 12, 35, 56084, UTC)),
    ("2026-01-11T12:52:59.856015500Z", datetime(2026, 1, 11, 12, 52, 59, 856015, UTC)),
    # no zone at all (jest-junit, mocha-junit-reporter, pytest): UTC
    ("2023-11-15T06:21:16", datetime(2023, 11, 15, 6, 21, 16, tzinfo=UTC)),
    # ISO followed by a zone name (TestNG)
    ("2021-03-07T10:36:56 UTC", datetime(2021, 3, 7, 10, 36, 56, tzinfo=UTC)),
    ("2021-03-07T10:36:56 CET", datetime(2021, 3, 7, 9, 36, 56, tzinfo=UTC)),
    ("2021-03-07 10:36:56 GMT+05:30", datetime(2021, 3, 7, 5, 6, 56, tzinfo=UTC)),
    ("2021-03-07 10:36:56 +0200", datetime(2021, 3, 7, 8, 36, 56, tzinfo=UTC)),
    # RFC 1123 (mocha's xunit reporter, Date.toUTCString) and Date.toGMTString (old TestNG)
    ("Sat, 03 Dec 2022 23:10:07 GMT", datetime(2022, 12, 3, 23, 10, 7, tzinfo=UTC)),
    ("12 Aug 2023 07:42:36 GMT", datetime(2023, 8, 12, 7, 42, 36, tzinfo=UTC)),
    # Java's Date.toString: the zone before the year
    ("Sat Aug 12 07:42:36 PDT 2023", datetime(2023, 8, 12, 14, 42, 36, tzinfo=UTC)),
    # NUnit 3's space after the T
    ("2021-11-05T 12:41:16Z", datetime(2021, 11, 5, 12, 41, 16, tzinfo=UTC)),
])
def test_common_forms_are_read_exactly(text, moment):
    reading = read_tool_time(text)
    assert reading.moment == moment and reading.note == ""
    assert reading.moment.utcoffset() == timedelta(0)


def test_an_abbreviation_with_several_meanings_takes_the_earliest_and_says_so():
    reading = read_tool_time("2023-08-13T13:26:48 IST")
    # India (+05:30) makes it earliest; Ireland (+01:00) or Israel (+02:00) would be later
    assert reading.moment == datetime(2023, 8, 13, 7, 56, 48, tzinfo=UTC)
    assert "'IST' names several time zones" in reading.note
    assert "India +05:30" in reading.note and "Ireland +01:00" in reading.note
    assert reading.note.startswith("'2023-08-13T13:26:48 IST'")


@pytest.mark.parametrize("zone", sorted(z for z, meanings in ZONE_ABBREVIATIONS.items()
                                        if len(meanings) > 1))
def test_every_ambiguous_abbreviation_reads_as_its_earliest_meaning(zone):
    reading = read_tool_time(f"2023-01-01T12:00:00 {zone}")
    largest = max(minutes for minutes, _ in ZONE_ABBREVIATIONS[zone])
    assert reading.moment == datetime(2023, 1, 1, 12, tzinfo=UTC) - timedelta(minutes=largest)
    assert "several time zones" in reading.note


def test_an_unknown_zone_is_read_as_utc_with_a_note():
    reading = read_tool_time("2023-01-01 10:00 XYZT")
    assert reading.moment == datetime(2023, 1, 1, 10, tzinfo=UTC)
    assert "unknown time zone 'XYZT', read as UTC" in reading.note


@pytest.mark.parametrize("text", ["yesterday", "01/29/2019 09:48:37", "2022-02-30T10:00:00 UTC"])
def test_what_is_no_date_gives_no_moment_and_a_note_quoting_it(text):
    reading = read_tool_time(text)
    assert reading.moment is None and f"'{text}'" in reading.note


@pytest.mark.parametrize("value", [None, "", "   ", 42])
def test_nothing_written_is_no_time_and_no_note(value):
    assert read_tool_time(value).moment is None and read_tool_time(value).note == ""
