"""The benchmark end to end on the small synthetic repository (no timing assertions)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers.gitrepo import GitRepo
from tests.helpers.paths import BENCH


def _make(dest: Path, *extra: str) -> str:
    result = subprocess.run([sys.executable, str(BENCH / "make_repo.py"), str(dest), "--small", *extra],
                            capture_output=True, text=True, check=True)
    return result.stdout


def _git(repo: Path, *args: str) -> str:
    return GitRepo.open(repo).git(*args).strip()


@pytest.fixture(scope="module")
def small_repo(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("bench") / "repo"
    _make(repo)
    return repo


def test_small_repository_follows_the_layout(small_repo: Path) -> None:
    assert _git(small_repo, "rev-list", "--count", "HEAD") == "30"
    assert yaml.safe_load((small_repo / "mkdocs.yml").read_text())["site_name"]
    roles = yaml.safe_load((small_repo / "content/approvers.yml").read_text())["roles"]
    assert set(roles) == {"technical", "product", "security", "legal", "executive"}
    releases = sorted(p.parent.name for p in small_repo.glob("evidence/*/release.yml"))
    assert releases == ["v1.0.0", "v1.1.0", "v1.2.0"]
    for name in releases:
        assert yaml.safe_load((small_repo / f"evidence/{name}/release.yml").read_text())["version"] == name


def test_signoffs_are_committed_by_their_approver(small_repo: Path) -> None:
    records = sorted(small_repo.glob("evidence/*/signoffs/*.yml"))
    assert records
    for record in records:
        approver = yaml.safe_load(record.read_text())["approver"]
        path = record.relative_to(small_repo).as_posix()
        assert _git(small_repo, "log", "--format=%ae", "--", path).splitlines() == [approver]


def test_same_seed_gives_same_history_and_another_seed_does_not(tmp_path: Path, small_repo: Path) -> None:
    _make(tmp_path / "again")
    _make(tmp_path / "other", "--seed", "2")
    head = _git(small_repo, "rev-parse", "HEAD")
    assert _git(tmp_path / "again", "rev-parse", "HEAD") == head
    assert _git(tmp_path / "other", "rev-parse", "HEAD") != head


@pytest.mark.slow   # the small sites and pack alone take minutes: those steps are skipped here
def test_run_prints_the_table_with_floor_figures(tmp_path: Path, small_repo: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), str(small_repo), "--small", "--skip-peers",
         "--skip", "builds", "--skip", "pdf", "--out", str(out)],
        capture_output=True, text=True, timeout=300, check=True)
    table = (out / "results.md").read_text()
    assert table in result.stdout
    floor = next(line for line in table.splitlines() if line.startswith("| 1. floor"))
    wall, peak = floor.split("|")[2:4]
    assert re.fullmatch(r" \d+\.\d\d ", wall) and re.fullmatch(r" \d+ ", peak)
    assert float(wall) > 0 and int(peak) > 0
    for step in ("2. naive", "3. `evidence check", "4. `evidence build", "5. rebuild", "6. `evidence pdf",
                 "7. peer: `doorstop", "peak memory"):
        assert f"| {step}" in table
    assert _git(small_repo, "rev-list", "--count", "HEAD") == "30"   # the source repository is untouched
