"""history.json: the git facts an evaluation used, as the audit pack carries them.

- `files`: every evidence file of the release (and content/approvers.yml): its state and each
  commit that added or changed it, oldest first;
- `commits`: each of those commits once, with author, committer, both dates, subject,
  trailers and the pull request credited to it;
- `graph`: the commit graph cut down to the commits that matter (those above, the mainline
  commits that brought them in and the commits before those): ancestry among them and the
  mainline, which decide what a sign-off covers and which roster judged a record;
- `rosters`: the roles of content/approvers.yml as they stood at the commits records are
  judged against, and every change of the roster;
- `signatures`: git's signature check of each record commit, when signed records are required.

Read back, these are the History, Rosters and signatures the evaluation takes, with no
repository at hand. Pure: no git runs here. docs/schemas/history.schema.json describes it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping

from ..model.project import Commit, FileHistory, Member, Role, RosterChange
from ..model.times import iso
from .graph import CommitGraph
from .log import COMMITTED, MODIFIED, OK, UNCOMMITTED, History
from .rosters import Rosters

FORMAT = 1
STATES = (COMMITTED, MODIFIED, UNCOMMITTED)


class HistoryRecordError(ValueError):
    """history.json does not have the shape this module writes."""


@dataclass(frozen=True)
class GitFacts:
    history: History
    rosters: Rosters
    signatures: Mapping[str, str] | None


def history_json(history: History, paths: Iterable[str], records: Iterable[str],
                 evaluated_by: str, rosters: Rosters = Rosters(),
                 signatures: Mapping[str, str] | None = None,
                 source_commit: str | None = None) -> dict[str, Any]:
    """The facts about `paths` (the release's evidence files and the roster file); `records`:
    those of them that are sign-offs and waivers, which are judged against rosters.
    `source_commit`: the commit the release's pack names (default: HEAD)."""
    files = {path: history.file(path) for path in sorted(set(paths))}
    commits = {c.sha: c for h in files.values() for c in h.commits}
    commits.update((c.commit.sha, c.commit) for c in rosters.changes if c.commit)
    judged = {c.sha for path in records for c in history.file(path).commits}
    last = [h.changed.sha for path in records if (h := history.file(path)).changed]
    references = sorted({ref for sha in last if (ref := rosters.before(history, sha)[0])})
    source = source_commit or (history.head.sha if history.head else None)
    graph = reduced_graph(history.graph, [*commits, *references, *([source] if source else [])])
    return {
        "format": FORMAT, "evaluated_by": evaluated_by, "repository": history.repository,
        "source_commit": source,
        "commits": {sha: _commit_json(c) for sha, c in sorted(commits.items())},
        "files": {path: {"state": h.state, "commits": [c.sha for c in h.commits]}
                  for path, h in files.items()},
        "graph": _graph_json(graph),
        "rosters": {sha: _roles_json(rosters.at[sha]) for sha in references
                    if sha in rosters.at},
        "roster_changes": [{"commit": c.commit.sha if c.commit else None, "role": c.role,
                            "added": list(c.added), "removed": list(c.removed)}
                           for c in rosters.changes],
        "signatures": {sha: code for sha, code in sorted(signatures.items()) if sha in judged}
        if signatures is not None else None,
    }


def reduced_graph(graph: CommitGraph, keep: Iterable[str]) -> CommitGraph:
    """`graph` cut down to `keep` and the mainline commits that brought each in, with the
    commit before each of those: each kept commit's parents become the nearest kept commits it
    descends from (its real first parent first), so ancestry among kept commits, the mainline
    order and `before_change` answer as in the whole graph."""
    kept = {sha for sha in keep if sha in graph.parents}
    for sha in list(kept):
        mainline = graph.introduced_by.get(sha)
        if mainline:
            kept.add(mainline)
            kept.update(graph.parents.get(mainline, ())[:1])
    below: dict[str, tuple[str, ...]] = {}

    def nearest(sha: str) -> tuple[str, ...]:
        """The kept commits nearest below a commit that is not kept (iterative: deep graphs)."""
        pending = [sha]
        while pending:
            current = pending[-1]
            waiting = [p for p in graph.parents.get(current, ()) if p not in kept and
                       p not in below]
            if waiting:
                pending.extend(waiting)
                continue
            pending.pop()
            below[current] = tuple(dict.fromkeys(
                found for p in graph.parents.get(current, ())
                for found in ((p,) if p in kept else below[p])))
        return below[sha]

    parents = {sha: tuple(dict.fromkeys(
        found for p in graph.parents[sha] for found in ((p,) if p in kept else nearest(p))))
        for sha in kept}
    return CommitGraph(parents, {s: graph.committed_at[s] for s in kept if s in graph.committed_at},
                       {s: graph.subjects.get(s, "") for s in kept},
                       tuple(s for s in graph.mainline if s in kept))


def _commit_json(c: Commit) -> dict[str, Any]:
    return {"author_name": c.author_name, "author_email": c.author_email,
            "authored_at": iso(c.authored_at), "committer_name": c.committer_name,
            "committer_email": c.committer_email, "committed_at": iso(c.committed_at),
            "subject": c.subject, "trailers": [list(t) for t in c.trailers],
            "pull_request": c.pull_request}


def _graph_json(graph: CommitGraph) -> dict[str, Any]:
    return {"mainline": list(graph.mainline),
            "parents": {sha: list(p) for sha, p in sorted(graph.parents.items())},
            "committed_at": {sha: iso(t) for sha, t in sorted(graph.committed_at.items())},
            "subjects": dict(sorted(graph.subjects.items()))}


def _roles_json(roles: Mapping[str, Role]) -> dict[str, Any]:
    return {role_id: {"title": role.title,
                      "members": [{"name": m.name, "email": m.email, "also": list(m.also)}
                                  for m in role.members]}
            for role_id, role in sorted(roles.items())}


# -- reading it back ---------------------------------------------------------------------------

def history_from_json(data: Any) -> GitFacts:
    """The facts history_json describes. The head is known by its sha (evaluation uses nothing
    else of it) unless it is one of the files' commits. Raises HistoryRecordError naming what
    is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise HistoryRecordError(f"expected an object with \"format\": {FORMAT}")
    try:
        commits = {sha: _commit(sha, fields) for sha, fields in _mapping(data, "commits").items()}
        files = {path: _file(path, entry, commits)
                 for path, entry in _mapping(data, "files").items()}
        graph = _graph(_mapping(data, "graph"))
        rosters = Rosters({sha: _roles(roles) for sha, roles in _mapping(data, "rosters").items()},
                          tuple(_change(c, commits) for c in data["roster_changes"]))
        signatures = data["signatures"]
        head = data["source_commit"]
        repository = data["repository"]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, HistoryRecordError):
            raise
        raise HistoryRecordError(f"{type(error).__name__}: {error}") from None
    if signatures is not None and not (isinstance(signatures, dict) and all(
            isinstance(v, str) for v in signatures.values())):
        raise HistoryRecordError("signatures: expected an object of strings, or null")
    if head is not None and not isinstance(head, str):
        raise HistoryRecordError("source_commit: expected a string or null")
    history = History(files=files, head=(commits.get(head) or known_by_sha(head)) if head
                      else None, repository=str(repository or OK), graph=graph)
    return GitFacts(history, rosters, signatures)


def _mapping(data: dict, key: str) -> dict:
    value = data.get(key)
    if not isinstance(value, dict):
        raise HistoryRecordError(f"{key}: expected an object")
    return value


def _commit(sha: str, fields: Any) -> Commit:
    try:
        trailers = tuple((str(k), str(v)) for k, v in fields["trailers"])
        pull_request = fields["pull_request"]
        if pull_request is not None and not isinstance(pull_request, int):
            raise TypeError("pull_request is not a number")
        return Commit(sha=sha, author_name=_text(fields, "author_name"),
                      author_email=_text(fields, "author_email"),
                      authored_at=_when(fields["authored_at"]),
                      committer_name=_text(fields, "committer_name"),
                      committer_email=_text(fields, "committer_email"),
                      committed_at=_when(fields["committed_at"]),
                      subject=_text(fields, "subject"), trailers=trailers,
                      pull_request=pull_request)
    except (KeyError, TypeError, ValueError) as error:
        raise HistoryRecordError(f"commits.{sha}: {error}") from None


def _text(fields: dict, key: str) -> str:
    value = fields[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} is not a string")
    return value


def _when(value: Any) -> datetime:
    parsed = datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone")
    return parsed


def _file(path: str, entry: Any, commits: Mapping[str, Commit]) -> FileHistory:
    if not isinstance(entry, dict) or entry.get("state") not in STATES or \
            not isinstance(entry.get("commits"), list):
        raise HistoryRecordError(f"files.{path}: expected a state ({', '.join(STATES)}) and "
                                 "a list of commits")
    unknown = [sha for sha in entry["commits"] if sha not in commits]
    if unknown:
        raise HistoryRecordError(f"files.{path}: commit {unknown[0]} is not in commits")
    return FileHistory(tuple(commits[sha] for sha in entry["commits"]), entry["state"])


def _graph(data: dict) -> CommitGraph:
    parents = {str(sha): tuple(str(p) for p in ps) for sha, ps in data["parents"].items()}
    return CommitGraph(parents, {str(sha): _when(t) for sha, t in data["committed_at"].items()},
                       {str(sha): str(s) for sha, s in data["subjects"].items()},
                       tuple(str(sha) for sha in data["mainline"]))


def _roles(data: dict) -> dict[str, Role]:
    return {str(role_id): Role(str(role_id), str(spec["title"]), tuple(
        Member(str(m["name"]), str(m["email"]), tuple(str(a) for a in m["also"]))
        for m in spec["members"])) for role_id, spec in data.items()}


def _change(data: dict, commits: Mapping[str, Commit]) -> RosterChange:
    sha = data["commit"]
    if sha is not None and sha not in commits:
        raise HistoryRecordError(f"roster_changes: commit {sha} is not in commits")
    return RosterChange(commits[sha] if sha else None, str(data["role"]),
                        tuple(str(a) for a in data["added"]),
                        tuple(str(a) for a in data["removed"]))


def known_by_sha(sha: str) -> Commit:
    """A commit of which only the sha is known."""
    epoch = datetime.fromtimestamp(0, timezone.utc)
    return Commit(sha, "", "", epoch, "", "", epoch)
