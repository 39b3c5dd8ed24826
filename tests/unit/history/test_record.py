"""history.json: written from file histories, read back into the History evaluation uses."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from generator.history.record import HistoryRecordError, history_from_json, history_json
from generator.model.project import Commit, FileHistory

BERLIN = timezone(timedelta(hours=1))
ADDED = Commit("a" * 40, "Ada", "ada@example.com", datetime(2026, 11, 1, 9, tzinfo=BERLIN),
               "Bob", "bob@example.com", datetime(2026, 11, 1, 10, tzinfo=timezone.utc),
               "Add scan (#7)", (("Approved-by", "Sam <sam@example.com>"),), 7)
CHANGED = Commit("b" * 40, "Bob", "bob@example.com", datetime(2026, 11, 2, 9, tzinfo=timezone.utc),
                 "Bob", "bob@example.com", datetime(2026, 11, 2, 9, tzinfo=timezone.utc))
FILES = {"evidence/v1/a/b/scan.txt": FileHistory((ADDED, CHANGED)),
         "evidence/v1/a/b/new.txt": FileHistory((), "uncommitted"),
         "evidence/v1/signoffs/qa.yml": FileHistory((CHANGED,), "modified")}


def round_trip(data):
    return history_from_json(json.loads(json.dumps(data)))


def test_every_fact_survives_the_round_trip():
    history = round_trip(history_json(FILES, CHANGED.sha, "evidence-site 0.1.0"))
    assert history.files == FILES
    assert history.head.sha == CHANGED.sha
    assert history.file("evidence/v1/a/b/scan.txt").added.authored_at.utcoffset() == \
        timedelta(hours=1)


def test_each_commit_is_written_once():
    data = history_json(FILES, CHANGED.sha, "x")
    assert sorted(data["commits"]) == [ADDED.sha, CHANGED.sha]
    assert data["files"]["evidence/v1/signoffs/qa.yml"] == {"state": "modified",
                                                            "commits": [CHANGED.sha]}
    assert data["commits"][ADDED.sha]["trailers"] == [["Approved-by", "Sam <sam@example.com>"]]


def test_a_head_not_among_the_files_commits_is_known_by_its_sha():
    assert round_trip(history_json(FILES, "c" * 40, "x")).head.sha == "c" * 40
    assert round_trip(history_json(FILES, "", "x")).head is None


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format=2), "format"),
    (lambda d: d["files"]["evidence/v1/a/b/scan.txt"].update(state="lost"), "state"),
    (lambda d: d["files"]["evidence/v1/a/b/scan.txt"]["commits"].append("d" * 40),
     "not in commits"),
    (lambda d: d["commits"]["a" * 40].update(committed_at="2026-11-01T10:00:00"), "time zone"),
    (lambda d: d["commits"]["a" * 40].pop("author_email"), "author_email"),
    (lambda d: d["commits"]["a" * 40].update(pull_request="7"), "pull_request"),
])
def test_a_damaged_record_is_refused_with_what_is_wrong(change, message):
    data = json.loads(json.dumps(history_json(FILES, CHANGED.sha, "x")))
    change(data)
    with pytest.raises(HistoryRecordError, match=message):
        history_from_json(data)
