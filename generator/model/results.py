"""The evaluated release: one ReleaseReport holds everything every output needs.

Outputs (site, PDF, CLI, JSON) read only these objects; their shapes live in `outputs/`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping

from .project import (
    Checklist,
    Commit,
    EvidenceFile,
    FileHistory,
    Item,
    Phase,
    Release,
    Requirement,
    Role,
    RosterChange,
    Section,
    SignOff,
    Waiver,
)
from .status import Completion, Status, VerdictName, count_statuses


@dataclass(frozen=True)
class Verdict:
    """What a kind's check concluded about one file against one requirement."""
    verdict: VerdictName
    reasons: tuple[str, ...] = ()
    collected_at: datetime | None = None   # time the content says it was collected, if any
    details: Mapping[str, Any] = field(default_factory=dict)   # kind-specific summary for display
    # Warnings about the file that do not change the verdict, as (problem code, message);
    # the loader reports each as a problem of that code.
    notes: tuple[tuple[str, str], ...] = ()

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"


def invalid(*reasons: str) -> Verdict:
    return Verdict("invalid", tuple(reasons))


@dataclass(frozen=True)
class EvidenceResult:
    file: EvidenceFile
    verdict: Verdict
    history: FileHistory
    collected_at: datetime | None       # the time that decides freshness
    refused_time: str | None = None     # why a self-reported time was not believed

    @property
    def commit(self) -> Commit | None:
        return self.history.changed


@dataclass(frozen=True)
class SignoffResult:
    signoff: SignOff
    verified: bool
    stale: bool
    reasons: tuple[str, ...] = ()
    history: FileHistory = FileHistory(())
    digest: str = ""                     # digest of its scope now
    proof: str = ""                      # how git shows the signer wrote it, when verified
    foreign: tuple[str, ...] = ()        # commits of the record its signer neither wrote nor approved


@dataclass(frozen=True)
class WaiverResult:
    waiver: Waiver
    verified: bool
    expired: bool
    reasons: tuple[str, ...] = ()
    history: FileHistory = FileHistory(())
    proof: str = ""                      # how git shows the approver wrote it, when verified
    foreign: tuple[str, ...] = ()        # commits of the record its approver neither wrote nor approved

    @property
    def counts(self) -> bool:
        return self.verified and not self.expired


@dataclass(frozen=True)
class RequirementResult:
    """One requirement of an item, judged: its status, why, and the file that decided it."""
    requirement: Requirement
    status: Status
    reasons: tuple[str, ...]
    deciding: EvidenceResult | None = None


@dataclass(frozen=True)
class ItemResult:
    item: Item
    status: Status
    reasons: tuple[str, ...]
    evidence: tuple[EvidenceResult, ...] = ()
    waiver: WaiverResult | None = None
    signoff: SignoffResult | None = None
    requirements: tuple[RequirementResult, ...] = ()   # empty when a waiver or applies_if decided


class _Counted:
    """Counts per status and completion of whatever `items` a result holds."""
    items: tuple[ItemResult, ...]

    @property
    def counts(self) -> dict[Status, int]:
        return count_statuses(self.items)

    @property
    def completion(self) -> Completion:
        return Completion(self.counts)


@dataclass(frozen=True)
class SectionResult(_Counted):
    section: Section
    items: tuple[ItemResult, ...]


@dataclass(frozen=True)
class PhaseResult(_Counted):
    phase: Phase
    checklist_id: str
    sections: tuple[SectionResult, ...]

    @property
    def items(self) -> tuple[ItemResult, ...]:
        return tuple(i for s in self.sections for i in s.items)


@dataclass(frozen=True)
class ReleaseReport(_Counted):
    release: Release
    checklists: tuple[Checklist, ...]
    phases: tuple[PhaseResult, ...]
    evaluated_at: datetime
    source_commit: str
    ready: bool
    blockers: tuple[str, ...]           # why not ready, one line each
    signoffs: tuple[SignoffResult, ...] = ()
    waivers: tuple[WaiverResult, ...] = ()
    evidence: tuple[EvidenceResult, ...] = ()   # every file of the release (and _common) once
    product_name: str = ""
    previous: str | None = None         # version of the release before this one
    warnings: tuple[str, ...] = field(default_factory=tuple)
    roster_changes: tuple[RosterChange, ...] = ()   # every change of approvers.yml, oldest first
    roles: tuple[Role, ...] = ()        # approvers.yml's roles, for titles and names
    source_committed_at: datetime | None = None   # the committer time of source_commit

    @property
    def items(self) -> tuple[ItemResult, ...]:
        return tuple(i for p in self.phases for i in p.items)

    def role_title(self, role_id: str) -> str:
        """"Executive sponsor" for `executive`; the id itself when the roster lacks it."""
        return next((r.title for r in self.roles if r.id == role_id and r.title), role_id)

    def person(self, address: str) -> str:
        """The name the roster gives an address, else the address."""
        member = next((m for r in self.roles if (m := r.member(address))), None)
        return member.name if member and member.name else address

    @property
    def sections(self) -> tuple[SectionResult, ...]:
        return tuple(s for p in self.phases for s in p.sections)

    @property
    def version(self) -> str:
        return self.release.version
