"""Git provenance: who added and changed every path under content/ and evidence/, and when.

All git in the generator goes through this module. `read_history` runs ONE `git log` over
the given paths (plus a handful of constant-cost `rev-parse`/`status`/`show` calls), never a
process per file.

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
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import git

from ..model.project import Commit, FileHistory

OK = "ok"
NO_COMMITS = "no-commits"
NOT_A_REPOSITORY = "not-a-repository"
GIT_MISSING = "git-missing"

COMMITTED, UNCOMMITTED, MODIFIED = "committed", "uncommitted", "modified"

_MARK = "\x1ecommit"
_FIELDS = ("%H", "%an", "%ae", "%aI", "%cn", "%ce", "%cI", "%s", "%(trailers:only,unfold)")
_FORMAT = "%x1ecommit%x00" + "%x00".join(_FIELDS) + "%x00"
_STATUS = re.compile(r"^[ACDMRTUXB]+[0-9]*$")
_PULL_REQUEST = (re.compile(r"^Merge pull request #(\d+)\b"), re.compile(r"\(#(\d+)\)\s*$"))
_ADDRESS = re.compile(r"<([^<>\s]+@[^<>\s]+)>")
_BARE_ADDRESS = re.compile(r"^[^<>\s@]+@[^<>\s@]+$")


class GitError(RuntimeError):
    """A git command failed in a way the caller cannot work around."""


@dataclass(frozen=True)
class History:
    """What git says about the project's files, read once per evaluation."""
    files: dict[str, FileHistory] = field(default_factory=dict)
    head: Commit | None = None
    shallow: bool = False
    dirty: dict[str, str] = field(default_factory=dict)   # path -> "uncommitted" | "modified"
    repository: str = OK          # ok | no-commits | not-a-repository | git-missing
    note: str = ""                # why the history is empty or partial, for readers

    @property
    def available(self) -> bool:
        return self.repository == OK

    def file(self, path: str) -> FileHistory:
        """The history of one repository-relative path; a path git never saw is uncommitted."""
        known = self.files.get(path)
        return known if known is not None else FileHistory((), UNCOMMITTED)


# -- running git -------------------------------------------------------------------------------

def run_git(root: Path, *args: str) -> tuple[int, str, str]:
    """Run `git <args>` in root; (exit status, stdout, stderr). The one place git is spawned."""
    command = ["git", "--no-replace-objects", *args]
    try:
        status, out, err = git.Git(str(root)).execute(
            command, with_extended_output=True, with_exceptions=False,
            stdout_as_string=False, strip_newline_in_stdout=False)
    except git.GitCommandNotFound as error:
        raise GitError(f"git is not installed or not on PATH: {error}") from error
    return status, _decode(out), _decode(err) if isinstance(err, bytes) else str(err)


def _decode(data: bytes | str | None) -> str:
    if data is None:
        return ""
    if isinstance(data, str):
        return data
    # surrogateescape keeps non-UTF-8 path bytes, matching how Python names files on disk.
    return data.decode("utf-8", errors="surrogateescape")


def git_output(root: Path, *args: str) -> str:
    status, out, err = run_git(root, *args)
    if status != 0:
        raise GitError(f"git {' '.join(args)} failed ({status}): {err.strip()}")
    return out


def git_config(root: Path, key: str) -> str | None:
    """A git configuration value as git resolves it in root (repo, global, system), or None."""
    status, out, _ = run_git(root, "config", "--get", key)
    value = out.strip()
    return value if status == 0 and value else None


def git_identity(root: Path) -> tuple[str | None, str | None]:
    """(user.name, user.email) that a commit made in root would record."""
    return git_config(root, "user.name"), git_config(root, "user.email")


@contextmanager
def checkout_at(root: Path, ref: str) -> Iterator[Path]:
    """The project folder as it is at `ref`, in a temporary detached worktree of the same
    repository (so its history is there too); removed afterwards."""
    prefix = git_output(root, "rev-parse", "--show-prefix").strip()
    folder = Path(tempfile.mkdtemp(prefix="evidence-base-"))
    status, _, err = run_git(root, "worktree", "add", "--detach", "--quiet", str(folder), ref)
    if status != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise GitError(f"cannot check out {ref!r}: {err.strip()}")
    try:
        yield folder / prefix
    finally:
        run_git(root, "worktree", "remove", "--force", str(folder))
        shutil.rmtree(folder, ignore_errors=True)


# -- reading history ---------------------------------------------------------------------------

def read_history(root: Path, paths: Sequence[str] = ("content", "evidence")) -> History:
    """Every commit that added or changed each file under paths, with the working tree's state."""
    root = Path(root)
    try:
        status, out, err = run_git(root, "rev-parse", "--is-shallow-repository")
    except GitError as error:
        return History(repository=GIT_MISSING, note=str(error))
    if status != 0:
        return History(repository=NOT_A_REPOSITORY,
                       note=f"{root} is not a git repository, so provenance is unavailable "
                            f"(git said: {err.strip() or status})")
    shallow = out.strip() == "true"
    dirty = read_dirty(root, paths)
    head = read_head(root)
    if head is None:
        return History(files=_dirty_only(dirty), dirty=dirty, repository=NO_COMMITS,
                       note="the repository has no commits yet: every file is uncommitted")
    log = git_output(root, *log_arguments(paths))
    files = histories_from_log(parse_log(log), dirty)
    note = ("shallow clone: history before the clone's depth is missing, so authors and dates "
            "may be wrong; fetch the full history (actions/checkout `fetch-depth: 0`)"
            if shallow else "")
    return History(files=files, head=head, shallow=shallow, dirty=dirty, note=note)


def log_arguments(paths: Sequence[str]) -> list[str]:
    return ["log", "--no-mailmap", "--no-show-signature", "--no-color", "--date-order",
            "--no-renames", "--cc", "--name-status", "-z", "--relative", f"--format={_FORMAT}",
            "--", *paths]


def read_head(root: Path) -> Commit | None:
    status, out, _ = run_git(root, "show", "-s", "--no-mailmap", "--no-show-signature", "-z",
                             f"--format={_FORMAT}", "HEAD^{commit}", "--")
    if status != 0:
        return None
    entries = list(parse_log(out))
    return entries[0][0] if entries else None


def read_dirty(root: Path, paths: Sequence[str]) -> dict[str, str]:
    """Paths whose working-tree or index state differs from HEAD, from one `git status`."""
    prefix = git_output(root, "rev-parse", "--show-prefix").strip()
    out = git_output(root, "status", "--porcelain", "-z", "--no-renames",
                     "--untracked-files=all", "--", *paths)
    return dirty_from_status(out, prefix)


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


# -- parsing -----------------------------------------------------------------------------------

Change = tuple[str, str]          # (status letters, path)


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


def pull_request_number(subject: str) -> int | None:
    """`Merge pull request #N ...` (merge commits) or a trailing `(#N)` (squash merges)."""
    for pattern in _PULL_REQUEST:
        match = pattern.search(subject)
        if match:
            return int(match.group(1))
    return None


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


def _dirty_only(dirty: dict[str, str]) -> dict[str, FileHistory]:
    return {path: FileHistory((), UNCOMMITTED) for path in dirty}
