"""The pull-request gate: a change that makes a release worse is reported at the file that
caused it, fails with --fail-on-regression, and tampering with a record always fails."""
from __future__ import annotations

import json

import pytest

from tests.helpers.mini_project import SAM, mini_repo, release_yml

PAT = ("Pat Product", "pat@example.com")
HEADERS = "evidence/v1.0.0/security/headers/www.http"
SIGNOFF = "evidence/v1.0.0/signoffs/security.yml"
GOOD = "HTTP/1.1 200 OK\r\nX-Frame-Options: DENY\r\n\r\n"
BAD = "HTTP/1.1 200 OK\r\n\r\n"


@pytest.fixture
def repo(tmp_path):
    repo = mini_repo(tmp_path / "repo")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.commit("Release", date="2026-11-01T09:00:00+00:00")
    return repo


def gate(repo, base: str, *extra: str) -> tuple[int, list[dict]]:
    result = repo.evidence("check", "--format", "json", "--base", base, *extra)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)["problems"]


def only(problems, code):
    return [p for p in problems if p["code"] == code]


def test_a_failing_report_is_a_regression_at_its_file(repo):
    base = repo.head()
    repo.write(HEADERS, BAD)
    repo.commit("Headers", date="2026-11-02T09:00:00+00:00")
    code, problems = gate(repo, base)
    [hit] = only(problems, "regression")
    assert hit["path"] == HEADERS and hit["severity"] == "warning" and code == 0
    assert "missing -> failed" in hit["message"] and "Security headers are set" in hit["message"]
    code, problems = gate(repo, base, "--fail-on-regression")
    assert code == 1 and only(problems, "regression")[0]["severity"] == "error"
    annotations = repo.evidence("check", "--format", "github", "--base", base).stdout
    assert f"file={HEADERS}" in annotations and "title=regression" in annotations


def test_the_setting_fails_on_regressions_too(repo):
    repo.write("mkdocs.yml", "site_name: Mini\nextra:\n  evidence:\n    fail_on_regression: true\n")
    repo.commit("Strict gate", date="2026-11-01T10:00:00+00:00")
    base = repo.head()
    repo.write(HEADERS, BAD)
    repo.commit("Headers", date="2026-11-02T09:00:00+00:00")
    assert gate(repo, base)[0] == 1


def test_an_improvement_is_no_regression(repo):
    repo.write(HEADERS, BAD)
    repo.commit("Bad headers", date="2026-11-02T09:00:00+00:00")
    base = repo.head()
    repo.write(HEADERS, GOOD)
    repo.commit("Fixed", date="2026-11-03T09:00:00+00:00")
    code, problems = gate(repo, base, "--fail-on-regression")
    assert code == 0 and not only(problems, "regression")


def test_editing_someone_elses_signoff_is_tampering_and_fails(repo):
    repo.write(HEADERS, GOOD)
    repo.commit("Headers", date="2026-11-02T08:00:00+00:00")
    repo.write(SIGNOFF, "kind: signoff\nrole: security\napprover: sam@example.com\n"
               "decision: approved\ndate: 2026-11-02\n")
    repo.commit("Sign off", SAM, date="2026-11-02T09:00:00+00:00")
    base = repo.head()
    repo.write(SIGNOFF, "kind: signoff\nrole: security\napprover: sam@example.com\n"
               "decision: approved\ndate: 2026-11-02\nconditions: none\n")
    repo.commit("Tidy the sign-off", PAT, date="2026-11-03T09:00:00+00:00")
    code, problems = gate(repo, base)
    [hit] = only(problems, "tampering")
    assert code == 1 and hit["path"] == SIGNOFF and hit["severity"] == "error"
    assert only(problems, "unverified-signoff")


def test_the_approver_editing_their_own_signoff_is_not_tampering(repo):
    repo.write(SIGNOFF, "kind: signoff\nrole: security\napprover: sam@example.com\n"
               "decision: approved\ndate: 2026-11-02\n")
    repo.commit("Sign off", SAM, date="2026-11-02T09:00:00+00:00")
    base = repo.head()
    repo.write(SIGNOFF, "kind: signoff\nrole: security\napprover: sam@example.com\n"
               "decision: rejected\ndate: 2026-11-03\n")
    repo.commit("Reject", SAM, date="2026-11-03T09:00:00+00:00")
    code, problems = gate(repo, base)
    assert not only(problems, "tampering")
    assert any("complete -> failed" in p["message"] for p in only(problems, "regression"))


