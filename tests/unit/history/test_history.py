"""read_history against real git repositories."""
from __future__ import annotations

import subprocess

import pytest

from generator.errors import GitError
from generator.history import git as history_module
from generator.history.git import read_history
from generator.history.log import (
    NO_COMMITS,
    NOT_A_REPOSITORY,
    dirty_from_status,
    parse_trailer_lines,
    pull_request_number,
    trailer_addresses,
)
from generator.model.project import Commit
from tests.helpers.gitrepo import BOB, JANE, MALLORY, GitRepo, isolate_git

SCAN = "evidence/v1.0.0/security/scan/report.sarif"
HEADERS = "evidence/v1.0.0/security/rate-limiting/prod.http"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    isolate_git(monkeypatch, tmp_path / "home")
    return GitRepo(tmp_path / "repo")


def emails(file_history):
    return [c.author_email for c in file_history.commits]


def test_commits_per_file_oldest_first_with_authors_and_dates(repo):
    first = repo.commit_files({SCAN: "v1", HEADERS: "h1"}, "Add evidence", JANE)
    second = repo.commit_files({SCAN: "v2"}, "Rescan", BOB)
    repo.commit_files({"README.md": "not in scope"}, "Docs", MALLORY)

    history = read_history(repo.root)

    scan = history.file(SCAN)
    assert [c.sha for c in scan.commits] == [first, second]
    assert scan.added.author_name == "Jane Doe" and scan.changed.author_email == BOB[1]
    assert scan.changed.committed_at > scan.added.committed_at
    assert scan.state == "committed"
    assert emails(history.file(HEADERS)) == [JANE[1]]
    assert "README.md" not in history.files
    assert history.head.author_email == MALLORY[1]     # HEAD even when it touched no evidence
    assert history.available and not history.shallow and history.dirty == {}


def test_trailers_and_pull_request_from_squash_subject(repo):
    message = ("Add rate limit headers (#42)\n\nCollected with curl -i.\n\n"
               "Approved-by: Jane Doe <Jane@Example.com>\nSigned-off-by: Bob <bob@example.com>")
    repo.commit_files({HEADERS: "h"}, message, BOB)

    commit = read_history(repo.root).file(HEADERS).changed

    assert commit.pull_request == 42
    assert ("Approved-by", "Jane Doe <Jane@Example.com>") in commit.trailers
    assert trailer_addresses(commit, "approved-by") == ("jane@example.com",)
    assert commit.subject == "Add rate limit headers (#42)"


def test_body_lines_that_look_like_trailers_but_are_not_the_last_paragraph(repo):
    message = "Subject\n\nApproved-by: Jane <jane@example.com>\n\nJust prose at the end."
    repo.commit_files({HEADERS: "h"}, message, BOB)

    assert read_history(repo.root).file(HEADERS).changed.trailers == ()


@pytest.mark.parametrize("subject, number", [
    ("Merge pull request #7 from org/branch", 7),
    ("Add scan results (#123)", 123),
    ("Add scan results (#123)  ", 123),
    ("Fix #12 in passing", None),
    ("Mention (#5) in the middle", None),
    ("Plain commit", None),
])
def test_pull_request_number(subject, number):
    assert pull_request_number(subject) == number


def test_merge_commit_counts_only_for_what_the_merge_itself_changed(repo):
    repo.commit_files({SCAN: "base", HEADERS: "base"}, "Base", JANE)
    repo.git("checkout", "-q", "-b", "feature")
    branch = repo.commit_files({SCAN: "from branch"}, "Rescan", BOB)
    repo.git("checkout", "-q", "main")
    repo.commit_files({"evidence/v1.0.0/other/x/a.txt": "main moves on"}, "Other", JANE)
    repo.git("merge", "-q", "--no-ff", "--no-commit", "feature", env=repo.identity(MALLORY))
    repo.write(HEADERS, "changed while merging")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "Merge pull request #7 from org/feature",
             env=repo.identity(MALLORY))

    history = read_history(repo.root)

    assert history.file(SCAN).changed.sha == branch          # the author of the change, not the merger
    merge = history.file(HEADERS).changed
    assert merge.author_email == MALLORY[1] and merge.pull_request == 7


