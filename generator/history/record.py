"""history.json: the git facts an evaluation used, as the audit pack carries them.

For every evidence file of the release: its state and each commit that added or changed it,
oldest first; each commit once, with author, committer, both dates, subject, trailers and pull
request. Read back, it is the History the evaluation needs, with no repository at hand. Pure:
no git runs here. docs/schemas/history.schema.json describes the shape.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Mapping

from ..model.project import Commit, FileHistory
from ..model.times import iso
from .log import COMMITTED, MODIFIED, UNCOMMITTED, History

FORMAT = 1
STATES = (COMMITTED, MODIFIED, UNCOMMITTED)


class HistoryRecordError(ValueError):
    """history.json does not have the shape this module writes."""


def history_json(files: Mapping[str, FileHistory], source_commit: str,
                 evaluated_by: str) -> dict[str, Any]:
    commits = {c.sha: _commit_json(c) for h in files.values() for c in h.commits}
    return {"format": FORMAT, "evaluated_by": evaluated_by,
            "source_commit": source_commit or None,
            "commits": dict(sorted(commits.items())),
            "files": {path: {"state": h.state, "commits": [c.sha for c in h.commits]}
                      for path, h in sorted(files.items())}}


def _commit_json(c: Commit) -> dict[str, Any]:
    return {"author_name": c.author_name, "author_email": c.author_email,
            "authored_at": iso(c.authored_at), "committer_name": c.committer_name,
            "committer_email": c.committer_email, "committed_at": iso(c.committed_at),
            "subject": c.subject, "trailers": [list(t) for t in c.trailers],
            "pull_request": c.pull_request}


def history_from_json(data: Any) -> History:
    """The History history_json describes. The head is known by its sha only (evaluation uses
    nothing else of it). Raises HistoryRecordError naming what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise HistoryRecordError(f"expected an object with \"format\": {FORMAT}")
    commits = {sha: _commit(sha, fields) for sha, fields in _mapping(data, "commits").items()}
    files = {path: _file(path, entry, commits) for path, entry in _mapping(data, "files").items()}
    head = data.get("source_commit")
    if head is not None and not isinstance(head, str):
        raise HistoryRecordError("source_commit: expected a string or null")
    return History(files=files, head=(commits.get(head) or _known_by_sha(head)) if head else None)


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


def _known_by_sha(sha: str) -> Commit:
    epoch = datetime.fromtimestamp(0, timezone.utc)
    return Commit(sha, "", "", epoch, "", "", epoch)
