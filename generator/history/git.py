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
from typing import Callable, Iterator, Sequence

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
    with _errors_of_starting(root):
        done = subprocess.run(["git", *SAFETY, *args], cwd=root, env=_git_env(),
                              stdin=subprocess.DEVNULL, capture_output=True)
    return done.returncode, _decode(done.stdout), _decode(done.stderr)


def _git_env() -> dict[str, str]:
    # git's own messages in English, as the parsing of stderr expects
    return {**os.environ, "LANGUAGE": "C", "LC_ALL": "C"}


@contextmanager
def _errors_of_starting(root: Path):
    try:
        yield
    except FileNotFoundError as error:
        raise GitError(f"git is not installed or not on PATH: {error}") from error
    except NotADirectoryError as error:
        raise GitError(f"not a folder: {root}") from error


class StartedGit:
    """`git <args>` started now and read later. Its output goes to temporary files, so git
    never waits for a reader and works while the caller does something else."""

    def __init__(self, root: Path, *args: str):
        self.args = args
        self.out, self.err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        with _errors_of_starting(root):
            self.process = subprocess.Popen(["git", *SAFETY, *args], cwd=root, env=_git_env(),
                                            stdin=subprocess.DEVNULL, stdout=self.out,
                                            stderr=self.err)

    def result(self) -> tuple[int, str, str]:
        status = self.process.wait()
        texts = []
        for stream in (self.out, self.err):
            stream.seek(0)
            texts.append(_decode(stream.read()))
            stream.close()
        return status, texts[0], texts[1]

    def output(self) -> str:
        status, out, err = self.result()
        if status != 0:
            raise GitError(f"git {' '.join(self.args)} failed ({status}): {err.strip()}")
        return out


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
    return start_history(root, paths)()


def start_history(root: Path, paths: Sequence[str] = ("content", "evidence")
                  ) -> Callable[[], History]:
    """What `read_history` returns, read when the function returned is called; git's longest
    commands (the status and both logs) run in the meantime."""
    root = Path(root)
    try:
        started = [StartedGit(root, *_status_arguments(paths)),
                   StartedGit(root, *_graph_arguments("HEAD")),
                   StartedGit(root, *log_arguments(paths, "HEAD"))]
    except GitError as error:
        missing = History(repository=GIT_MISSING, note=str(error))
        return lambda: missing
    return lambda: _finish_history(root, *started)


def _wait(*runs: StartedGit) -> None:
    """Let started commands end whose output is not needed."""
    for run in runs:
        run.result()


def _finish_history(root: Path, status_run: StartedGit, graph_run: StartedGit,
                    log_run: StartedGit) -> History:
    runs = (status_run, graph_run, log_run)
    try:
        status, out, err = run_git(root, "rev-parse", "--is-shallow-repository")
    except GitError as error:
        _wait(*runs)
        return History(repository=GIT_MISSING, note=str(error))
    if status != 0:
        _wait(*runs)
        return History(repository=NOT_A_REPOSITORY,
                       note=f"{root} is not a git repository, so provenance is unavailable "
                            f"(git said: {err.strip() or status})")
    shallow = out.strip() == "true"
    prefix = git_output(root, "rev-parse", "--show-prefix").strip()
    dirty = dirty_from_status(status_run.output(), prefix)
    head = read_head(root)
    if head is None:
        _wait(graph_run, log_run)
        return History(files=dirty_only(dirty), dirty=dirty, repository=NO_COMMITS,
                       note="the repository has no commits yet: every file is uncommitted")
    note = ("shallow clone: history before the clone's depth is missing, so authors and dates "
            "may be wrong; fetch the full history (actions/checkout `fetch-depth: 0`)"
            if shallow else "")
    return _history_from(graph_run.output(), log_run.output(), head, dirty, shallow, note)


def read_history_at(root: Path, commit: str,
                    paths: Sequence[str] = ("content", "evidence")) -> History:
    """What `read_history` reads, as it stood at `commit` (a full sha) rather than at HEAD,
    without the working tree: every file as committed."""
    revision = f"{full_sha(commit)}^{{commit}}"
    head = read_head(root, revision)
    if head is None:
        raise GitError(f"commit {commit} is not in the repository at {root}")
    return _history_from(git_output(root, *_graph_arguments(revision)),
                         git_output(root, *log_arguments(paths, revision)), head, {})


def _graph_arguments(revision: str) -> list[str]:
    return ["log", "--no-color", f"--format={GRAPH_FORMAT}", revision]


def _history_from(graph_log: str, log: str, head: Commit, dirty: dict[str, str],
                  shallow: bool = False, note: str = "") -> History:
    graph = graph_from_log(graph_log)
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
    return dirty_from_status(git_output(root, *_status_arguments(paths)), prefix)


def _status_arguments(paths: Sequence[str]) -> list[str]:
    return ["status", "--porcelain", "-z", "--no-renames", "--untracked-files=all", "--", *paths]



def start_contents(root: Path, paths: Sequence[str] = ("evidence",)
                   ) -> Callable[[], dict[str, str]]:
    """Root-relative path -> git blob id of every file under `paths` whose working-tree bytes
    are those of its index entry, read when the function returned is called: one `git
    ls-files -s` for the ids, one `git diff-files` for the files that differ (or may differ:
    a file merely touched counts as changed), both started now. Untracked and changed files
    are left out, so their bytes are read. Empty outside a repository."""
    try:
        listing = StartedGit(root, "ls-files", "-s", "-z", "--", *paths)
        changes = StartedGit(root, "diff-files", "--name-only", "-z", "--relative", "--", *paths)
    except GitError:
        return dict
    return lambda: _contents_from(listing.result(), changes.result())


def _contents_from(listing: tuple[int, str, str], changes: tuple[int, str, str]
                   ) -> dict[str, str]:
    (status, out, _), (changed_status, changed, _) = listing, changes
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
