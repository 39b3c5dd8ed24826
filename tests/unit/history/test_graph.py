"""The commit graph: ancestry, the mainline commit that brought each commit in, dates."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

from generator.history.graph import CommitGraph, graph_from_log

T0 = datetime(2026, 11, 1, tzinfo=timezone.utc)


def sha(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()


def graph(edges: dict[str, str], dated: dict[str, int], subjects=None) -> CommitGraph:
    """`edges`: commit -> its parents ("" for a root), newest first; dates in hours."""
    lines = [f"{sha(c)}\x1f{' '.join(sha(p) for p in ps)}\x1f"
             f"{(T0 + timedelta(hours=dated[c])).isoformat()}\x1f{(subjects or {}).get(c, c)}"
             for c, ps in edges.items()]
    return graph_from_log("\n".join(lines) + "\n")


# main: a - b - m (merge of b and the branch x - y) - h
EDGES = {"h": "m", "m": "by", "y": "x", "x": "b", "b": "a", "a": ""}
TIMES = {"a": 0, "b": 1, "x": 2, "y": 3, "m": 4, "h": 5}


def test_the_mainline_is_the_first_parent_chain():
    g = graph(EDGES, TIMES)
    assert g.mainline == tuple(sha(c) for c in "hmba")


def test_branch_commits_are_introduced_by_their_merge():
    g = graph(EDGES, TIMES)
    assert g.introduced_by[sha("y")] == g.introduced_by[sha("x")] == sha("m")
    assert g.introduced_by[sha("b")] == sha("b")
    assert g.before_change(sha("y")) == sha("b")         # the merge's first parent
    assert g.before_change(sha("a")) is None             # the change that started it all
    assert g.before_change(sha("h"), base=sha("m")) == sha("m")     # not in the base
    assert g.before_change(sha("x"), base=sha("m")) == sha("b")     # in the base


def test_ancestry_not_dates_decides_order():
    g = graph(EDGES, {**TIMES, "y": -10})                # y backdated before everything
    assert sha("y") in g.ancestors(sha("h")) and sha("h") not in g.ancestors(sha("y"))
    assert g.dated_before_a_parent([sha(c) for c in EDGES]) == [(sha("y"), sha("x"))]
    assert g.latest_time() == T0 + timedelta(hours=5)


def test_a_merge_credits_its_pull_request_to_the_branch():
    g = graph(EDGES, TIMES, {"m": "Merge pull request #12 from bob/scan", "b": "Fix (#3)"})
    assert g.pull_request(sha("x")) == 12 and g.pull_request(sha("b")) == 3
    assert g.pull_request(sha("h")) is None


def test_contains_agrees_with_the_ancestor_sets_on_random_graphs():
    import random
    rng = random.Random(7)
    for _ in range(30):
        names = [f"c{i}" for i in range(rng.randint(1, 40))]
        parents = {}
        for index, name in enumerate(names):
            older = names[index + 1:] + ["outside"]      # a parent the clone does not hold
            parents[sha(name)] = tuple(sha(p) for p in rng.sample(older, min(len(older),
                                                                           rng.randint(0, 2))))
        g = CommitGraph(parents=parents)
        everyone = [*parents, sha("outside"), sha("unknown")]
        for a in everyone:
            for b in everyone:
                assert g.contains(a, b) == (b in g.ancestors(a)), (a, b)
