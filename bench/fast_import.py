"""Writes a linear history through one `git fast-import` process (thousands of commits a second)."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path


@dataclass(frozen=True)
class Person:
    name: str
    email: str

    def ident(self, when: datetime) -> bytes:
        seconds = int(when.replace(tzinfo=timezone.utc).timestamp())
        return f"{self.name} <{self.email}> {seconds} +0000".encode()


class FastImport:
    """`with FastImport(repo) as fi: fi.commit(...)`; the branch `main` is checked out at the end."""

    def __init__(self, repo: Path, branch: str = "main") -> None:
        self.repo, self.branch = repo, branch
        self.commits = 0
        self._proc: subprocess.Popen | None = None

    def __enter__(self) -> "FastImport":
        self._proc = subprocess.Popen(
            ["git", "-C", str(self.repo), "fast-import", "--quiet", "--done"],
            stdin=subprocess.PIPE)
        return self

    def commit(self, author: Person, when: datetime, message: str,
               files: list[tuple[str, bytes]]) -> None:
        out = self._proc.stdin
        out.write(f"commit refs/heads/{self.branch}\nmark :{self.commits + 1}\n".encode())
        out.write(b"author " + author.ident(when) + b"\n")
        out.write(b"committer " + author.ident(when) + b"\n")
        self._data(message.encode())
        if self.commits:
            out.write(f"from :{self.commits}\n".encode())
        for path, content in files:
            out.write(f"M 100644 inline {path}\n".encode())
            self._data(content)
        out.write(b"\n")
        self.commits += 1

    def _data(self, payload: bytes) -> None:
        self._proc.stdin.write(f"data {len(payload)}\n".encode() + payload + b"\n")

    def __exit__(self, exc_type, exc, tb) -> None:
        self._proc.stdin.write(b"done\n")
        self._proc.stdin.close()
        if self._proc.wait() != 0:
            raise RuntimeError("git fast-import failed")
        if exc_type is None:
            subprocess.run(["git", "-C", str(self.repo), "reset", "--hard", "--quiet"], check=True)
