"""When a release is judged: in progress at the evaluation time, released at the end of its
last after-release window (or the evaluation time when that is earlier)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from generator.evaluate.timing import judgment_time
from generator.model.project import Checklist, Item, Phase, Release, Requirement, Section

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
RELEASED = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)


def checklist(checklist_id: str, *dues: timedelta | None) -> Checklist:
    items = tuple(Item(ref=f"s/i{n}", id=f"i{n}", title="I", section_id="s", phase_id="p",
                       checklist_id=checklist_id, requires=(Requirement(),),
                       due_after_release=due) for n, due in enumerate(dues))
    return Checklist(checklist_id, "C", 1, (Phase("p", "P", (Section("s", "S", "p", items),)),),
                     f"{checklist_id}.yml")


def release(released_at: datetime | None, *checklists: str) -> Release:
    return Release("v1", "evidence/v1/release.yml", checklists=checklists,
                   released_at=released_at, status="released" if released_at else "in-progress")


def test_a_release_in_progress_is_judged_at_the_evaluation_time():
    assert judgment_time(release(None, "deploy"), [checklist("deploy", timedelta(days=3))],
                         NOW) == NOW


def test_a_released_release_is_judged_at_the_end_of_its_longest_after_release_window():
    lists = [checklist("deploy", None, timedelta(hours=24), timedelta(days=7))]
    assert judgment_time(release(RELEASED, "deploy"), lists, NOW) == RELEASED + timedelta(days=7)


def test_without_after_release_items_the_time_is_the_release_itself():
    assert judgment_time(release(RELEASED, "deploy"), [checklist("deploy", None)],
                         NOW) == RELEASED


def test_the_evaluation_time_when_the_window_has_not_closed_yet():
    lists = [checklist("deploy", timedelta(days=90))]
    assert judgment_time(release(RELEASED, "deploy"), lists, NOW) == NOW


def test_only_the_checklists_the_release_uses_count():
    lists = [checklist("deploy", timedelta(days=1)), checklist("other", timedelta(days=30))]
    assert judgment_time(release(RELEASED, "deploy"), lists, NOW) == RELEASED + timedelta(days=1)
