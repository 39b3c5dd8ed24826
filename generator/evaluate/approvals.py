"""Is a sign-off or waiver proven by git history, and is a sign-off still current?

Pure functions over the model and file histories (docs/provenance.md); no git, no I/O.

A record is verified when its signer is a member of the role and every commit that added or
changed it was authored by one of the signer's addresses or carries an
`Approved-by: Name <address>` trailer naming one of them. A record not (yet) committed as it
stands in the working tree is never verified.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping

from ..history.log import COMMITTED, MODIFIED, trailer_addresses
from ..model.project import (
    Commit,
    EvidenceFile,
    FileHistory,
    Member,
    Role,
    SignOff,
    Waiver,
)

APPROVED_BY = "Approved-by"


@dataclass(frozen=True)
class SignoffVerdict:
    verified: bool
    stale: bool
    reasons: tuple[str, ...] = ()
    separation_warning: str | None = None


@dataclass(frozen=True)
class WaiverVerdict:
    verified: bool
    expired: bool
    reasons: tuple[str, ...] = ()


# -- sign-offs ---------------------------------------------------------------------------------

def verify_signoff(signoff: SignOff, roles: Mapping[str, Role], history: FileHistory,
                   scope_files: list[EvidenceFile], histories: Mapping[str, FileHistory],
                   current_digest: str) -> SignoffVerdict:
    member, membership = _role_member(signoff.approver, signoff.role, roles)
    addresses = _addresses(signoff.approver, member)
    proof = membership + record_reasons(signoff.path, history, addresses, signoff.approver)
    stale = staleness(signoff, history, scope_files, histories, current_digest)
    return SignoffVerdict(verified=not proof, stale=bool(stale), reasons=tuple(proof + stale),
                          separation_warning=separation_warning(
                              signoff.approver, addresses, scope_files, histories))


def staleness(signoff: SignOff, history: FileHistory, scope_files: list[EvidenceFile],
              histories: Mapping[str, FileHistory], current_digest: str) -> list[str]:
    """Why the sign-off no longer covers its evidence; empty when it is current."""
    changed = changed_since(history.changed, scope_files, histories)
    if signoff.evidence_digest:
        if signoff.evidence_digest == current_digest:
            return []
        detail = f": {_listing(changed)}" if changed else ""
        return [f"evidence in scope changed since sign-off (digest {_short_digest(signoff.evidence_digest)}"
                f" recorded, {_short_digest(current_digest)} now){detail}"]
    if changed:
        return [f"evidence in scope added or changed after the sign-off was committed: "
                f"{_listing(changed)}"]
    return []


def changed_since(signed: Commit | None, scope_files: Iterable[EvidenceFile],
                  histories: Mapping[str, FileHistory]) -> list[str]:
    """Scope files added or changed after the record's last commit (or not committed), each
    as `path (by author, sha)`. Without a record commit there is nothing to compare against."""
    if signed is None:
        return []
    found = []
    for file in scope_files:
        history = histories.get(file.path, FileHistory((), "uncommitted"))
        if history.state != COMMITTED:
            found.append(f"{file.path} ({history.state}, not committed)")
        elif _after(history.changed, signed):
            last = history.changed
            found.append(f"{file.path} (changed {_short(last.sha)} by {_who(last)})")
    return found


def _after(commit: Commit | None, signed: Commit) -> bool:
    return commit is not None and commit.committed_at > signed.committed_at


def separation_warning(approver: str, addresses: tuple[str, ...],
                       scope_files: Iterable[EvidenceFile],
                       histories: Mapping[str, FileHistory]) -> str | None:
    """Segregation of duties: the approver alone authored all the evidence they approve."""
    commits = [c for f in scope_files for c in histories.get(f.path, FileHistory(())).commits]
    if commits and all(c.author_email.lower() in addresses for c in commits):
        return (f"{approver} authored every commit of the evidence they signed off "
                f"(segregation of duties)")
    return None


# -- waivers -----------------------------------------------------------------------------------

def verify_waiver(waiver: Waiver, roles: Mapping[str, Role], owning_role: str | None,
                  history: FileHistory, as_of: date) -> WaiverVerdict:
    """approved_by must belong to the owning role (the section's owner); a section without an
    owner accepts a member of any role. Verified says who signed; expired is separate, and a
    waiver counts only when verified and not expired."""
    member, membership = _waiver_member(waiver.approved_by, owning_role, roles)
    addresses = _addresses(waiver.approved_by, member)
    proof = membership + record_reasons(waiver.path, history, addresses, waiver.approved_by)
    if waiver.expires is None and waiver.type != "not-applicable":
        proof.append(f"a {waiver.type} waiver needs an `expires` date")
    expired = waiver.expires is not None and waiver.expires < as_of
    expiry = [f"expired on {waiver.expires.isoformat()}"] if expired else []
    return WaiverVerdict(verified=not proof, expired=expired, reasons=tuple(proof + expiry))


def _waiver_member(address: str, owning_role: str | None,
                   roles: Mapping[str, Role]) -> tuple[Member | None, list[str]]:
    if owning_role is not None:
        return _role_member(address, owning_role, roles)
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


def approved_by(commit: Commit, addresses: tuple[str, ...]) -> bool:
    """The commit is authored by one of addresses or carries an Approved-by trailer naming one."""
    if commit.author_email.lower() in addresses:
        return True
    return any(a in addresses for a in trailer_addresses(commit, APPROVED_BY))


def _role_member(address: str, role_id: str,
                 roles: Mapping[str, Role]) -> tuple[Member | None, list[str]]:
    role = roles.get(role_id)
    if role is None:
        return None, [f"role {role_id!r} is not defined in content/approvers.yml"]
    member = role.member(address)
    if member is None:
        return None, [f"{address} is not a member of role {role_id!r}"]
    return member, []


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
