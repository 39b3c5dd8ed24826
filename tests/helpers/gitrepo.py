"""Real git repositories in temporary folders, with fixed names and dates, for tests."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DEFAULT_AUTHOR = ("Ada Lovelace", "ada@example.com")


class GitRepo:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", DEFAULT_AUTHOR[0])
        self.git("config", "user.email", DEFAULT_AUTHOR[1])
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, env: dict | None = None) -> str:
        result = subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True,
                                env={**os.environ, **(env or {})}, check=True)
        return result.stdout

    def write(self, relpath: str, content: str | bytes) -> Path:
        target = self.path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        return target

    def commit(self, message: str, author: tuple[str, str] = DEFAULT_AUTHOR,
               date: str = "2026-11-01T10:00:00+00:00", paths: tuple[str, ...] = ()) -> str:
        self.git("add", *(paths or ("-A",)))
        env = {"GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
               "GIT_COMMITTER_NAME": author[0], "GIT_COMMITTER_EMAIL": author[1],
               "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        self.git("commit", "-q", "--allow-empty", "-m", message, env=env)
        return self.git("rev-parse", "HEAD").strip()

    def evidence(self, *args: str, check: bool = False) -> subprocess.CompletedProcess:
        """Run the real command line against this repository."""
        env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
        return subprocess.run([sys.executable, "-m", "generator", "--repo", str(self.path), *args],
                              capture_output=True, text=True, env=env, check=check)