def test_uncommitted_and_modified_files(repo):
    repo.commit_files({SCAN: "v1", HEADERS: "h1"}, "Add", JANE)
    repo.write(SCAN, "edited, not committed")
    repo.write("evidence/v1.0.0/new/item/untracked.txt", "new")
    repo.write("evidence/v1.0.0/new/item/staged.txt", "new")
    repo.git("add", "evidence/v1.0.0/new/item/staged.txt")

    history = read_history(repo.root)

    assert history.file(SCAN).state == "modified" and len(history.file(SCAN).commits) == 1
    assert history.file(HEADERS).state == "committed"
    for path in ("evidence/v1.0.0/new/item/untracked.txt", "evidence/v1.0.0/new/item/staged.txt"):
        assert history.file(path).state == "uncommitted" and history.file(path).commits == ()
        assert history.dirty[path] == "uncommitted"
    assert history.dirty[SCAN] == "modified"
    assert history.file("evidence/never/seen.txt").state == "uncommitted"


def test_deleted_files_drop_out_and_a_readded_file_starts_afresh(repo):
    gone = "evidence/v1.0.0/a/b/gone.txt"
    back = "evidence/v1.0.0/a/b/back.txt"
    repo.commit_files({gone: "1", back: "1"}, "Add", JANE)
    repo.git("rm", "-q", gone, back)
    repo.commit("Remove", BOB)
    readded = repo.commit_files({back: "2"}, "Add again", MALLORY)

    history = read_history(repo.root)

    assert gone not in history.files
    assert [c.sha for c in history.file(back).commits] == [readded]


def test_renamed_file_history_starts_at_the_rename(repo):
    old, new = "evidence/v1.0.0/a/b/old name.txt", "evidence/v1.0.0/a/b/new name.txt"
    repo.commit_files({old: "same content\n" * 20}, "Add", JANE)
    repo.git("mv", old, new)
    renamed = repo.commit("Rename", BOB)

    history = read_history(repo.root)

    assert old not in history.files
    assert [c.sha for c in history.file(new).commits] == [renamed]
    assert history.file(new).added.author_email == BOB[1]


def test_non_ascii_authors_and_paths_with_spaces_and_unicode(repo):
    paths = ["evidence/v1.0.0/sécurité/scan/résumé final.md",
             "evidence/v1.0.0/ops/日本 語/結果.txt", "content/docs/a  b.md"]
    author = ("Zoë Ångström-Łukasz", "zoe@exämple.org")
    repo.commit_files({p: "x" for p in paths}, "Ajout des preuves — été", author)
    repo.write("evidence/v1.0.0/ops/日本 語/未追跡 ファイル.txt", "new")

    history = read_history(repo.root)

    for path in paths:
        commit = history.file(path).changed
        assert (commit.author_name, commit.author_email) == author
        assert commit.subject == "Ajout des preuves — été"
    assert history.dirty == {"evidence/v1.0.0/ops/日本 語/未追跡 ファイル.txt": "uncommitted"}


def test_mailmap_cannot_relabel_authors(repo):
    repo.commit_files({".mailmap": f"Jane Doe <{JANE[1]}> <{MALLORY[1]}>\n"}, "Map", MALLORY)
    repo.commit_files({SCAN: "x"}, "Evidence", MALLORY)

    assert read_history(repo.root).file(SCAN).changed.author_email == MALLORY[1]


