"""Real git repositories in temporary folders, with fixed identities and dates, for tests.

    repo = GitRepo(tmp_path / "repo")                       # git init -b main
    repo.commit_files({"evidence/v1.0.0/a/b/x.txt": "x"}, "Add", BOB)
    repo.commit("Sign off", author=SAM, date="2026-11-02T09:00:00+00:00")
    repo.evidence("status", "--format", "json")             # the real command line

Commits without `date=` get successive dates one hour apart from START (the repository's
`clock`); an explicit `date=` is used as given and leaves the clock alone. Identities are
(name, email) pairs; the committer is the author unless named. `user=` also writes an identity
to the repository's git config, as a developer's checkout has (what `evidence signoff` reads).
"""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

Person = tuple[str, str]

ADA = ("Ada Lovelace", "ada@example.com")
JANE = ("Jane Doe", "jane@example.com")
BOB = ("Bob Builder", "bob@example.com")
MALLORY = ("Mallory", "mallory@example.com")
START = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
STEP = timedelta(hours=1)


def isolate_git(monkeypatch, home: Path) -> dict[str, str]:
    """No user or system git configuration leaks into a test (nor out of it)."""
    home.mkdir(parents=True, exist_ok=True)
    settings = {"HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_CONFIG_GLOBAL": str(home / "gitconfig"), "LC_ALL": "C.UTF-8"}
    (home / "gitconfig").write_text("")
    for key, value in settings.items():
        monkeypatch.setenv(key, value)
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_AUTHOR_NAME",
                "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(key, raising=False)
    return settings


class GitRepo:
    """A git repository at `root`: created empty on branch main, or an existing one (`open`)."""

    def __init__(self, root: Path, *, author: Person = JANE, committer: Person | None = None,
                 user: Person | None = None, init: bool = True):
        self.root = Path(root)
        self.author = author
        self.committer = committer
        self.clock = START
        if init:
            self.root.mkdir(parents=True, exist_ok=True)
            self.git("init", "-q", "-b", "main")
            self.git("config", "commit.gpgsign", "false")
        if user:
            self.configure_user(user)

    @classmethod
    def open(cls, root: Path, **options) -> GitRepo:
        """An existing repository, left as it is (no init, no configuration)."""
        return cls(root, init=False, **options)

    def git(self, *args: str, env: dict[str, str] | None = None, input: str | None = None) -> str:
        result = subprocess.run(["git", *args], cwd=self.root, env={**os.environ, **(env or {})},
                                capture_output=True, text=True, check=False, input=input)
        if result.returncode != 0:
            raise AssertionError(f"git {' '.join(args)}: {result.stderr}")
        return result.stdout

    def configure_user(self, person: Person) -> None:
        """Set user.name and user.email in the repository's git config."""
        self.git("config", "user.name", person[0])
        self.git("config", "user.email", person[1])

    def write(self, path: str, content: str | bytes) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        return target

    def identity(self, author: Person | None = None, committer: Person | None = None,
                 date: str | datetime | None = None) -> dict[str, str]:
        """GIT_AUTHOR_* and GIT_COMMITTER_* for one commit (the next clock tick unless `date`)."""
        author = author or self.author
        committer = committer or self.committer or author
        if date is None:
            self.clock += STEP
            date = self.clock
        when = date.isoformat() if isinstance(date, datetime) else date
        return {"GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
                "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_NAME": committer[0],
                "GIT_COMMITTER_EMAIL": committer[1], "GIT_COMMITTER_DATE": when}

    def commit(self, message: str, author: Person | None = None,
               committer: Person | None = None, *, date: str | datetime | None = None,
               paths: tuple[str, ...] = ()) -> str:
        """Stage everything (or `paths`) and commit, empty or not; returns the new HEAD sha."""
        self.git("add", "-A", "--", *(paths or ["."]))
        self.git("commit", "-q", "--allow-empty", "-m", message,
                 env=self.identity(author, committer, date))
        return self.head()

    def commit_files(self, files: dict[str, str | bytes], message: str,
                     author: Person | None = None, committer: Person | None = None, *,
                     date: str | datetime | None = None) -> str:
        for path, content in files.items():
            self.write(path, content)
        return self.commit(message, author, committer, date=date)

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def evidence(self, *args: str, check: bool = False) -> subprocess.CompletedProcess:
        """Run the real command line against this repository."""
        env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
        return subprocess.run([sys.executable, "-m", "generator", "--repo", str(self.root), *args],
                              capture_output=True, text=True, env=env, check=check)
