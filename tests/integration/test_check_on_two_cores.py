"""`evidence check` judges the releases on two cores and hands back only their problems:
what it reports is what one whole evaluation reports, problem for problem."""
from __future__ import annotations

import io
import json
from datetime import datetime, timezone

import pytest

from generator.cli.commands import _findings
from generator.evaluate.expiry import expiring
from generator.load import parallel
from generator.pipeline import load_for_judging
from tests.helpers.mini_project import mini_repo, release_yml

MALLORY = ("Mallory", "mallory@example.com")
VERSIONS = ("v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """Four releases, two of them open; a common probe whose stated time git disproves (in
    every release); sign-offs by someone outside the role in two; scans about to go stale
    in both open releases."""
    monkeypatch.setenv("EVIDENCE_CACHE_DIR", str(tmp_path / "cache"))
    repo = mini_repo(tmp_path / "repo")
    for number, version in enumerate(VERSIONS):
        released = f"2026-10-{10 + number}T12:00:00Z" if number < 2 else None
        repo.write(f"evidence/{version}/release.yml",
                   release_yml(version, **({"released_at": released} if released else {})))
        repo.write(f"evidence/{version}/security/scan/scan.md", f"Scanned {version}.\n")
        repo.write(f"evidence/{version}/security/review/review.md", "Reviewed.\n")
    repo.write("evidence/_common/security/scan/probe.json", '{"status": "pass"}\n')
    repo.write("evidence/_common/security/scan/probe.json.meta.yml",
               "kind: probe\ncollected: 2099-01-01T00:00:00Z\n")
    repo.commit("Releases and evidence", date="2026-10-05T09:00:00+00:00")
    for version in ("v1.1.0", "v1.2.0"):
        repo.write(f"evidence/{version}/signoffs/security.yml",
                   "kind: signoff\nrole: security\napprover: mallory@example.com\n"
                   "decision: approved\ndate: 2026-10-06\n")
    repo.commit("Sign-off", MALLORY, date="2026-10-06T09:00:00+00:00")
    return repo


def test_the_problems_and_warnings_are_those_of_a_whole_evaluation(repo, monkeypatch):
    judging = load_for_judging(repo.root, datetime(2026, 10, 11, tzinfo=timezone.utc))
    whole = judging.evaluate()
    wanted = (whole.problems,
              [w for r in whole.reports for w in expiring(r, whole.as_of, 30)])
    codes = {p.code for p in wanted[0]}
    assert {"collected-after-commit", "unverified-signoff"} <= codes, codes
    assert len({p.path for p in wanted[0] if p.code == "unverified-signoff"}) == 2
    assert len({w.release for w in wanted[1]}) == 2, "expiry warnings of two releases"

    shared = []
    real_share = parallel.share
    monkeypatch.setattr(parallel, "available", lambda: True)
    monkeypatch.setattr(parallel, "share", lambda *a, **k: shared.append(a) or real_share(*a, **k))
    assert _findings(judging, 30) == wanted
    assert len(shared) == 1 and shared[0][0] == len(VERSIONS)

    monkeypatch.setattr(parallel, "available", lambda: False)     # one core: the same
    assert _findings(judging, 30) == wanted
    assert len(shared) == 1


def test_status_json_of_every_release_is_that_of_one_whole_evaluation(repo, monkeypatch):
    from generator.cli.commands import cmd_status
    from generator.cli.parser import build_parser
    from generator.outputs.formats import STATUS_FORMATS, StatusView

    args = build_parser().parse_args(["--repo", str(repo.root), "status", "--format", "json"])
    whole = load_for_judging(repo.root).evaluate()
    wanted = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    STATUS_FORMATS["json"](StatusView(list(reversed(whole.reports)), whole.as_of, 30, False),
                           wanted)
    wanted.flush()
    monkeypatch.setattr(parallel, "available", lambda: True)
    shared = []
    real_share = parallel.share
    monkeypatch.setattr(parallel, "share", lambda *a, **k: shared.append(a) or real_share(*a, **k))
    written = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr("sys.stdout", written)
    assert cmd_status(args) == 0
    written.flush()
    assert shared and written.buffer.getvalue() == wanted.buffer.getvalue()
    assert [r["release"] for r in json.loads(written.buffer.getvalue())["releases"]] \
        == list(reversed(VERSIONS))


def test_records_judged_release_by_release_are_those_judged_at_once(repo):
    from generator.evaluate.records import RecordJudge

    judging = load_for_judging(repo.root)
    judge = RecordJudge(judging.loaded.project, judging.history, judging.rosters,
                        judging.as_of)
    whole, lazily = judge.judge(), judge.lazily()
    assert sum(len(s) for s in whole.signoffs.values()) == 2
    for version in (*VERSIONS, "v9.9.9"):
        for part in ("signoffs", "waivers", "warnings"):
            assert getattr(lazily, part).get(version, ()) == \
                getattr(whole, part).get(version, ())
