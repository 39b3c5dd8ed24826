"""What git's output says: commits and per-file histories parsed from `git log` and
`git status`. Pure: no git runs here (history/git.py runs it).

What the history means:
- A file's commits are every commit that added or changed it, oldest first.
- Renames are not followed (`--no-renames`): a rename is a deletion plus an addition, so the
  new path's history starts at the commit that renamed it, authored by whoever renamed it.
- A deleted path drops out; a path deleted and added again starts afresh at the re-addition.
- Merge commits count for a file only when the merge result differs from every parent
  (`--cc`): content the person merging wrote themselves, such as a conflict resolution.
- `.mailmap` and replace refs are ignored: both are editable by anyone, and an auditor needs
  the identities exactly as recorded in the commits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Iterator, Sequence

from ..model.problems import Problem, problem
from ..model.project import Commit, FileHistory
from .graph import CommitGraph, pull_request_number

OK = "ok"
NO_COMMITS = "no-commits"
NOT_A_REPOSITORY = "not-a-repository"
GIT_MISSING = "git-missing"

COMMITTED, UNCOMMITTED, MODIFIED = "committed", "uncommitted", "modified"

_MARK = "\x1ecommit"
_FIELDS = ("%H", "%an", "%ae", "%aI", "%cn", "%ce", "%cI", "%s", "%(trailers:only,unfold)")
MARK_FORMAT = "%x1ecommit%x00"
FORMAT = MARK_FORMAT + "%x00".join(_FIELDS) + "%x00"
_STATUS = re.compile(r"^[ACDMRTUXB]+[0-9]*$")
_ADDRESS = re.compile(r"<([^<>\s]+@[^<>\s]+)>")
_BARE_ADDRESS = re.compile(r"^[^<>\s@]+@[^<>\s@]+$")


@dataclass(frozen=True)
class History:
    """What git says about the project's files, read once per evaluation."""
    files: dict[str, FileHistory] = field(default_factory=dict)
    head: Commit | None = None
    shallow: bool = False
    dirty: dict[str, str] = field(default_factory=dict)   # path -> "uncommitted" | "modified"
    repository: str = OK          # ok | no-commits | not-a-repository | git-missing
    note: str = ""                # why the history is empty or partial, for readers
    graph: CommitGraph = field(default_factory=lambda: CommitGraph())

    @property
    def available(self) -> bool:
        return self.repository == OK

    def file(self, path: str) -> FileHistory:
        """The history of one repository-relative path; a path git never saw is uncommitted."""
        known = self.files.get(path)
        return known if known is not None else FileHistory((), UNCOMMITTED)


def dirty_from_status(porcelain: str, prefix: str = "") -> dict[str, str]:
    """Porcelain v1 (-z, no renames): `??` and index-only additions are uncommitted, the rest
    modified. Porcelain paths are relative to the top level; prefix makes them root-relative."""
    dirty: dict[str, str] = {}
    for entry in filter(None, porcelain.split("\0")):
        code, path = entry[:2], entry[3:]
        if prefix and not path.startswith(prefix):
            continue
        new = code == "??" or code[0] == "A"
        dirty[path[len(prefix):]] = UNCOMMITTED if new else MODIFIED
    return dirty


Change = tuple[str, str]          # (status letters, path)


def changed_paths(output: str) -> Iterator[tuple[str, list[str]]]:
    """(sha, the names it changed) from `git log -z --name-only --format=MARK_FORMAT%H`."""
    for chunk in output.split(_MARK + "\0")[1:]:
        sha, _, names = chunk.partition("\0")
        yield sha.strip(), [n for n in names.lstrip("\n").split("\0") if n]


def parse_log(output: str) -> Iterator[tuple[Commit, list[Change]]]:
    """Commits of `git log -z --name-status --format=_FORMAT`, newest first, with changes."""
    tokens = output.split("\0")
    position = 0
    while position < len(tokens):
        if tokens[position].lstrip("\n") != _MARK:
            position += 1
            continue
        values = tokens[position + 1: position + 1 + len(_FIELDS)]
        position += 1 + len(_FIELDS)
        changes, position = _read_changes(tokens, position)
        yield commit_from_fields(values), changes


