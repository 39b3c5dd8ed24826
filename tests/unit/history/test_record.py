"""history.json: the git facts of an evaluation written out and read back, and the commit
graph cut down without changing what evaluation asks of it."""
from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone

import pytest

from generator.history.graph import CommitGraph
from generator.history.log import History
from generator.history.record import (
    HistoryRecordError,
    history_from_json,
    history_json,
    reduced_graph,
)
from generator.history.rosters import Rosters
from generator.model.project import Commit, FileHistory, Member, Role, RosterChange

UTC = timezone.utc
BERLIN = timezone(timedelta(hours=1))


def commit(sha: str, hour: int, **fields) -> Commit:
    when = datetime(2026, 11, 1, hour, tzinfo=UTC)
    values = {"author_name": "Ada", "author_email": "ada@example.com", "authored_at": when,
              "committer_name": "Ada", "committer_email": "ada@example.com",
              "committed_at": when, **fields}
    return Commit(sha * 40 if len(sha) == 1 else sha, **values)


ROOT, ROSTER, EVIDENCE, SIGN, HEAD = (commit(c, h) for c, h in
                                      zip("abcde", (1, 2, 3, 4, 5)))
EVIDENCE = commit("c", 3, authored_at=datetime(2026, 11, 1, 9, tzinfo=BERLIN),
                  trailers=(("Approved-by", "Sam <sam@example.com>"),), pull_request=7,
                  subject="Add scan (#7)")
GRAPH = CommitGraph(parents={ROOT.sha: (), ROSTER.sha: (ROOT.sha,), EVIDENCE.sha: (ROSTER.sha,),
                             SIGN.sha: (EVIDENCE.sha,), HEAD.sha: (SIGN.sha,)},
                    committed_at={c.sha: c.committed_at for c in (ROOT, ROSTER, EVIDENCE, SIGN,
                                                                  HEAD)},
                    subjects={c.sha: c.subject for c in (ROOT, ROSTER, EVIDENCE, SIGN, HEAD)},
                    mainline=(HEAD.sha, SIGN.sha, EVIDENCE.sha, ROSTER.sha, ROOT.sha))
SECURITY = {"security": Role("security", "Security", (Member("Sam", "sam@example.com",
                                                             ("sam@users.example",)),))}
SIGNOFF = "evidence/v1/signoffs/security.yml"
FILES = {"evidence/v1/a/b/scan.txt": FileHistory((EVIDENCE,)),
         "evidence/v1/a/b/new.txt": FileHistory((), "uncommitted"),
         SIGNOFF: FileHistory((SIGN,), "committed"),
         "content/approvers.yml": FileHistory((ROSTER,))}
ROSTERS = Rosters({EVIDENCE.sha: SECURITY, ROSTER.sha: SECURITY},
                  (RosterChange(ROSTER, "security", ("sam@example.com",), ()),))
HISTORY = History(files=FILES, head=HEAD, graph=GRAPH)


def written(signatures=None) -> dict:
    data = history_json(HISTORY, FILES, [SIGNOFF], "evidence-site 0.1.0", ROSTERS, signatures)
    return json.loads(json.dumps(data))


def test_every_fact_survives_the_round_trip():
    facts = history_from_json(written({SIGN.sha: "G", EVIDENCE.sha: "N"}))
    assert facts.history.files == FILES
    assert facts.history.head.sha == HEAD.sha
    assert facts.history.file("evidence/v1/a/b/scan.txt").added == EVIDENCE
    assert facts.rosters.before(facts.history, SIGN.sha) == (EVIDENCE.sha, SECURITY)
    assert facts.rosters.changes == ROSTERS.changes
    assert facts.signatures == {SIGN.sha: "G"}         # only the records' commits
    assert facts.history.graph.ancestors(SIGN.sha) >= {EVIDENCE.sha, ROSTER.sha}


def test_only_the_rosters_records_are_judged_against_are_written():
    data = written()
    assert list(data["rosters"]) == [EVIDENCE.sha]
    assert data["rosters"][EVIDENCE.sha]["security"]["members"] == [
        {"name": "Sam", "email": "sam@example.com", "also": ["sam@users.example"]}]
    assert data["signatures"] is None
    assert data["commits"][EVIDENCE.sha]["trailers"] == [["Approved-by", "Sam <sam@example.com>"]]
    assert data["files"][SIGNOFF] == {"state": "committed", "commits": [SIGN.sha]}


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format=2), "format"),
    (lambda d: d["files"]["evidence/v1/a/b/scan.txt"].update(state="lost"), "state"),
    (lambda d: d["files"]["evidence/v1/a/b/scan.txt"]["commits"].append("f" * 40),
     "not in commits"),
    (lambda d: d["commits"][EVIDENCE.sha].update(committed_at="2026-11-01T10:00:00"),
     "time zone"),
    (lambda d: d["commits"][EVIDENCE.sha].pop("author_email"), "author_email"),
    (lambda d: d["commits"][EVIDENCE.sha].update(pull_request="7"), "pull_request"),
    (lambda d: d.pop("graph"), "graph"),
    (lambda d: d["roster_changes"][0].update(commit="f" * 40), "roster_changes"),
    (lambda d: d.update(signatures=["G"]), "signatures"),
])
def test_a_damaged_record_is_refused_with_what_is_wrong(change, message):
    data = written()
    change(data)
    with pytest.raises(HistoryRecordError, match=message):
        history_from_json(data)


def random_graph(rng: random.Random, size: int) -> CommitGraph:
    """A first-parent mainline with side branches merged into it, like real histories."""
    parents: dict[str, tuple[str, ...]] = {}
    mainline = [f"{0:040x}"]
    parents[mainline[0]] = ()
    branch_tip = None
    for n in range(1, size):
        sha = f"{n:040x}"
        if branch_tip is not None and rng.random() < 0.3:         # merge the branch
            parents[sha] = (mainline[-1], branch_tip)
            branch_tip = None
            mainline.append(sha)
        elif rng.random() < 0.4:                                 # work on a branch
            parents[sha] = (branch_tip or rng.choice(mainline),)
            branch_tip = sha
        else:
            parents[sha] = (mainline[-1],)
            mainline.append(sha)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return CommitGraph(parents, {s: start + timedelta(minutes=n) for n, s in enumerate(parents)},
                       {s: "" for s in parents}, tuple(reversed(mainline)))


@pytest.mark.parametrize("seed", range(8))
def test_the_reduced_graph_answers_as_the_whole_one(seed):
    rng = random.Random(seed)
    graph = random_graph(rng, 120)
    keep = rng.sample(sorted(graph.parents), 15)
    small = reduced_graph(graph, keep)
    assert len(small.parents) < len(graph.parents)
    for sha in keep:
        assert small.ancestors(sha) & set(keep) == graph.ancestors(sha) & set(keep)
        assert small.before_change(sha) == graph.before_change(sha)
        assert small.introduced_by[sha] == graph.introduced_by[sha]
