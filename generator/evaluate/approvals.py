"""Is a sign-off or waiver proven by git history, and is a sign-off still current?

Pure functions over the model, the file histories, the commit graph and the rosters
(docs/provenance.md); no git, no I/O.

A record is verified when its signer held the role before the change that brought the record
in (history/rosters.py) and every commit that added or changed it was authored by one of the
signer's addresses or carries an `Approved-by: Name <address>` trailer naming one of them. A
record not (yet) committed as it stands in the working tree is never verified. What git
cannot prove is said in the reasons: a committer other than the author, approval by a trailer
anyone can type.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Mapping

from ..history.log import COMMITTED, MODIFIED, History, trailer_addresses
from ..history.rosters import Rosters
from ..model.project import (
    NOT_COMMITTED,
    Commit,
    EvidenceFile,
    FileHistory,
    Member,
    Role,
    SignOff,
    Waiver,
)

APPROVED_BY = "Approved-by"
# The committer GitHub records for merges and squashes made in its web interface.
FORGE_COMMITTERS = frozenset({"noreply@github.com"})
AUTHORED = "authored by the approver"
BY_TRAILER = "approved by trailer (an Approved-by: line, which anyone can type)"


@dataclass(frozen=True)
class GitFacts:
    """What git says, for judging records."""
    history: History
    rosters: Rosters = field(default_factory=Rosters)
    roles_now: Mapping[str, Role] = field(default_factory=dict)   # approvers.yml as it is now
    trusted_committers: frozenset[str] = FORGE_COMMITTERS
    signatures: Mapping[str, str] | None = None   # commit -> %G?, when signatures are required


@dataclass(frozen=True)
class SignoffVerdict:
    verified: bool
    stale: bool
    reasons: tuple[str, ...] = ()
    separation_warning: str | None = None
    proof: str = ""
    foreign: tuple[str, ...] = ()


@dataclass(frozen=True)
class WaiverVerdict:
    verified: bool
    expired: bool
    reasons: tuple[str, ...] = ()
    proof: str = ""
    foreign: tuple[str, ...] = ()


# -- sign-offs ---------------------------------------------------------------------------------

def verify_signoff(signoff: SignOff, record: FileHistory, scope_files: list[EvidenceFile],
                   current_digest: str, facts: GitFacts) -> SignoffVerdict:
    roles = _roles_before(record, facts)
    member, membership = _role_member(signoff.approver, signoff.role, roles, record, facts)
    addresses = _addresses(signoff.approver, member)
    proof = (membership + record_reasons(signoff.path, record, addresses, signoff.approver)
             + signature_reasons(signoff.path, record, facts))
    stale = staleness(signoff, record, scope_files, facts.history, current_digest)
    notes = committer_notes(signoff.path, record, facts.trusted_committers)
    return SignoffVerdict(verified=not proof, stale=bool(stale),
                          reasons=tuple(proof + stale + notes),
                          separation_warning=separation_warning(
                              signoff.approver, addresses, scope_files, facts.history.files),
                          proof="" if proof else how_proven(record, addresses, facts),
                          foreign=foreign_commits(record, addresses))


def staleness(signoff: SignOff, record: FileHistory, scope_files: list[EvidenceFile],
              history: History, current_digest: str) -> list[str]:
    """Why the sign-off no longer covers its evidence; empty when it is current."""
    changed = changed_since(record.changed, scope_files, history)
    if signoff.evidence_digest:
        if signoff.evidence_digest == current_digest:
            return []
        detail = f": {_listing(changed)}" if changed else ""
        return [f"evidence in scope changed since sign-off (digest "
                f"{_short_digest(signoff.evidence_digest)} recorded, "
                f"{_short_digest(current_digest)} now){detail}"]
    if changed:
        return [f"evidence in scope added or changed after the sign-off was committed: "
                f"{_listing(changed)}"]
    return []


def changed_since(signed: Commit | None, scope_files: Iterable[EvidenceFile],
                  history: History) -> list[str]:
    """Scope files whose last change the record's last commit does not contain (or that are
    not committed), each as `path (by author, sha)`. Containment is ancestry in the commit
    graph, never dates. Without a record commit there is nothing to compare against."""
    if signed is None:
        return []
    graph = history.graph
    found = []
    for file in scope_files:
        file_history = history.files.get(file.path, NOT_COMMITTED)
        last = file_history.changed
        if file_history.state != COMMITTED:
            found.append(f"{file.path} ({file_history.state}, not committed)")
        elif last is not None and not graph.contains(signed.sha, last.sha):
            found.append(f"{file.path} (changed {_short(last.sha)} by {_who(last)})")
    return found


def separation_warning(approver: str, addresses: tuple[str, ...],
                       scope_files: Iterable[EvidenceFile],
                       histories: Mapping[str, FileHistory]) -> str | None:
    """Segregation of duties: the approver alone authored all the evidence they approve."""
    commits = [c for f in scope_files for c in histories.get(f.path, NOT_COMMITTED).commits]
    if commits and all(c.author_email.lower() in addresses for c in commits):
        return (f"{approver} authored every commit of the evidence they signed off "
                f"(segregation of duties)")
    return None


# -- waivers -----------------------------------------------------------------------------------

def verify_waiver(waiver: Waiver, owning_role: str | None, record: FileHistory, as_of: date,
                  facts: GitFacts) -> WaiverVerdict:
    """approved_by must belong to the owning role (the section's owner); a section without an
    owner accepts a member of any role. Verified says who signed; expired is separate, and a
    waiver counts only when verified and not expired."""
    roles = _roles_before(record, facts)
    if owning_role is not None:
        member, membership = _role_member(waiver.approved_by, owning_role, roles, record, facts)
    else:
        member, membership = _any_role_member(waiver.approved_by, roles)
    addresses = _addresses(waiver.approved_by, member)
    proof = (membership + record_reasons(waiver.path, record, addresses, waiver.approved_by)
             + signature_reasons(waiver.path, record, facts))
    if waiver.expires is None and waiver.type != "not-applicable":
        proof.append(f"a {waiver.type} waiver needs an `expires` date")
    expired = waiver.expires is not None and waiver.expires < as_of
    expiry = [f"expired on {waiver.expires.isoformat()}"] if expired else []
    notes = committer_notes(waiver.path, record, facts.trusted_committers)
    return WaiverVerdict(verified=not proof, expired=expired,
                         reasons=tuple(proof + expiry + notes),
                         proof="" if proof else how_proven(record, addresses, facts),
                         foreign=foreign_commits(record, addresses))


def _any_role_member(address: str, roles: Mapping[str, Role]) -> tuple[Member | None, list[str]]:
    member = next((m for r in roles.values() if (m := r.member(address)) is not None), None)
    if member is None:
        return None, [f"{address} is not a member of any role in content/approvers.yml"]
    return member, []


# -- shared ------------------------------------------------------------------------------------

def record_reasons(path: str, history: FileHistory, addresses: tuple[str, ...],
                   signer: str) -> list[str]:
    """Why the commits of a sign-off or waiver record do not prove the signer wrote it."""
    if history.state == MODIFIED:
        return [f"{path} has changes that are not committed"]
    if history.state != COMMITTED or not history.commits:
        return [f"{path} is not committed"]
    return [f"commit {_short(c.sha)} by {_who(c)} changed {path} but is neither authored by "
            f"{signer} nor carries `{APPROVED_BY}: <{signer}>`"
            for c in history.commits if not approved_by(c, addresses)]


def foreign_commits(history: FileHistory, addresses: tuple[str, ...]) -> tuple[str, ...]:
    """The record's commits its signer neither authored nor approved by trailer."""
    return tuple(c.sha for c in history.commits if not approved_by(c, addresses))


def approved_by(commit: Commit, addresses: tuple[str, ...]) -> bool:
    """The commit is authored by one of addresses or carries an Approved-by trailer naming one."""
    if commit.author_email.lower() in addresses:
        return True
    return any(a in addresses for a in trailer_addresses(commit, APPROVED_BY))


def signature_reasons(path: str, history: FileHistory, facts: GitFacts) -> list[str]:
    """With signed records required: each commit of the record without a good signature."""
    if facts.signatures is None:
        return []
    return [f"commit {_short(c.sha)} of {path} has no good signature from a trusted key "
            f"(git reports {facts.signatures.get(c.sha, '?')!r}; signed records are required)"
            for c in history.commits if facts.signatures.get(c.sha) != "G"]


def how_proven(history: FileHistory, addresses: tuple[str, ...], facts: GitFacts) -> str:
    """"authored by the approver", "approved by trailer ...", or both for a mixed record."""
    ways = {AUTHORED if c.author_email.lower() in addresses else BY_TRAILER
            for c in history.commits}
    signed = ", in commits signed with a trusted key" if facts.signatures is not None else ""
    return " and ".join(sorted(ways)) + signed


def committer_notes(path: str, history: FileHistory, trusted: frozenset[str]) -> list[str]:
    """Commits of the record whose committer is not their author (nor the forge's merge
    committer): git cannot tell who really wrote them."""
    return [f"commit {_short(c.sha)} of {path} was committed by {c.committer_name} "
            f"<{c.committer_email}>, not by its author {c.author_name} <{c.author_email}>"
            for c in history.commits
            if not c.committed_by_author and c.committer_email.lower() not in trusted]


def _roles_before(record: FileHistory, facts: GitFacts) -> Mapping[str, Role]:
    """The roster that stood before the change bringing in the record's last commit; the
    roster as it is now for a record not committed (it is unverified anyway)."""
    if record.changed is None or not facts.history.available:
        return facts.roles_now
    return facts.rosters.before(facts.history, record.changed.sha)[1]


def _role_member(address: str, role_id: str, roles: Mapping[str, Role], record: FileHistory,
                 facts: GitFacts) -> tuple[Member | None, list[str]]:
    role = roles.get(role_id)
    member = role.member(address) if role else None
    if member is not None:
        return member, []
    now = facts.roles_now.get(role_id)
    if now is not None and now.member(address) is not None and record.changed is not None:
        return now.member(address), [_joined_in_same_change(address, role_id, facts)]
    if role is None and now is None:
        return None, [f"role {role_id!r} is not defined in content/approvers.yml"]
    return None, [f"{address} is not a member of role {role_id!r}"]


def _joined_in_same_change(address: str, role_id: str, facts: GitFacts) -> str:
    change = facts.rosters.added_by(role_id, address)
    where = (f" by roster commit {_short(change.commit.sha)} ({_who(change.commit)})"
             if change else "")
    return (f"{address} was added to role {role_id!r}{where} in the same change as this "
            f"record: a roster change counts only for records that arrive after it")


def _addresses(signer: str, member: Member | None) -> tuple[str, ...]:
    return member.addresses if member is not None else (signer.lower(),)


def _short(sha: str) -> str:
    return sha[:7]


def _short_digest(digest: str) -> str:
    return digest[:len("sha256:") + 12]


def _who(commit: Commit) -> str:
    return f"{commit.author_name} <{commit.author_email}>"


def _listing(entries: list[str]) -> str:
    return "; ".join(entries)
