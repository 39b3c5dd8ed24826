"""Writing files so that no reader ever sees half of one: written beside, then renamed.
Built folders are shared by hard links (link_tree), which this way of writing keeps apart."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Mapping


def write_atomically(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    write_all_atomically({Path(path): data}, durable=durable)


def write_all_atomically(contents: Mapping[Path, bytes | str], *, durable: bool = True) -> None:
    """Every file to a temporary name in its folder first, then all renamed into place.
    `durable`: on disk before the rename (a cache, which ignores what does not read back,
    can do without)."""
    staged: dict[Path, str] = {}
    try:
        for path, data in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            staged[path] = _stage(path, data.encode("utf-8") if isinstance(data, str) else data,
                                  durable)
        for path, temporary in staged.items():
            os.replace(temporary, path)
    finally:
        for temporary in staged.values():
            Path(temporary).unlink(missing_ok=True)


def _stage(path: Path, data: bytes, durable: bool) -> str:
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.chmod(name, 0o644)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return name


def link_tree(source: Path, target: Path) -> None:
    """Copy a folder as hard links where the file system allows, else as copies. Whoever
    changes a file of either folder afterwards must write a new file (write_all_atomically),
    never into the shared one."""
    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    shutil.copytree(source, target, symlinks=True, copy_function=link_or_copy)
