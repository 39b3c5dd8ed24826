"""`evidence signoff`: the record it writes, what it refuses, and that committing it verifies."""
from __future__ import annotations

import os
import subprocess
from datetime import date

import pytest
import yaml

from generator.actions.signoff import SignoffError, signoff_record, write_signoff
from generator.evaluate.approvals import GitFacts, verify_signoff
from generator.evaluate.digest import evidence_in_scope, scope_digest
from generator.history.git import read_history
from generator.history.rosters import Rosters
from generator.model.project import SignOff
from tests.helpers.gitrepo import BOB, JANE, GitRepo, isolate_git
from tests.helpers.projects import evidence_file, project, role

SCAN = "evidence/v1.0.0/security/scan/report.sarif"
RUNBOOK = "evidence/v1.0.0/ops/runbook/runbook.md"
COMMON_POLICY = "evidence/_common/ops/policy/policy.md"
OTHER_RELEASE = "evidence/v0.9.0/security/scan/report.sarif"
OLD_SIGNOFF = "evidence/v1.0.0/signoffs/ops.yml"
ITEMS = ["security/scan", "ops/runbook", "ops/policy", "ops/approval"]
ROLES = {"security": role("security", JANE, also={JANE[1]: ("jane@users.noreply.example.com",)}),
         "ops": role("ops", BOB)}


@pytest.fixture
def repo(tmp_path, monkeypatch):
    isolate_git(monkeypatch, tmp_path / "home")
    repo = GitRepo(tmp_path / "repo")
    repo.commit_files({SCAN: "{}", RUNBOOK: "# Runbook\n", COMMON_POLICY: "# Policy\n",
                       OTHER_RELEASE: "{}", OLD_SIGNOFF: "kind: signoff\n"}, "Evidence", BOB)
    return repo


def load(repo):
    files = [evidence_file(repo.root, SCAN, ("security/scan",), "sarif"),
             evidence_file(repo.root, RUNBOOK, ("ops/runbook",), "runbook"),
             evidence_file(repo.root, COMMON_POLICY, ("ops/policy",), "document", "_common"),
             evidence_file(repo.root, OTHER_RELEASE, ("security/scan",), "sarif", "v0.9.0"),
             evidence_file(repo.root, OLD_SIGNOFF, ("ops/approval",), "signoff")]
    return project(repo.root, ITEMS, ROLES, files, releases=("v0.9.0", "v1.0.0"))


def as_signer(repo, person):
    repo.git("config", "user.name", person[0])
    repo.git("config", "user.email", person[1])


def test_record_is_the_contract_shape():
    text = signoff_record("v1.0.0", "security", JANE[1], "approved-with-conditions",
                          ["security", "ops/runbook"], "Rotate keys by Friday", "sha256:ab",
                          date(2026, 11, 20))

    assert yaml.safe_load(text) == {
        "kind": "signoff", "role": "security", "approver": JANE[1],
        "decision": "approved-with-conditions", "date": date(2026, 11, 20),
        "scope": ["security", "ops/runbook"], "conditions": "Rotate keys by Friday",
        "evidence_digest": "sha256:ab"}


def test_writes_the_record_with_the_digest_of_the_release_scope(repo):
    as_signer(repo, JANE)
    project_ = load(repo)

    path, command = write_signoff(repo.root, project_, "v1.0.0", "security",
                                  on=date(2026, 11, 20))

    record = yaml.safe_load(path.read_text())
    expected = scope_digest((f.path, f.sha256) for f in project_.evidence
                            if f.path in (SCAN, RUNBOOK, COMMON_POLICY))
    assert path == repo.root / "evidence/v1.0.0/signoffs/security.yml"
    assert record["approver"] == JANE[1] and record["decision"] == "approved"
    assert record["scope"] == "release" and record["date"] == date(2026, 11, 20)
    assert record["evidence_digest"] == expected and "conditions" not in record
    assert command == ("git add -- evidence/v1.0.0/signoffs/security.yml && git commit -m "
                       "'Sign off v1.0.0 as security' -- evidence/v1.0.0/signoffs/security.yml")


def test_signer_from_a_secondary_address_is_recorded_by_primary_address(repo):
    as_signer(repo, ("Jane", "Jane@Users.Noreply.Example.com"))

    path, _ = write_signoff(repo.root, load(repo), "v1.0.0", "security")

    assert yaml.safe_load(path.read_text())["approver"] == JANE[1]


def test_list_scope_digest_covers_only_that_scope(repo):
    as_signer(repo, BOB)
    project_ = load(repo)

    path, _ = write_signoff(repo.root, project_, "v1.0.0", "ops", scope=["ops/runbook"])

    runbook = next(f for f in project_.evidence if f.path == RUNBOOK)
    assert yaml.safe_load(path.read_text())["evidence_digest"] == scope_digest(
        [(runbook.path, runbook.sha256)])


@pytest.mark.parametrize("kwargs, message", [
    ({"role": "security"}, "is not a member of role 'security'"),
    ({"role": "legal"}, "unknown role 'legal'"),
    ({"release": "v9.9.9"}, "unknown release 'v9.9.9'"),
    ({"decision": "approved-with-conditions"}, "needs the conditions"),
    ({"decision": "maybe"}, "decision 'maybe'"),
    ({"scope": ["nope/nothing"]}, "unknown section ids or item refs: nope/nothing"),
    ({"scope": "everything"}, "scope 'everything'"),
])
def test_refusals(repo, kwargs, message):
    as_signer(repo, BOB)
    arguments = {"release": "v1.0.0", "role": "ops", **kwargs}
    before = snapshot(repo.root)

    with pytest.raises(SignoffError, match=message):
        write_signoff(repo.root, load(repo), **arguments)
    assert snapshot(repo.root) == before


def snapshot(root):
    return {p: p.read_bytes() for p in (root / "evidence").rglob("*") if p.is_file()}


def test_refuses_when_git_does_not_know_the_signer(repo):
    with pytest.raises(SignoffError, match="git config user.email"):
        write_signoff(repo.root, load(repo), "v1.0.0", "ops")


def test_committing_with_the_printed_command_gives_a_verified_current_signoff(repo):
    as_signer(repo, JANE)
    project_ = load(repo)
    path, command = write_signoff(repo.root, project_, "v1.0.0", "security",
                                  decision="approved-with-conditions", conditions="Watch p99")
    repo.write("unrelated.txt", "staged but not part of the sign-off")
    repo.git("add", "unrelated.txt")
    subprocess.run(["sh", "-c", command], cwd=repo.root, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_DATE": "2026-11-20T10:00:00Z",
                        "GIT_COMMITTER_DATE": "2026-11-20T10:00:00Z"})

    record = yaml.safe_load(path.read_text())
    history = read_history(repo.root)
    scope = evidence_in_scope("release", project_.evidence, project_.items_by_ref(),
                              release="v1.0.0")
    signoff = SignOff(path="evidence/v1.0.0/signoffs/security.yml", release="v1.0.0",
                      role="security", approver=record["approver"], decision=record["decision"],
                      date=record["date"], conditions=record["conditions"],
                      evidence_digest=record["evidence_digest"])
    now = scope_digest((f.path, f.sha256) for f in scope)

    facts = GitFacts(history, Rosters({sha: ROLES for sha in history.graph.parents}), ROLES)
    result = verify_signoff(signoff, history.file(signoff.path), scope, now, facts)

    assert (result.verified, result.stale) == (True, False), result.reasons
    assert history.dirty == {} and "unrelated.txt" in repo.git("status", "--porcelain")
    assert history.file(signoff.path).changed.subject == "Sign off v1.0.0 as security"
