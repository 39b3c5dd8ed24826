"""Plain frozen data: what the repository says, before anything is evaluated.

No I/O here. Loaders build these objects; evaluation reads them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Mapping

DECISIONS = ("approved", "approved-with-conditions", "rejected")
COMMON = "_common"


@dataclass(frozen=True)
class Location:
    """Where something was written: repository-relative path, 1-based line and column."""
    path: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Requirement:
    kind: str = "any"
    check: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    ref: str                      # "<section-id>/<item-id>"
    id: str
    title: str
    section_id: str
    phase_id: str
    checklist_id: str
    description: str = ""
    requires: tuple[Requirement, ...] = (Requirement(),)
    max_age: timedelta | None = None
    applies_if: str | None = None
    signoff_role: str | None = None
    due_after_release: timedelta | None = None   # None: due before release
    location: Location | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    phase_id: str
    items: tuple[Item, ...]
    owner: str | None = None
    location: Location | None = None


@dataclass(frozen=True)
class Phase:
    id: str
    title: str
    sections: tuple[Section, ...]
    due_after_release: timedelta | None = None


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    version: int | str
    phases: tuple[Phase, ...]
    path: str

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(s for p in self.phases for s in p.sections)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.items)


@dataclass(frozen=True)
class Member:
    name: str
    email: str
    also: tuple[str, ...] = ()

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(a.lower() for a in (self.email, *self.also))


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    members: tuple[Member, ...]

    def member(self, address: str) -> Member | None:
        address = address.lower()
        return next((m for m in self.members if address in m.addresses), None)


@dataclass(frozen=True)
class Release:
    version: str
    path: str                     # evidence/<version>/release.yml
    title: str = ""
    checklists: tuple[str, ...] = ()
    target_date: date | None = None
    released_at: datetime | None = None
    status: str = "planned"
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Commit:
    sha: str
    author_name: str
    author_email: str
    authored_at: datetime
    committer_name: str
    committer_email: str
    committed_at: datetime
    subject: str = ""
    trailers: tuple[tuple[str, str], ...] = ()
    pull_request: int | None = None

    @property
    def committed_by_author(self) -> bool:
        return self.committer_email.lower() == self.author_email.lower()


@dataclass(frozen=True)
class RosterChange:
    """A change to the members of one role in content/approvers.yml (by `commit` when known)."""
    commit: Commit | None
    role: str
    added: tuple[str, ...]        # e-mail addresses
    removed: tuple[str, ...]


def roster_changes(before: Mapping[str, Role], after: Mapping[str, Role],
                   commit: Commit | None = None) -> tuple[RosterChange, ...]:
    """Per role, the members `after` adds to and removes from `before`."""
    def members(role: Role | None) -> set[str]:
        return {m.email.lower() for m in role.members} if role else set()
    changes = []
    for role in sorted(set(before) | set(after)):
        old, new = members(before.get(role)), members(after.get(role))
        if old != new:
            changes.append(RosterChange(commit, role, tuple(sorted(new - old)),
                                        tuple(sorted(old - new))))
    return tuple(changes)


@dataclass(frozen=True)
class FileHistory:
    """Every commit that added or changed one path, oldest first."""
    commits: tuple[Commit, ...]
    state: str = "committed"      # committed | uncommitted | modified

    @property
    def added(self) -> Commit | None:
        return self.commits[0] if self.commits else None

    @property
    def changed(self) -> Commit | None:
        return self.commits[-1] if self.commits else None


NOT_COMMITTED = FileHistory((), "uncommitted")   # the history of a file git does not hold


@dataclass(frozen=True)
class EvidenceFile:
    path: str                     # repository-relative, posix
    release: str                  # release version, or COMMON
    items: tuple[str, ...]        # item refs it is bound to
    kind: str
    sha256: str
    size: int
    collected: datetime | None = None    # from front matter / sidecar
    meta_path: str | None = None         # sidecar, when there is one
    location: Location | None = None     # where the binding was declared
    kind_declared: bool = False          # kind named by front matter or sidecar
    has_secret: bool = False             # a credential was detected: never publish the bytes
    collected_location: Location | None = None   # where `collected:` was written
    kind_error: str | None = None        # why its declared kind makes it unusable
    source: str | None = None            # where it was fetched or copied from (`source:`)


@dataclass(frozen=True)
class SignOff:
    path: str
    release: str
    role: str
    approver: str
    decision: str
    date: date | None
    scope: tuple[str, ...] | str = "release"     # "release" or section ids / item refs
    conditions: str = ""
    evidence_digest: str | None = None
    location: Location | None = None


@dataclass(frozen=True)
class Waiver:
    path: str
    release: str
    items: tuple[str, ...]
    type: str
    reason: str
    approved_by: str
    expires: date | None = None
    location: Location | None = None
    sections: tuple[str, ...] = ()       # whole sections waived (their items are in `items`)


@dataclass(frozen=True)
class Project:
    """Everything loaded from one repository at one commit."""
    root: str
    checklists: tuple[Checklist, ...]
    roles: Mapping[str, Role]
    releases: tuple[Release, ...]                 # sorted oldest -> newest
    evidence: tuple[EvidenceFile, ...]
    signoffs: tuple[SignOff, ...]
    waivers: tuple[Waiver, ...]
    product_name: str = ""
    settings: Mapping[str, Any] = field(default_factory=dict)   # mkdocs.yml extra.evidence

    def items_by_ref(self) -> dict[str, Item]:
        return {i.ref: i for c in self.checklists for i in c.items}
