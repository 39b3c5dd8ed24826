"""Each status rule of the contract, through the real command on a real repository."""
import json

from tests.helpers.mini_project import SAM, mini_repo, release_yml

HEADERS_OK = "HTTP/1.1 200 OK\r\nX-Frame-Options: DENY\r\n\r\n"


def status(repo, version, *extra):
    result = repo.evidence("status", version, "--format", "json", *extra)
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    return data, {item["ref"]: item for item in data["items"]}


def test_every_status_in_one_release(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0", status="in-progress"))
    repo.write("evidence/v1.0.0/security/headers/site.http", HEADERS_OK)
    repo.write("evidence/v1.0.0/security/scan/scan.md", "---\ncollected: 2026-10-01\n---\nDone.\n")
    repo.commit("Evidence", date="2026-11-01T10:00:00+00:00")
    repo.write("evidence/v1.0.0/signoffs/security.yml",
               "kind: signoff\nrole: security\napprover: sam@example.com\n"
               "decision: approved\ndate: 2026-11-01\n")
    repo.commit("Sign off", author=SAM, date="2026-11-01T11:00:00+00:00")
    data, items = status(repo, "v1.0.0")
    assert items["security/headers"]["status"] == "complete"
    assert items["security/pci"]["status"] == "not-applicable"
    assert items["security/scan"]["status"] == "stale"
    assert "older than max_age 7d" in items["security/scan"]["reasons"][0]
    assert items["security/review"]["status"] == "missing"
    assert items["approvals/security-approval"]["status"] == "complete"
    assert items["first-day/error-rates"]["status"] == "not-due"
    assert data["counts"]["not-due"] == 1
    assert data["ready"] is False
    assert any("security/review is missing" in b for b in data["blockers"])
    evidence = items["security/headers"]["evidence"][0]
    assert evidence["path"] == "evidence/v1.0.0/security/headers/site.http"
    assert evidence["author_email"] == "ada@example.com"
    assert evidence["committed_at"] == "2026-11-01T10:00:00Z"
    signoff = data["signoffs"][0]
    assert signoff["verified"] is True and signoff["stale"] is False


def test_signoff_committed_by_someone_else_is_unverified(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.write("evidence/v1.0.0/signoffs/security.yml",
               "kind: signoff\nrole: security\napprover: sam@example.com\n"
               "decision: approved\ndate: 2026-11-01\n")
    sha = repo.commit("Sign off for Sam")
    data, items = status(repo, "v1.0.0")
    item = items["approvals/security-approval"]
    assert item["status"] == "unverified"
    assert any(sha[:7] in r for r in item["reasons"]), item["reasons"]
    assert data["signoffs"][0]["verified"] is False


def test_completion_formula_excludes_not_applicable_and_not_due(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.write("evidence/v1.0.0/security/review/review.md", "Reviewed by two people.\n")
    repo.commit("Evidence")
    data, _ = status(repo, "v1.0.0")
    # 6 items: pci not-applicable, error-rates not-due -> 1 complete of 4
    assert data["completion"] == 0.25
    assert "= 1/4 = 25%" in data["completion_formula"]


def test_uncommitted_evidence_is_unverified(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.commit("Release")
    repo.write("evidence/v1.0.0/security/review/review.md", "Reviewed.\n")
    _, items = status(repo, "v1.0.0")
    assert items["security/review"]["status"] == "unverified"
    assert "commit it" in items["security/review"]["reasons"][0]


def test_rejected_signoff_fails_and_blocks(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.write("evidence/v1.0.0/signoffs/security.yml",
               "kind: signoff\nrole: security\napprover: sam@example.com\n"
               "decision: rejected\ndate: 2026-11-02\n")
    repo.commit("Reject", author=SAM)
    data, items = status(repo, "v1.0.0", "--require-ready")
    assert items["approvals/security-approval"]["status"] == "failed"
    assert any("rejected" in b for b in data["blockers"])
    result = repo.evidence("status", "v1.0.0", "--require-ready")
    assert result.returncode == 1


def test_waivers(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.write("evidence/v1.0.0/waivers/review.yml",
               "kind: waiver\nitems: [security/review]\ntype: accepted-risk\n"
               "reason: Hotfix, reviewed after release\napproved_by: sam@example.com\n"
               "expires: 2027-01-31\n")
    repo.write("evidence/v1.0.0/waivers/scan.yml",
               "kind: waiver\nitems: [security/scan]\ntype: deferred\n"
               "reason: Scanner outage\napproved_by: sam@example.com\nexpires: 2026-10-15\n")
    repo.write("evidence/v1.0.0/waivers/headers.yml",
               "kind: waiver\nitems: [security/headers]\ntype: not-applicable\n"
               "reason: No web front end\napproved_by: sam@example.com\n")
    repo.commit("Waivers", author=SAM)
    _, items = status(repo, "v1.0.0")
    assert items["security/review"]["status"] == "waived"
    assert "Hotfix" in items["security/review"]["reasons"][0]
    assert items["security/scan"]["status"] == "missing"   # expired waiver no longer counts
    assert any("expired" in r for r in items["security/scan"]["reasons"])
    assert items["security/headers"]["status"] == "not-applicable"


def test_failed_check_and_newest_evidence_decides(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.write("evidence/v1.0.0/security/headers/old.http", HEADERS_OK)
    repo.write("evidence/v1.0.0/security/headers/old.http.meta.yml", "collected: 2026-10-01\n")
    repo.write("evidence/v1.0.0/security/headers/new.http", "HTTP/1.1 200 OK\r\n\r\n")
    repo.write("evidence/v1.0.0/security/headers/new.http.meta.yml", "collected: 2026-10-20\n")
    repo.commit("Evidence")
    _, items = status(repo, "v1.0.0")
    assert items["security/headers"]["status"] == "failed"
    assert "new.http" in items["security/headers"]["reasons"][0]


def test_after_release_items_become_missing_once_due(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml",
               release_yml("v1.0.0", status="released", released_at="2026-10-10T10:00:00Z"))
    repo.commit("Release")
    _, items = status(repo, "v1.0.0", "--as-of", "2026-10-11T09:00:00Z")
    assert items["first-day/error-rates"]["status"] == "not-due"
    _, items = status(repo, "v1.0.0", "--as-of", "2026-10-11T11:00:00Z")
    assert items["first-day/error-rates"]["status"] == "missing"


def test_common_evidence_counts_for_every_release(tmp_path):
    repo = mini_repo(tmp_path / "r")
    for version in ("v1.9.0", "v1.10.0"):
        repo.write(f"evidence/{version}/release.yml", release_yml(version))
    repo.write("evidence/_common/security/review/policy.md", "Two reviewers for every change.\n")
    repo.commit("Evidence")
    result = repo.evidence("status", "--format", "json")
    releases = json.loads(result.stdout)["releases"]
    assert [r["release"] for r in releases] == ["v1.10.0", "v1.9.0"]
    for release in releases:
        item = next(i for i in release["items"] if i["ref"] == "security/review")
        assert item["status"] == "complete"