def _read_changes(tokens: list[str], position: int) -> tuple[list[Change], int]:
    changes: list[Change] = []
    while position < len(tokens):
        token = tokens[position].lstrip("\n")
        if token == _MARK:
            break
        if _STATUS.match(token) and position + 1 < len(tokens):
            changes.append((token, tokens[position + 1]))
            position += 2
        else:
            position += 1           # the commit separator of -z, or trailing padding
    return changes, position


def commit_from_fields(values: Sequence[str]) -> Commit:
    sha, an, ae, ad, cn, ce, cd, subject, trailers = values
    return Commit(sha=sha, author_name=an, author_email=ae, authored_at=_when(ad),
                  committer_name=cn, committer_email=ce, committed_at=_when(cd),
                  subject=subject, trailers=parse_trailer_lines(trailers),
                  pull_request=pull_request_number(subject))


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.strip())


def parse_trailer_lines(text: str) -> tuple[tuple[str, str], ...]:
    """`Key: value` lines, as git's own trailer parser (`%(trailers:only,unfold)`) gives them."""
    trailers = []
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and " " not in key.strip():
            trailers.append((key.strip(), value.strip()))
    return tuple(trailers)


def trailer_addresses(commit: Commit, key: str) -> tuple[str, ...]:
    """Lower-cased e-mail addresses in the commit's trailers named key (case-insensitive)."""
    key = key.lower()
    return tuple(address for k, v in commit.trailers if k.lower() == key
                 for address in _addresses_in(v))


def _addresses_in(value: str) -> list[str]:
    """`Name <address>` (possibly several), or a bare address."""
    bracketed = [m.group(1).lower() for m in _ADDRESS.finditer(value)]
    if bracketed or "<" in value:
        return bracketed
    return [value.strip().lower()] if _BARE_ADDRESS.match(value.strip()) else []


def histories_from_log(entries: Iterable[tuple[Commit, list[Change]]],
                       dirty: dict[str, str]) -> dict[str, FileHistory]:
    """Per-path histories from newest-first log entries. A deletion ends a path's history:
    nothing older belongs to the file that exists now."""
    newest_first: dict[str, list[Commit]] = {}
    closed: set[str] = set()
    for commit, changes in entries:
        for status, path in changes:
            if path in closed:
                continue
            if status.startswith("D"):
                closed.add(path)
            else:
                newest_first.setdefault(path, []).append(commit)
    files = {path: FileHistory(tuple(reversed(commits)), _state(path, dirty, bool(commits)))
             for path, commits in newest_first.items()}
    for path, state in dirty.items():
        files.setdefault(path, FileHistory((), UNCOMMITTED))
    return files


def _state(path: str, dirty: dict[str, str], has_commits: bool) -> str:
    if path not in dirty:
        return COMMITTED
    return MODIFIED if has_commits else UNCOMMITTED


def dirty_only(dirty: dict[str, str]) -> dict[str, FileHistory]:
    return {path: FileHistory((), UNCOMMITTED) for path in dirty}


def history_problems(history: History) -> list[Problem]:
    """What `evidence check` says about the history itself: missing, shallow, uncommitted."""
    found = []
    if history.repository == NO_COMMITS:
        found.append(problem("no-commits", ".", "the repository has no commits yet, so no file's "
                             "provenance is known: every item is unverified"))
    elif not history.available:
        found.append(problem("not-a-git-repository", ".", f"{history.note or 'no git history'}:"
                             " every item is unverified"))
    if history.shallow:
        found.append(problem("shallow-clone", ".", history.note or "shallow clone"))
    for path, state in sorted(history.dirty.items()):
        if path.startswith("evidence/"):
            found.append(problem("uncommitted", path, f"file is {state}"))
    return found + _date_order_problems(history)


def _date_order_problems(history: History) -> list[Problem]:
    """Commits of the project's files (and HEAD) dated before one of their parents."""
    relevant = {c.sha for h in history.files.values() for c in h.commits}
    if history.head:
        relevant.add(history.head.sha)
    graph = history.graph
    return [problem("commit-date-order", ".", f"commit {sha[:10]} is dated "
                    f"{graph.committed_at[sha].isoformat()}, before its parent {parent[:10]} "
                    f"({graph.committed_at[parent].isoformat()})")
            for sha, parent in graph.dated_before_a_parent(sorted(relevant))]
