"""Who held each role when: content/approvers.yml as it stood in the commits that matter.

A sign-off or waiver counts only for a signer who held the role before the change that
brought the record in (the tree of the first parent of the mainline commit that introduced
it, or a pull request's base). So a change that adds someone to a role cannot use that role
at once. Every change of the roster is listed, with its commit, for the site and for
`check --base`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from ..load.definitions import APPROVERS, roles_from_text
from ..load.loadcache import LoadCache, context_digest
from ..model.project import Commit, Role, RosterChange, roster_changes
from .git import read_objects
from .log import History


@dataclass(frozen=True)
class Rosters:
    at: Mapping[str, Mapping[str, Role]] = field(default_factory=dict)   # commit -> its roles
    changes: tuple[RosterChange, ...] = ()         # every change of approvers.yml, oldest first
    base: str | None = None                        # a pull request's base, when checking one

    def before(self, history: History, sha: str) -> tuple[str | None, Mapping[str, Role]]:
        """The commit standing before the change that brought `sha` in, and its roles (none
        when the change started the history)."""
        reference = history.graph.before_change(sha, self.base)
        return reference, (self.at.get(reference) or {}) if reference else {}

    def added_by(self, role: str, address: str) -> RosterChange | None:
        """The last change that added `address` to `role`."""
        address = address.lower()
        return next((c for c in reversed(self.changes)
                     if c.role == role and address in c.added), None)


def read_rosters(root: Path, history: History, records: Iterable[str],
                 base: str | None = None, kept: LoadCache = LoadCache(None)) -> Rosters:
    """The roster before each record's last change (`records`: their paths), and every change
    of the roster, from one `git cat-file` of every approvers.yml version needed. `kept`:
    rosters parsed in earlier runs, by their text."""
    shas = [h.changed.sha for p in records if (h := history.files.get(p)) and h.changed]
    references = {r for sha in shas if (r := history.graph.before_change(sha, base))}
    roster_commits = history.file(APPROVERS).commits
    wanted = sorted(references | {c.sha for c in roster_commits})
    texts = read_objects(Path(root), [f"{sha}:./{APPROVERS}" for sha in wanted])
    parsed = _roles_of_texts(texts, kept)
    at = {sha: parsed[text] if text else {} for sha, text in zip(wanted, texts)}
    return Rosters(at, tuple(_changes(roster_commits, at)), base)


def _roles_of_texts(texts: Iterable[bytes | None], kept: LoadCache
                    ) -> dict[bytes, Mapping[str, Role]]:
    """Each distinct roster text's roles ({} for one that does not read as a roster): the
    roster rarely changes, so each text is parsed once, and once only across runs."""
    parsed = {}
    for text in set(filter(None, texts)):
        key = context_digest(text)
        parsed[text] = kept.remembered(f"roster {key}", key, lambda: roles_from_text(
            text.decode("utf-8", "replace")) or {})
    return parsed


def _changes(commits: tuple[Commit, ...], at: Mapping[str, Mapping[str, Role]]):
    before: Mapping[str, Role] = {}
    for commit in commits:
        after = at.get(commit.sha, {})
        yield from roster_changes(before, after, commit)
        before = after
