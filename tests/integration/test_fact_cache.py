"""The fact cache: a warm run says exactly what a cold one says, reads what git does not
vouch for, and ignores a cache it cannot trust."""
import json
import os

import pytest

from generator.load.factcache import cache_file
from tests.helpers.mini_project import SAM, mini_repo, release_yml

HEADERS = "HTTP/1.1 200 OK\r\nX-Frame-Options: DENY\r\nContent-Type: text/html\r\n\r\n"
NO_FRAME = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_CACHE_DIR", str(tmp_path / "cache"))
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.write("evidence/v1.0.0/security/headers/curl.txt", HEADERS)
    repo.write("evidence/v1.0.0/notes/review.md",
               "---\nitems: [security/review]\ncollected: 2026-10-10T10:00:00Z\n---\n# Done\n")
    repo.write("evidence/v1.0.0/reports/scan.json", '{"findings": []}\n')
    repo.write("evidence/v1.0.0/reports/scan.json.meta.yml",
               "items: [security/scan]\nkind: document\ncollected: 2026-10-11T10:00:00Z\n")
    repo.write("evidence/v1.0.0/first-day/error-rates/notes.md",
               "AKIAIOSFODNN7EXAMPLE is no key we use\n")
    repo.commit("Evidence", date="2026-10-12T09:00:00+00:00")
    repo.write("evidence/v1.0.0/signoffs/security.yml",
               "kind: signoff\nrole: security\napprover: sam@example.com\n"
               "decision: approved\ndate: 2026-10-12\n")
    repo.commit("Security sign-off", author=SAM, date="2026-10-13T09:00:00+00:00")
    return repo


def check(repo) -> dict:
    result = repo.evidence("check", "--format", "json", "--as-of", "2026-10-14T00:00:00Z")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def status(repo) -> dict:
    result = repo.evidence("status", "--format", "json", "--as-of", "2026-10-14T00:00:00Z")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def item(report: dict, ref: str) -> dict:
    return next(i for i in report["releases"][0]["items"] if i["ref"] == ref)


def test_warm_and_cold_give_identical_answers(repo, monkeypatch):
    cold_check, cold_status = check(repo), status(repo)
    assert cache_file(repo.root).is_file()
    assert check(repo) == cold_check and status(repo) == cold_status
    monkeypatch.setenv("EVIDENCE_NO_CACHE", "1")
    assert check(repo) == cold_check and status(repo) == cold_status
    # what the cached facts carry shows in the answer
    codes = {(p["code"], p["path"]) for p in cold_check["problems"]}
    assert ("secret-in-evidence", "evidence/v1.0.0/first-day/error-rates/notes.md") in codes
    assert item(cold_status, "security/headers")["status"] == "complete"
    assert item(cold_status, "security/scan")["status"] == "complete"


@pytest.mark.parametrize("stage", [False, True])
def test_a_changed_uncommitted_file_is_read_again(repo, stage):
    assert item(status(repo), "security/headers")["status"] == "complete"
    repo.write("evidence/v1.0.0/security/headers/curl.txt", NO_FRAME)
    if stage:
        repo.git("add", "-A")
    assert item(status(repo), "security/headers")["status"] != "complete"


def test_a_changed_uncommitted_sidecar_is_read_again(repo):
    assert item(status(repo), "security/scan")["status"] == "complete"
    repo.write("evidence/v1.0.0/reports/scan.json.meta.yml",
               "items: [security/scan]\nkind: document\ncollected: soon\n")
    assert ("bad-date", "evidence/v1.0.0/reports/scan.json.meta.yml") in {
        (p["code"], p["path"]) for p in check(repo)["problems"]}


def test_an_untracked_file_is_read(repo):
    check(repo)
    repo.write("evidence/v1.0.0/security/headers/again.txt", NO_FRAME)
    listed = {e["path"] for e in item(status(repo), "security/headers")["evidence"]}
    assert "evidence/v1.0.0/security/headers/again.txt" in listed


@pytest.mark.parametrize("corrupt", [
    "{not json",
    json.dumps({"rules": "x", "entries": []}),
])
def test_a_corrupt_cache_file_is_ignored(repo, corrupt):
    cold = check(repo)
    cache_file(repo.root).write_text(corrupt)
    assert check(repo) == cold


def test_malformed_entries_are_computed_again(repo):
    cold_check, cold_status = check(repo), status(repo)
    data = json.loads(cache_file(repo.root).read_text())
    entries = data["entries"]
    git_keys = [k for k in entries if k.startswith("git:")]
    assert git_keys, "committed files are cached by their git identity"
    for number, key in enumerate(git_keys):
        entries[key] = ([], {"sha256": 5, "size": 1}, {**entries[key], "kind": {"x": 1},
                        "front_matter": {"value": {"map": 3}}, "sidecar": None})[number % 3]
    cache_file(repo.root).write_text(json.dumps(data))
    assert check(repo) == cold_check and status(repo) == cold_status


def test_a_file_changed_under_its_old_mtime_is_read_again(repo):
    path = repo.root / "evidence/v1.0.0/security/headers/curl.txt"
    assert item(status(repo), "security/headers")["status"] == "complete"
    before = path.stat()
    same_size = HEADERS.replace("DENY", "NONE")
    assert len(same_size) == len(HEADERS)
    path.write_text(same_size)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert item(status(repo), "security/headers")["status"] != "complete"