def test_shallow_clone_is_reported(repo, tmp_path):
    repo.commit_files({SCAN: "1"}, "One", JANE)
    repo.commit_files({SCAN: "2"}, "Two", BOB)
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))

    shallow = read_history(clone)
    full = read_history(repo.root)

    assert shallow.shallow and "fetch-depth: 0" in shallow.note
    assert len(shallow.file(SCAN).commits) == 1 and len(full.file(SCAN).commits) == 2


def test_repository_without_commits(repo):
    repo.write(SCAN, "x")

    history = read_history(repo.root)

    assert history.repository == NO_COMMITS and not history.available
    assert history.head is None and "no commits" in history.note
    assert history.file(SCAN).state == "uncommitted"


def test_folder_that_is_not_a_repository(tmp_path, monkeypatch):
    isolate_git(monkeypatch, tmp_path / "home")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "plain" / "evidence").mkdir(parents=True)

    history = read_history(tmp_path / "plain")

    assert history.repository == NOT_A_REPOSITORY and history.files == {}
    assert "not a git repository" in history.note
    assert history.file("evidence/x").state == "uncommitted"


def test_project_in_a_subfolder_of_the_repository(repo):
    repo.commit_files({f"site-project/{SCAN}": "x", SCAN: "outside the project"}, "Add", JANE)
    repo.write(f"site-project/{HEADERS}", "untracked")

    history = read_history(repo.root / "site-project")

    assert set(history.files) == {SCAN, HEADERS}
    assert history.file(SCAN).changed.author_email == JANE[1]
    assert history.dirty == {HEADERS: "uncommitted"}


def test_one_path_log_one_graph_log_and_no_process_per_file(repo, monkeypatch):
    repo.commit_files({f"evidence/v1.0.0/s/i/{n}.txt": str(n) for n in range(30)}, "Many", JANE)
    repo.commit_files({f"evidence/v1.0.0/s/i/{n}.txt": "again" for n in range(0, 30, 2)},
                      "Half", BOB)
    spawned: list[list[str]] = []
    real_popen = subprocess.Popen

    def spy(command, *args, **kwargs):
        spawned.append(list(command))
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", spy)

    history = read_history(repo.root)

    subcommands = [next(a for a in argv[1:] if not a.startswith("-")) for argv in spawned]
    path_logs = [argv for argv in spawned if "log" in argv and "--" in argv]
    assert subcommands.count("log") == 2 and len(path_logs) == 1     # files, and the graph
    assert len(spawned) <= 6 and len(history.files) == 30


def test_trailer_lines_and_porcelain_parsing():
    assert parse_trailer_lines("Approved-by: A <a@x>\nCo-authored-by: B <b@x>\n") == (
        ("Approved-by", "A <a@x>"), ("Co-authored-by", "B <b@x>"))
    porcelain = "?? top/evidence/n.txt\0A  top/evidence/s.txt\0 M top/evidence/m.txt\0 M else.txt\0"
    assert dirty_from_status(porcelain, "top/") == {
        "evidence/n.txt": "uncommitted", "evidence/s.txt": "uncommitted",
        "evidence/m.txt": "modified"}


def test_git_errors_do_not_escape_as_crashes(monkeypatch, tmp_path):
    def missing(*args, **kwargs):
        raise GitError("git is not installed or not on PATH")

    monkeypatch.setattr(history_module, "run_git", missing)

    assert read_history(tmp_path).repository == "git-missing"


def test_trailer_addresses_forms():
    from datetime import datetime, timezone
    when = datetime(2026, 11, 1, tzinfo=timezone.utc)
    commit = Commit("0" * 40, "B", "b@x", when, "B", "b@x", when, "s", trailers=(
        ("Approved-by", "Jane Doe <Jane@Example.com>"), ("approved-by", "ops@example.com"),
        ("Approved-by", "Not An Address"), ("Approved-by", "Broken <no-at-sign>"),
        ("Reviewed-by", "Rev <rev@example.com>")))

    assert trailer_addresses(commit, "Approved-by") == ("jane@example.com", "ops@example.com")
