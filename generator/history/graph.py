"""The commit graph of HEAD: what is an ancestor of what, and which mainline commit brought
each commit in. Order in history is proven by this graph, not by the dates committers set.

Pure: built from one `git log --format=... HEAD` (history/git.py runs it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Iterable, Mapping

from ..model.project import Commit, FileHistory

FORMAT = "%H%x1f%P%x1f%cI%x1f%s"


@dataclass(frozen=True)
class CommitGraph:
    parents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    committed_at: Mapping[str, datetime] = field(default_factory=dict)
    subjects: Mapping[str, str] = field(default_factory=dict)
    mainline: tuple[str, ...] = ()          # HEAD, its first parent, and so on: newest first

    @cached_property
    def introduced_by(self) -> Mapping[str, str]:
        """Each commit -> the oldest mainline commit that contains it (itself when it is on the
        mainline): the merge or commit that brought it into the first-parent history."""
        found: dict[str, str] = {}
        for mainline_commit in reversed(self.mainline):
            pending = [mainline_commit]
            while pending:
                sha = pending.pop()
                if sha in found:
                    continue
                found[sha] = mainline_commit
                pending.extend(p for p in self.parents.get(sha, ()) if p not in found)
        return found

    @cached_property
    def _ancestors(self) -> dict[str, frozenset[str]]:
        return {}

    def ancestors(self, sha: str) -> frozenset[str]:
        """`sha` and every commit it descends from."""
        if sha not in self._ancestors:
            seen, pending = set(), [sha]
            while pending:
                current = pending.pop()
                if current not in seen:
                    seen.add(current)
                    pending.extend(self.parents.get(current, ()))
            self._ancestors[sha] = frozenset(seen)
        return self._ancestors[sha]

    @cached_property
    def _lineage(self) -> tuple[dict[str, int], dict[str, int]]:
        """Each commit's bit, and each commit's bits with all its ancestors' (one int each), so
        that ancestry is one shift, however many records ask."""
        shas = dict.fromkeys([*self.parents, *(p for ps in self.parents.values() for p in ps)])
        bits = {sha: 1 << index for index, sha in enumerate(shas)}
        masks: dict[str, int] = {}
        for start in shas:
            pending = [start]
            while pending:
                sha = pending[-1]
                parents = self.parents.get(sha, ())
                waiting = [p for p in parents if p not in masks]
                if waiting and sha not in masks:
                    pending.extend(waiting)
                    continue
                pending.pop()
                if sha not in masks:
                    mask = bits[sha]
                    for parent in parents:
                        mask |= masks[parent]
                    masks[sha] = mask
        return bits, masks

    def contains(self, sha: str, other: str) -> bool:
        """Whether `other` is `sha` or one of its ancestors (as `other in ancestors(sha)`)."""
        bits, masks = self._lineage
        if sha not in masks or other not in bits:
            return other == sha
        return bool(masks[sha] & bits[other])

    def latest_time(self) -> datetime | None:
        """The latest committer time among HEAD's ancestors: a HEAD dated before its parents
        cannot move the evaluation time back."""
        return max(self.committed_at.values(), default=None)

    def dated_before_a_parent(self, among: Iterable[str]) -> list[tuple[str, str]]:
        """(commit, parent) for each of `among` whose committer date is earlier than a
        parent's: a date set by hand, since git stamps a commit after its parents."""
        found = []
        for sha in among:
            when = self.committed_at.get(sha)
            for parent in self.parents.get(sha, ()):
                if when and parent in self.committed_at and when < self.committed_at[parent]:
                    found.append((sha, parent))
                    break
        return found

    def pull_request(self, sha: str) -> int | None:
        """The pull request that brought the commit in: its mainline merge's number, else its
        own subject's (a squash merge)."""
        mainline_commit = self.introduced_by.get(sha)
        number = pull_request_number(self.subjects.get(mainline_commit, ""))
        return number if number is not None else pull_request_number(self.subjects.get(sha, ""))

    def before_change(self, sha: str, base: str | None = None) -> str | None:
        """The commit whose tree stood before the change that brought `sha` in: the first
        parent of the mainline commit that introduced it; with `base` (a pull request's
        target), the base itself for every commit the base does not contain. None when the
        change started the history."""
        if base is not None and sha not in self.ancestors(base):
            return base
        mainline_commit = self.introduced_by.get(sha, sha)
        parents = self.parents.get(mainline_commit, ())
        return parents[0] if parents else None


def credit_pull_requests(files: Mapping[str, FileHistory], graph: CommitGraph
                         ) -> dict[str, FileHistory]:
    """Each file's commits with the pull request that brought them in (see pull_request)."""
    credited: dict[str, Commit] = {}

    def credit(commit: Commit) -> Commit:
        if commit.sha not in credited:
            number = graph.pull_request(commit.sha)
            credited[commit.sha] = (commit if number == commit.pull_request
                                    else replace(commit, pull_request=number))
        return credited[commit.sha]

    def credited_history(history: FileHistory) -> FileHistory:
        commits = tuple(credit(c) for c in history.commits)
        if all(new is old for new, old in zip(commits, history.commits)):
            return history
        return replace(history, commits=commits)

    return {path: credited_history(history) for path, history in files.items()}


def graph_from_log(output: str) -> CommitGraph:
    """A graph from `git log --format=FORMAT HEAD`, newest first."""
    parents, times, subjects, mainline = {}, {}, {}, []
    for line in output.splitlines():
        fields = line.split("\x1f")
        if len(fields) != 4 or not _SHA.match(fields[0]):
            continue
        sha, parent_list, when, subject = fields
        parents[sha] = tuple(parent_list.split())
        times[sha] = datetime.fromisoformat(when.strip())
        subjects[sha] = subject
    if parents:
        sha = next(iter(parents))
        while sha in parents:
            mainline.append(sha)
            sha = parents[sha][0] if parents[sha] else None
    return CommitGraph(parents, times, subjects, tuple(mainline))


_SHA = re.compile(r"^[0-9a-f]{40,64}$")
_PULL_REQUEST = (re.compile(r"^Merge pull request #(\d+)\b"), re.compile(r"\(#(\d+)\)\s*$"))


def pull_request_number(subject: str) -> int | None:
    """`Merge pull request #N ...` (merge commits) or a trailing `(#N)` (squash merges)."""
    for pattern in _PULL_REQUEST:
        match = pattern.search(subject)
        if match:
            return int(match.group(1))
    return None
