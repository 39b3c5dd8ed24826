"""Provisional single-pass history reader (replaced by the full provenance module)."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .model import Commit, FileHistory


@dataclass
class History:
    files: dict[str, FileHistory] = field(default_factory=dict)
    head: Commit | None = None
    shallow: bool = False
    dirty: dict[str, str] = field(default_factory=dict)
    is_repository: bool = True


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True).stdout


def read_history(root: Path, paths=("content", "evidence")) -> History:
    try:
        raw = _git(root, "log", "--reverse", "--no-renames", "--name-status", "-z",
                   "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%s", "--", *paths)
    except subprocess.CalledProcessError:
        return History(is_repository=False)
    commits: dict[str, list[Commit]] = {}
    head = None
    for record in raw.split("\x1e")[1:]:
        header, _, names = record.partition("\x00")
        fields = header.split("\x1f")
        commit = Commit(fields[0], fields[1], fields[2], datetime.fromisoformat(fields[3]),
                        fields[4], fields[5], datetime.fromisoformat(fields[6]), fields[7].strip())
        parts = [p for p in names.strip("\n").split("\x00") if p.strip("\n")]
        for status, path in zip(parts[::2], parts[1::2]):
            status = status.strip()
            if status.startswith("D"):
                commits.pop(path, None)
            else:
                commits.setdefault(path, []).append(commit)
    files = {p: FileHistory(tuple(c)) for p, c in commits.items()}
    head_fields = _git(root, "show", "-s", "--format=%H%x1f%cI", "HEAD").strip().split("\x1f")
    head = Commit(head_fields[0], "", "", datetime.fromisoformat(head_fields[1]), "", "",
                  datetime.fromisoformat(head_fields[1]))
    return History(files=files, head=head)
