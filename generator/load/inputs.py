"""The files besides the evidence that decide a release's statuses, and a set of files laid
out again as a repository.

An audit pack carries these files so that `evidence verify` can evaluate the release again
from the pack alone: it writes them into a temporary folder at their repository paths and
loads that folder with the same loaders as any repository.
"""
from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator, Mapping

from ..model.project import COMMON, EvidenceFile
from .config import CONFIG_FILE
from .definitions import APPROVERS, definition_paths, is_definition_path
from .evidence import SIDECAR
from .releases import release_file

TOPS = (CONFIG_FILE, "content", "evidence")     # what a pack may hold, by first path segment
EVERY_RELEASE = object()     # a path that is an input of every release


def input_of(path: str) -> str | object | None:
    """Whose input a repository path is: a release's version (its evidence folder),
    EVERY_RELEASE (mkdocs.yml, content/, evidence/_common/), or None."""
    parts = path.split("/")
    if path == CONFIG_FILE or parts[0] == "content":
        return EVERY_RELEASE
    if parts[0] == "evidence" and len(parts) > 2:
        return EVERY_RELEASE if parts[1] == COMMON else parts[1]
    return None


def release_inputs(root: Path, version: str, evidence: Iterable[EvidenceFile]) -> list[str]:
    """mkdocs.yml (its secret allow-list decides which files are withheld), the roles, every
    checklist definition (any of them can bind a file of the release), the release's
    release.yml and the sidecars of its evidence files: those that exist, as regular files."""
    candidates = [CONFIG_FILE, APPROVERS, *definition_paths(root), release_file(version),
                  *sorted(f.meta_path for f in evidence if f.meta_path)]
    return [path for path in dict.fromkeys(candidates)
            if (root / path).is_file() and not (root / path).is_symlink()]


def is_release_input(path: str, version: str) -> bool:
    """Whether a path is one release_inputs can name for release `version`."""
    sidecar = path.endswith(SIDECAR) and path.startswith(
        (f"evidence/{version}/", f"evidence/{COMMON}/"))
    return path in (CONFIG_FILE, APPROVERS, release_file(version)) or sidecar or \
        is_definition_path(path)


class UnsafePath(ValueError):
    """A file name that cannot be a repository path of an evidence repository."""


def checked_path(name: str) -> PurePosixPath:
    """`name` as a relative path under mkdocs.yml, content/ or evidence/, or UnsafePath."""
    path = PurePosixPath(name)
    parts = name.split("/")
    if (not name or "\0" in name or path.is_absolute() or
            any(part in ("", ".", "..") for part in parts) or parts[0] not in TOPS):
        raise UnsafePath(f"{name!r} is not a path inside an evidence repository")
    return path


@contextmanager
def repository_of(files: Mapping[str, bytes]) -> Iterator[Path]:
    """A temporary folder holding `files` at their repository paths; removed afterwards.
    Raises UnsafePath for a name that would land outside the folder or is not a repository
    path, and for a name that is both a file and a folder."""
    paths = {name: checked_path(name) for name in files}
    folder = Path(tempfile.mkdtemp(prefix="evidence-pack-"))
    try:
        for name, data in sorted(files.items()):
            target = folder.joinpath(*paths[name].parts)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "xb") as out:
                    out.write(data)
            except (FileExistsError, NotADirectoryError, IsADirectoryError):
                raise UnsafePath(f"{name!r} is both a file and a folder") from None
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
