"""Running git: the only module of the generator that starts a git process.

Every call passes `--no-replace-objects`, so a replace ref cannot make one object look like
another. `read_history` runs ONE `git log` over the given paths (plus a handful of
constant-cost `rev-parse`/`status`/`show` calls), never a process per file.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from ..errors import GitError
from ..model.project import Commit
from .graph import FORMAT as GRAPH_FORMAT
from .graph import credit_pull_requests, graph_from_log
from .log import (
    FORMAT,
    GIT_MISSING,
    MARK_FORMAT,
    NO_COMMITS,
    NOT_A_REPOSITORY,
    History,
    changed_paths,
    dirty_from_status,
    dirty_only,
    histories_from_log,
    parse_log,
)

# -- running git -------------------------------------------------------------------------------

SAFETY = ("--no-replace-objects",)


def run_git(root: Path, *args: str) -> tuple[int, str, str]:
    """Run `git <args>` in root; (exit status, stdout, stderr)."""
    command = ["git", *SAFETY, *args]
    # git's own messages in English, as the parsing of stderr expects
    env = {**os.environ, "LANGUAGE": "C", "LC_ALL": "C"}
    try:
        done = subprocess.run(command, cwd=root, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True)
    except FileNotFoundError as error:
        raise GitError(f"git is not installed or not on PATH: {error}") from error
    except NotADirectoryError as error:
        raise GitError(f"not a folder: {root}") from error
    return done.returncode, _decode(done.stdout), _decode(done.stderr)


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


def resolve_commit(root: Path, ref: str) -> str:
    """The sha of the commit `ref` names; GitError when it names none."""
    status, out, err = run_git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if status != 0:
        raise GitError(f"{ref!r} names no commit{': ' + err.strip() if err.strip() else ''}")
    return out.strip()


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
        return History(files=dirty_only(dirty), dirty=dirty, repository=NO_COMMITS,
                       note="the repository has no commits yet: every file is uncommitted")
    note = ("shallow clone: history before the clone's depth is missing, so authors and dates "
            "may be wrong; fetch the full history (actions/checkout `fetch-depth: 0`)"
            if shallow else "")
    return _history_at(root, "HEAD", paths, head, dirty, shallow, note)


def read_history_at(root: Path, commit: str,
                    paths: Sequence[str] = ("content", "evidence")) -> History:
    """What `read_history` reads, as it stood at `commit` (a full sha) rather than at HEAD,
    without the working tree: every file as committed."""
    revision = f"{full_sha(commit)}^{{commit}}"
    head = read_head(root, revision)
    if head is None:
        raise GitError(f"commit {commit} is not in the repository at {root}")
    return _history_at(root, revision, paths, head, {})


def _history_at(root: Path, revision: str, paths: Sequence[str], head: Commit,
                dirty: dict[str, str], shallow: bool = False, note: str = "") -> History:
    graph = graph_from_log(git_output(root, "log", "--no-color", f"--format={GRAPH_FORMAT}",
                                      revision))
    log = git_output(root, *log_arguments(paths, revision))
    files = credit_pull_requests(histories_from_log(parse_log(log), dirty), graph)
    return History(files=files, head=head, shallow=shallow, dirty=dirty, note=note, graph=graph)


_FULL_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def full_sha(text: str) -> str:
    """`text` when it is a full commit sha; GitError otherwise (names read from a pack are
    untrusted and never reach git as anything but a sha)."""
    if not isinstance(text, str) or not _FULL_SHA.fullmatch(text):
        raise GitError(f"{text!r} is not a commit sha")
    return text


def log_arguments(paths: Sequence[str], revision: str | None = None) -> list[str]:
    return ["log", "--no-mailmap", "--no-show-signature", "--no-color", "--date-order",
            "--no-renames", "--cc", "--name-status", "-z", "--relative", f"--format={FORMAT}",
            *([revision] if revision else []), "--", *paths]


def mainline_changes(root: Path, paths: Sequence[str]) -> list[tuple[str, list[str]]]:
    """HEAD's first-parent line (a merge counts as what it brought in), newest first: each
    commit that changed something under `paths`, with the names it changed."""
    status, out, _ = run_git(root, "log", "--first-parent", "-m", "--no-renames", "--no-color",
                             "--relative", "--name-only", "-z", f"--format={MARK_FORMAT}%H",
                             "HEAD", "--", *paths)
    return list(changed_paths(out)) if status == 0 else []


REGULAR_FILES = ("100644", "100755")


def list_tree(root: Path, commit: str, paths: Sequence[str]) -> list[str]:
    """The regular files under `paths` at `commit`, relative to root (symbolic links and
    submodules left out, as the loaders refuse them), from one `git ls-tree`."""
    out = git_output(root, "--literal-pathspecs", "ls-tree", "-r", "-z",
                     f"{full_sha(commit)}^{{tree}}", "--", *paths)
    found = []
    for entry in filter(None, out.split("\0")):
        info, _, path = entry.partition("\t")
        if info.split(" ")[0] in REGULAR_FILES:
            found.append(path)
    return sorted(found)


def read_head(root: Path, revision: str = "HEAD^{commit}") -> Commit | None:
    status, out, _ = run_git(root, "show", "-s", "--no-mailmap", "--no-show-signature", "-z",
                             f"--format={FORMAT}", revision, "--")
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



def committed_contents(root: Path, paths: Sequence[str] = ("evidence",)) -> dict[str, str]:
    """Root-relative path -> git blob id of every file under `paths` whose working-tree bytes
    are those of its index entry: one `git ls-files -s` for the ids, one `git diff-files` for
    the files that differ (or may differ: a file merely touched counts as changed). Untracked
    and changed files are left out, so their bytes are read. Empty outside a repository."""
    try:
        status, out, _ = run_git(root, "ls-files", "-s", "-z", "--", *paths)
        changed_status, changed, _ = run_git(root, "diff-files", "--name-only", "-z",
                                             "--relative", "--", *paths)
    except GitError:
        return {}
    if status != 0 or changed_status != 0:
        return {}
    differ = set(changed.split("\0"))
    found = {}
    for entry in filter(None, out.split("\0")):
        info, _, path = entry.partition("\t")
        mode, blob, stage = info.split(" ")
        # ls-files paths are relative to the current folder (root), diff-files' too (--relative)
        if mode in REGULAR_FILES and stage == "0" and path not in differ:
            found[path] = blob
    return found


def read_signatures(root: Path, shas: Sequence[str]) -> dict[str, str]:
    """Each commit's signature check as git reports it (`%G?`: G good, B bad, U good but of
    unknown validity, N none, ...), against the keyring git is configured with."""
    if not shas:
        return {}
    out = git_output(root, "log", "--no-walk=unsorted", "--format=%H%x1f%G?", *sorted(set(shas)),
                     "--")
    return dict(line.split("\x1f", 1) for line in out.splitlines() if "\x1f" in line)


def record_signatures(root: Path, history: History, records: Sequence[str]) -> dict[str, str]:
    """The signature check of every commit of the given record files."""
    shas = [c.sha for path in records for c in history.file(path).commits]
    return read_signatures(root, shas) if history.available else {}


def read_objects(root: Path, names: Sequence[str]) -> list[bytes | None]:
    """Contents of each `rev` or `rev:path` (None when missing), from one
    `git cat-file --batch -z` (NUL-separated names, so any file name is safe)."""
    if not names:
        return []
    request = b"".join(n.encode("utf-8", errors="surrogateescape") + b"\0" for n in names)
    try:
        output = subprocess.run(["git", *SAFETY, "cat-file", "--batch", "-z"], cwd=root,
                                input=request, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        stderr = getattr(error, "stderr", b"") or b""
        raise GitError(f"git cat-file failed in {root}: "
                       f"{stderr.decode(errors='replace').strip() or error}") from error
    results, offset = [], 0
    for name in names:
        echoed = name.encode("utf-8", errors="surrogateescape")
        # "<name> missing": the name is echoed as given, newlines and all
        refusal = next((f for f in (b" missing\n", b" ambiguous\n")
                        if output.startswith(echoed + f, offset)), None)
        if refusal:
            results.append(None)
            offset += len(echoed) + len(refusal)
            continue
        end = output.index(b"\n", offset)
        size = int(output[offset:end].split()[2])      # "<oid> <type> <size>"
        results.append(output[end + 1:end + 1 + size])
        offset = end + 1 + size + 1
    return results
