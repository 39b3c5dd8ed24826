"""`evidence signoff`: write a sign-off record for the person at the keyboard.

The signer is who git would record as the author (`git config user.name`/`user.email`); the
record carries the digest of the evidence in its scope at the moment of signing, so a later
change to that evidence makes the sign-off stale.
"""
from __future__ import annotations

import re
import shlex
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable

import yaml

from ..errors import UsageError
from ..evaluate.digest import evidence_in_scope, scope_digest
from ..files import write_atomically
from ..history import git_identity
from ..load.schema import modeline
from ..model.project import DECISIONS, Project, Role
from ..model.versions import release_name_problem

_SAFE_ROLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")


class SignoffError(UsageError):
    """The sign-off cannot be written; the message says why and what to do."""


def signoff_record(release: str, role: str, approver: str, decision: str,
                   scope: str | Iterable[str], conditions: str, digest: str, on: date) -> str:
    """The YAML text of a sign-off record (docs/format.md)."""
    record = {"kind": "signoff", "role": role, "approver": approver, "decision": decision,
              "date": on, "scope": scope if isinstance(scope, str) else list(scope)}
    if conditions.strip():
        record["conditions"] = conditions.strip()
    record["evidence_digest"] = digest
    header = (modeline("signoff")
              + f"# Sign-off of {release} as {role}, written by `evidence signoff`.\n")
    return header + yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)


def write_signoff(root: Path, project: Project, release: str, role: str,
                  decision: str = "approved", scope: str | Iterable[str] = "release",
                  conditions: str = "", on: date | None = None,
                  force: bool = False) -> tuple[Path, str]:
    """Write evidence/<release>/signoffs/<role>.yml; return it and the git command to commit it.
    Another approver's record of the role is replaced only with `force`."""
    root = Path(root)
    approver, scope = check_request(root, project, release, role, decision, conditions, scope,
                                    force)
    files = evidence_in_scope(scope, project.evidence, project.items_by_ref(), release=release)
    digest = scope_digest((f.path, f.sha256) for f in files)
    on = on or datetime.now(timezone.utc).date()
    relpath = f"evidence/{release}/signoffs/{role}.yml"
    target = root / relpath
    write_atomically(target, signoff_record(release, role, approver, decision, scope,
                                            conditions, digest, on))
    return target, commit_command(relpath, release, role)


def check_request(root: Path, project: Project, release: str, role: str, decision: str,
                  conditions: str, scope: str | Iterable[str], force: bool = False
                  ) -> tuple[str, str | tuple[str, ...]]:
    """Whether the person at the keyboard may write this sign-off: their address as the
    role lists it, and the scope checked. Raises SignoffError saying why not."""
    _check_request(project, release, role, decision, conditions)
    checked = _checked_scope(project, scope)
    approver = _signer_email(Path(root), project.roles[role])
    _check_not_someone_elses(project, release, role, approver, force)
    return approver, checked


def commit_command(relpath: str, release: str, role: str) -> str:
    """Commits only the record (`-- path`), whatever else is staged."""
    path = shlex.quote(relpath)
    message = shlex.quote(f"Sign off {release} as {role}")
    return f"git add -- {path} && git commit -m {message} -- {path}"


def _check_request(project: Project, release: str, role: str, decision: str,
                   conditions: str) -> None:
    versions = [r.version for r in project.releases]
    if release not in versions:
        raise SignoffError(f"unknown release {release!r}; releases: {', '.join(versions) or 'none'}"
                           f" (a release is a folder evidence/<version>/ with release.yml)")
    if role not in project.roles:
        raise SignoffError(f"unknown role {role!r}; roles in content/approvers.yml: "
                           f"{', '.join(sorted(project.roles)) or 'none'}")
    why = release_name_problem(release)
    if why:
        raise SignoffError(why)
    if not _SAFE_ROLE.match(role):
        raise SignoffError(f"{role!r}: a role name must not contain path separators or start "
                           "with a dot")
    if decision not in DECISIONS:
        raise SignoffError(f"decision {decision!r}: expected one of {', '.join(DECISIONS)}")
    if decision == "approved-with-conditions" and not conditions.strip():
        raise SignoffError("approved-with-conditions needs the conditions: pass --conditions TEXT")


def _check_not_someone_elses(project: Project, release: str, role: str, approver: str,
                             force: bool) -> None:
    member = project.roles[role].member(approver)
    for existing in project.signoffs:
        if (existing.release, existing.role) != (release, role) or force:
            continue
        if member is None or member.email != (project.roles[role].member(existing.approver)
                                               or member).email:
            raise SignoffError(f"{existing.path} holds {existing.approver}'s sign-off for role "
                               f"{role!r}; replacing another approver's record needs --force "
                               "(and their agreement: it changes what they signed)")


def _checked_scope(project: Project, scope: str | Iterable[str]) -> str | tuple[str, ...]:
    if isinstance(scope, str):
        if scope != "release":
            raise SignoffError(f"scope {scope!r}: expected 'release' or section ids / item refs")
        return scope
    entries = tuple(scope)
    items = project.items_by_ref()
    sections = {i.section_id for i in items.values()}
    unknown = [e for e in entries if e not in items and e not in sections]
    if not entries or unknown:
        raise SignoffError(f"scope: unknown section ids or item refs: {', '.join(unknown)}"
                           if unknown else "scope: name at least one section id or item ref")
    return entries


def _signer_email(root: Path, role: Role) -> str:
    name, email = git_identity(root)
    if not email:
        raise SignoffError("git does not know who you are: set `git config user.email` to the "
                           "address listed for you in content/approvers.yml")
    member = role.member(email)
    if member is None:
        listed = ", ".join(m.email for m in role.members) or "nobody"
        raise SignoffError(f"{name or email} <{email}> is not a member of role {role.id!r} "
                           f"(members: {listed}); ask one of them to sign, or add your address "
                           f"to content/approvers.yml in a reviewed change")
    return member.email
