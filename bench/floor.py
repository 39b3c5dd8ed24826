"""The floor: the least work any evidence generator must do on a repository.

One `git log --name-status` pass over `evidence/` (who changed each file, when) plus reading and
sha256-hashing every evidence file once. Prints one JSON line with what it saw.

    python bench/floor.py REPO
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path


def last_change_per_path(repo: Path) -> dict[str, tuple[str, str, str]]:
    """path -> (commit, author email, author date) of the newest commit that touched it."""
    proc = subprocess.Popen(
        ["git", "-C", str(repo), "log", "--no-renames", "--name-status",
         "--format=%x00%H %ae %aI", "--", "evidence/"],
        stdout=subprocess.PIPE, text=True)
    latest: dict[str, tuple[str, str, str]] = {}
    commit = ("", "", "")
    for line in proc.stdout:
        if line.startswith("\0"):
            commit = tuple(line[1:].split())
        elif "\t" in line:
            path = line.rstrip("\n").split("\t")[-1]
            latest.setdefault(path, commit)
    if proc.wait() != 0:
        raise SystemExit("floor: git log failed")
    return latest


def hash_files(root: Path) -> dict[str, str]:
    digests = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            digests[path.relative_to(root.parent).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def main(argv: list[str]) -> int:
    repo = Path(argv[0])
    history = last_change_per_path(repo)
    digests = hash_files(repo / "evidence")
    size = sum((repo / p).stat().st_size for p in digests)
    print(json.dumps({"files": len(digests), "bytes": size, "paths_in_history": len(history),
                      "files_without_history": len(set(digests) - set(history))}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