def test_a_signoff_turning_stale_and_a_release_losing_readiness_are_regressions(repo):
    lean = repo.root / "content/checklists/mini.yml"
    repo.write("content/checklists/mini.yml", "\n".join(
        line for line in lean.read_text().splitlines()
        if "applies_if" not in line) + "\n")
    repo.commit("Checklist", date="2026-11-01T10:00:00+00:00")
    for path, text in {HEADERS: GOOD, "evidence/v1.0.0/security/scan/scan.md": "Scanned.\n",
                       "evidence/v1.0.0/security/review/notes.md": "Reviewed.\n",
                       "evidence/v1.0.0/security/pci/pci.md": "Audited.\n"}.items():
        repo.write(path, text)
    repo.commit("Evidence", date="2026-11-02T08:00:00+00:00")
    repo.write(SIGNOFF, "kind: signoff\nrole: security\napprover: sam@example.com\n"
               "decision: approved\ndate: 2026-11-02\n")
    repo.commit("Sign off", SAM, date="2026-11-02T09:00:00+00:00")
    assert json.loads(repo.evidence("status", "v1.0.0", "--format", "json").stdout)["ready"]
    base = repo.head()
    repo.write(HEADERS, BAD)
    repo.commit("Headers again", date="2026-11-03T09:00:00+00:00")
    code, problems = gate(repo, base)
    messages = " ".join(p["message"] for p in only(problems, "regression"))
    assert "turns stale" in messages and "was ready and no longer is" in messages


# -- evidence with errors does not count ----------------------------------------------------------

def test_a_file_declaring_an_unknown_kind_serves_nothing_and_is_named(repo):
    repo.write("evidence/v1.0.0/security/review/playbook.md", "---\nkind: playbook\n---\nSteps.\n")
    repo.commit("Playbook", date="2026-11-02T09:00:00+00:00")
    data = json.loads(repo.evidence("status", "v1.0.0", "--format", "json").stdout)
    review = next(i for i in data["items"] if i["ref"] == "security/review")
    assert review["status"] == "failed"
    assert any("playbook.md" in r and "unknown kind 'playbook'" in r for r in review["reasons"])


def test_a_declared_kind_that_does_not_fit_the_file_fails(repo):
    repo.write("evidence/v1.0.0/security/review/results.txt", "all good\n")
    repo.write("evidence/v1.0.0/security/review/results.txt.meta.yml", "kind: junit\n")
    repo.commit("Results", date="2026-11-02T09:00:00+00:00")
    problems = json.loads(repo.evidence("check", "--format", "json").stdout)["problems"]
    assert only(problems, "kind-mismatch")
    data = json.loads(repo.evidence("status", "v1.0.0", "--format", "json").stdout)
    review = next(i for i in data["items"] if i["ref"] == "security/review")
    assert review["status"] == "failed"


def test_a_waiver_can_cover_whole_sections(repo):
    repo.write("evidence/v1.0.0/waivers/later.yml",
               "kind: waiver\nsections: [security]\nitems: [first-day/error-rates]\n"
               "type: deferred\nreason: next quarter\napproved_by: sam@example.com\n"
               "expires: 2026-12-31\n")
    repo.commit("Defer security", SAM, date="2026-11-02T09:00:00+00:00")
    data = json.loads(repo.evidence("status", "v1.0.0", "--format", "json").stdout)
    statuses = {i["ref"]: i["status"] for i in data["items"]}
    assert statuses["security/headers"] == statuses["security/review"] == "waived"
    assert statuses["approvals/security-approval"] != "waived"
    [waiver] = data["waivers"]
    assert waiver["sections"] == ["security"] and "first-day/error-rates" in waiver["items"]
    repo.write("evidence/v1.0.0/waivers/typo.yml",
               "kind: waiver\nsections: [secruity]\ntype: not-applicable\nreason: x\n"
               "approved_by: sam@example.com\n")
    problems = json.loads(repo.evidence("check", "--format", "json").stdout)["problems"]
    [hit] = [p for p in problems if p["path"].endswith("typo.yml") and p["code"] == "unknown-item"]
    assert "did you mean 'security'" in hit["message"] and hit["line"] == 2


def test_the_base_checkout_uses_the_repositorys_caches_and_leaves_none_of_its_own(repo, tmp_path,
                                                                                  monkeypatch):
    monkeypatch.setenv("EVIDENCE_CACHE_DIR", str(tmp_path / "caches"))
    base = repo.head()
    repo.write(HEADERS, BAD)
    repo.commit("Headers", date="2026-11-02T09:00:00+00:00")
    cold, cold_problems = gate(repo, base)
    assert len(list((tmp_path / "caches").iterdir())) == 1     # the repository's, no other
    warm, warm_problems = gate(repo, base)
    assert (warm, warm_problems) == (cold, cold_problems)
    assert len(list((tmp_path / "caches").iterdir())) == 1
