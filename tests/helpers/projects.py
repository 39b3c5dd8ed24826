"""Real throwaway git repositories with fixed identities and dates, and small model builders."""
from __future__ import annotations

import os
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

from generator.evaluate.digest import file_sha256
from generator.model.project import (
    Checklist, EvidenceFile, Item, Member, Phase, Project, Release, Role, Section,
)

JANE = ("Jane Doe", "jane@example.com")
BOB = ("Bob Builder", "bob@example.com")
MALLORY = ("Mallory", "mallory@example.com")
START = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


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
    """A repository whose commits get successive fixed dates, one hour apart."""

    def __init__(self, root: Path):
        self.root = root
        self.clock = START
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(["git", *args], cwd=self.root, env={**os.environ, **(env or {})},
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise AssertionError(f"git {' '.join(args)}: {result.stderr}")
        return result.stdout

    def write(self, path: str, text: str) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def identity(self, author=JANE, committer=None) -> dict[str, str]:
        self.clock += timedelta(hours=1)
        committer = committer or author
        when = self.clock.isoformat()
        return {"GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
                "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_NAME": committer[0],
                "GIT_COMMITTER_EMAIL": committer[1], "GIT_COMMITTER_DATE": when}

    def commit(self, message: str, author=JANE, committer=None, paths: tuple[str, ...] = ()
               ) -> str:
        self.git("add", "-A", "--", *(paths or ["."]))
        self.git("commit", "-q", "--allow-empty", "-m", message,
                 env=self.identity(author, committer))
        return self.git("rev-parse", "HEAD").strip()

    def commit_files(self, files: dict[str, str], message: str, author=JANE,
                     committer=None) -> str:
        for path, text in files.items():
            self.write(path, text)
        return self.commit(message, author, committer)


def role(role_id: str, *people: tuple[str, str], also: dict[str, tuple[str, ...]] | None = None
         ) -> Role:
    also = also or {}
    return Role(role_id, role_id.title(),
                tuple(Member(name, email, also.get(email, ())) for name, email in people))


def evidence_file(root: Path, path: str, items: tuple[str, ...], kind: str = "any",
                  release: str = "v1.0.0") -> EvidenceFile:
    absolute = root / path
    return EvidenceFile(path=path, release=release, items=items, kind=kind,
                        sha256=file_sha256(absolute), size=absolute.stat().st_size)


def item(ref: str) -> Item:
    section, _, item_id = ref.partition("/")
    return Item(ref=ref, id=item_id, title=item_id, section_id=section, phase_id="pre",
                checklist_id="deploy")


def project(root: Path, items: list[str], roles: dict[str, Role],
            evidence: list[EvidenceFile], releases=("v1.0.0",)) -> Project:
    built = [item(r) for r in items]
    sections = []
    for section_id in dict.fromkeys(i.section_id for i in built):
        owned = tuple(i for i in built if i.section_id == section_id)
        sections.append(Section(section_id, section_id, "pre", owned))
    checklist = Checklist("deploy", "Deploy", 1, (Phase("pre", "Pre", tuple(sections)),),
                          "content/checklists/deploy.yml")
    return Project(root=str(root), checklists=(checklist,), roles=roles,
                   releases=tuple(Release(v, f"evidence/{v}/release.yml") for v in releases),
                   evidence=tuple(evidence), signoffs=(), waivers=())
