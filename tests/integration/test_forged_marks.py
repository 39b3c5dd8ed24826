"""Green marks cannot be forged by what a committer says about themselves: stated times are
bounded by git, order comes from the commit graph, rosters are guarded, committers are shown.

Each test commits as the attacker would (GIT_COMMITTER_DATE, --author, a roster edit and a
sign-off together) in a real repository and reads the real command's output.
"""
from __future__ import annotations

import json
import subprocess

import pytest

from tests.helpers.mini_project import APPROVERS, CHECKLIST, SAM, mini_repo, release_yml

MALLORY = ("Mallory", "mallory@example.com")
BOB = ("Bob Builder", "bob@example.com")
PROBE = "evidence/v1.0.0/security/scan/probe.json"
SIGNOFF = "evidence/v1.0.0/signoffs/security.yml"
OBSERVED_2020 = '{"status": "pass", "observed_at": "2020-06-01T10:00:00Z"}\n'


def status(repo, *extra) -> dict:
    result = repo.evidence("status", "v1.0.0", "--format", "json", *extra)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def item(data: dict, ref: str) -> dict:
    return next(i for i in data["items"] if i["ref"] == ref)


def problems(repo, *extra) -> list[dict]:
    result = repo.evidence("check", "--format", "json", *extra)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["problems"]


def signoff_text(approver: str = SAM[1]) -> str:
    return (f"kind: signoff\nrole: security\napprover: {approver}\ndecision: approved\n"
            "date: 2026-11-02\n")


@pytest.fixture
def repo(tmp_path):
    repo = mini_repo(tmp_path / "repo")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.commit("Start v1.0.0", date="2026-11-01T09:00:00+00:00")
    return repo


@pytest.fixture
def probing(repo):
    """The scan item asks for a probe, so the probe's own `observed_at` is read."""
    repo.write("content/checklists/mini.yml", CHECKLIST.replace(
        "            max_age: 7d\n", "            max_age: 7d\n            requires:\n"
        "              - kind: probe\n"))
    repo.commit("Scans are probes", date="2026-11-01T10:00:00+00:00")
    return repo


# -- stated times are bounded by git -------------------------------------------------------------

def test_a_sidecar_cannot_make_an_old_probe_fresh(probing):
    repo = probing
    repo.write(PROBE, OBSERVED_2020)
    repo.commit("Probe", date="2026-11-02T09:00:00+00:00")
    assert item(status(repo), "security/scan")["status"] == "stale"       # observed 2020
    repo.write(PROBE + ".meta.yml", "collected: 2099-01-01T00:00:00Z\n")
    repo.commit("Freshen", MALLORY, date="2026-11-03T09:00:00+00:00")
    scan = item(status(repo), "security/scan")
    assert scan["status"] == "stale"
    assert any("2099-01-01" in r and "2020-06-01T10:00:00Z is used instead" in r
               for r in scan["reasons"])
    [hit] = [p for p in problems(repo) if p["code"] == "collected-after-commit"]
    assert (hit["path"], hit["line"], hit["severity"]) == (PROBE + ".meta.yml", 1, "error")


@pytest.mark.parametrize("how", ["sidecar", "front matter", "content"])
def test_a_collection_time_after_the_commit_is_refused(probing, how):
    repo = probing
    if how == "sidecar":
        repo.write(PROBE, '{"status": "pass"}\n')
        repo.write(PROBE + ".meta.yml", "kind: probe\ncollected: 2099-01-01T00:00:00Z\n")
        path, line = PROBE + ".meta.yml", 2
    elif how == "front matter":
        path, line = "evidence/v1.0.0/security/scan/scan.md", 3
        repo.write(path, "---\nkind: probe\ncollected: 2099-01-01\n---\nScanned.\n")
    else:
        path, line = PROBE, 1
        repo.write(PROBE, '{"status": "pass", "observed_at": "2099-01-01T00:00:00Z"}\n')
    repo.commit("Fresh scan, honest", MALLORY, date="2026-11-02T09:00:00+00:00")
    repo.commit("Time passes", date="2026-11-20T09:00:00+00:00")
    scan = item(status(repo), "security/scan")
    assert scan["status"] in ("stale", "failed")      # a Markdown file is no probe
    evidence = scan["evidence"][0]
    assert evidence["collected_at"] == "2026-11-02T09:00:00Z" and evidence["refused_time"]
    [hit] = [p for p in problems(repo) if p["code"] == "collected-after-commit"]
    assert (hit["path"], hit["line"], hit["severity"]) == (path, line, "error")


def test_a_time_within_the_clock_allowance_is_believed(probing):
    repo = probing
    repo.write(PROBE, '{"status": "pass", "observed_at": "2026-11-02T09:10:00Z"}\n')
    repo.commit("Probe", date="2026-11-02T09:00:00+00:00")
    assert not [p for p in problems(repo) if p["code"] == "collected-after-commit"]
    assert item(status(repo), "security/scan")["evidence"][0]["refused_time"] is None


def test_an_uncommitted_file_is_bounded_by_the_evaluation_time(probing):
    repo = probing
    repo.write(PROBE, '{"status": "pass", "observed_at": "2099-01-01T00:00:00Z"}\n')
    scan = item(status(repo, "--as-of", "2026-11-03T00:00:00Z"), "security/scan")
    assert scan["evidence"][0]["collected_at"] == "2026-11-03T00:00:00Z"
    assert scan["status"] == "unverified"


# -- order comes from the graph ------------------------------------------------------------------

def test_evidence_changed_after_a_signoff_with_a_backdated_commit_makes_it_stale(repo):
    repo.write(PROBE, '{"status": "pass"}\n')
    repo.write("evidence/v1.0.0/security/review/notes.md", "# Review\n\nDone.\n")
    repo.commit("Evidence", date="2026-11-02T08:00:00+00:00")
    repo.write(SIGNOFF, signoff_text())                       # no evidence_digest
    repo.commit("Sign off", SAM, date="2026-11-02T10:00:00+00:00")
    assert item(status(repo), "approvals/security-approval")["status"] == "complete"
    repo.write("evidence/v1.0.0/security/review/notes.md", "# Review\n\nSkipped.\n")
    repo.commit("Quiet edit", MALLORY, date="2026-11-01T00:00:00+00:00")   # dated before
    approval = item(status(repo), "approvals/security-approval")
    assert approval["status"] == "stale"
    assert any("notes.md (changed" in r and "Mallory" in r for r in approval["reasons"])
    [hit] = [p for p in problems(repo) if p["code"] == "commit-date-order"]
    assert repo.head()[:10] in hit["message"] and hit["severity"] == "warning"


def test_a_backdated_head_does_not_bring_an_expired_waiver_back(repo):
    repo.write("evidence/v1.0.0/waivers/review.yml",
               "kind: waiver\nitems: [security/review]\ntype: accepted-risk\n"
               "reason: later\napproved_by: sam@example.com\nexpires: 2026-11-10\n")
    repo.commit("Waive review", SAM, date="2026-11-02T09:00:00+00:00")
    repo.commit("Time passes", date="2026-11-20T09:00:00+00:00")
    assert item(status(repo), "security/review")["status"] == "missing"     # expired
    repo.commit("Rewind", MALLORY, date="2026-11-03T09:00:00+00:00")
    data = status(repo)
    assert data["evaluated_at"] == "2026-11-20T09:00:00Z"
    assert item(data, "security/review")["status"] == "missing"
    assert any(p["code"] == "commit-date-order" and repo.head()[:10] in p["message"]
               for p in problems(repo))


# -- rosters are guarded -------------------------------------------------------------------------

def appoint(approvers: str, who=MALLORY) -> str:
    """approvers.yml with `who` added to the security role."""
    return approvers.replace("    members:\n      - {name: Sam Shield",
                             f"    members:\n      - {{name: {who[0]}, email: {who[1]}}}\n"
                             "      - {name: Sam Shield", 1)


def test_an_approver_who_appoints_themselves_in_the_same_commit_is_unverified(repo):
    repo.write("content/approvers.yml", appoint(APPROVERS))
    repo.write(SIGNOFF, signoff_text(MALLORY[1]))
    roster_commit = repo.commit("Add me and sign", MALLORY, date="2026-11-02T09:00:00+00:00")
    [record] = status(repo)["signoffs"]
    assert not record["verified"]
    assert any("added to role 'security'" in r and roster_commit[:7] in r
               for r in record["reasons"])


def test_a_roster_change_and_a_signoff_merged_together_do_not_verify(repo):
    repo.git("checkout", "-q", "-b", "appoint")
    repo.write("content/approvers.yml", appoint(APPROVERS))
    repo.commit("Add Mallory to security", MALLORY, date="2026-11-02T09:00:00+00:00")
    repo.write(SIGNOFF, signoff_text(MALLORY[1]))
    repo.commit("Sign off", MALLORY, date="2026-11-02T10:00:00+00:00")
    assert status(repo)["signoffs"][0]["verified"]     # on the branch, two separate steps
    base = repo.git("rev-parse", "main").strip()
    checked = repo.evidence("check", "--format", "json", "--base", base)
    data = json.loads(checked.stdout)
    assert data["problems"][0]["code"] == "roster-changed"
    assert "adds mallory@example.com" in data["problems"][0]["message"]
    assert data["changes"]["roles"] == [
        {"role": "security", "added": ["mallory@example.com"], "removed": []}]
    text = repo.evidence("check", "--base", base).stdout
    assert text.index("roster-changed") < text.index("roster: role security")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "appoint", "-m", "Merge pull request #7 from x/appoint",
             env=repo.identity(BOB, date="2026-11-03T09:00:00+00:00"))
    [record] = status(repo)["signoffs"]
    assert not record["verified"] and record["pull_request"] == 7
    assert any("in the same change as this record" in r for r in record["reasons"])


def test_a_member_merged_before_the_signoff_verifies(repo):
    repo.git("checkout", "-q", "-b", "appoint")
    repo.write("content/approvers.yml", appoint(APPROVERS, BOB))
    repo.commit("Add Bob to security", SAM, date="2026-11-02T09:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "appoint", "-m", "Merge pull request #8 from x/appoint",
             env=repo.identity(SAM, date="2026-11-02T10:00:00+00:00"))
    repo.write(SIGNOFF, signoff_text(BOB[1]))
    repo.commit("Sign off (#9)", BOB, date="2026-11-03T09:00:00+00:00")
    [record] = status(repo)["signoffs"]
    assert record["verified"] and record["proof"] == "authored by the approver"
    assert record["pull_request"] == 9


# -- who committed is shown ------------------------------------------------------------------------

def test_a_signoff_committed_by_someone_else_shows_the_committer(repo):
    repo.write(SIGNOFF, signoff_text())
    repo.commit("Sign off", SAM, committer=MALLORY, date="2026-11-02T09:00:00+00:00")
    [record] = status(repo)["signoffs"]
    assert record["verified"]                       # authored as the approver
    assert record["committer_email"] == MALLORY[1] and record["author_email"] == SAM[1]
    assert any("committed by Mallory <mallory@example.com>, not by its author" in r
               for r in record["reasons"])


def test_the_forge_merge_committer_is_not_flagged(repo):
    repo.write(SIGNOFF, signoff_text())
    repo.commit("Sign off (#3)", SAM, committer=("GitHub", "noreply@github.com"),
                date="2026-11-02T09:00:00+00:00")
    [record] = status(repo)["signoffs"]
    assert record["verified"] and not [r for r in record["reasons"] if "committed by" in r]


def test_approval_by_trailer_is_labelled_as_such(repo):
    repo.write(SIGNOFF, signoff_text())
    repo.commit("Sign off for Sam\n\nApproved-by: Sam Shield <sam@example.com>", BOB,
                date="2026-11-02T09:00:00+00:00")
    [record] = status(repo)["signoffs"]
    assert record["verified"] and record["proof"].startswith("approved by trailer")


def test_committers_appear_in_the_evidence_json(repo):
    repo.write(PROBE, '{"status": "pass"}\n')
    repo.commit("Probe", BOB, committer=MALLORY, date="2026-11-02T09:00:00+00:00")
    evidence = item(status(repo), "security/scan")["evidence"][0]
    assert (evidence["author_email"], evidence["committer_email"]) == (BOB[1], MALLORY[1])
    assert evidence["added_committed_by"] == MALLORY[1]


def test_branch_commits_are_credited_to_the_pull_request_that_merged_them(repo):
    repo.git("checkout", "-q", "-b", "scan")
    repo.write(PROBE, '{"status": "pass"}\n')
    repo.commit("Probe", BOB, date="2026-11-02T09:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "scan", "-m", "Merge pull request #12 from bob/scan",
             env=repo.identity(BOB, date="2026-11-02T10:00:00+00:00"))
    evidence = item(status(repo), "security/scan")["evidence"][0]
    assert evidence["pull_request"] == 12 and evidence["author_email"] == BOB[1]


# -- signed records, when required ---------------------------------------------------------------

@pytest.mark.parametrize("signed", [False, True])
def test_required_signatures_verify_only_signed_records(repo, tmp_path, signed):
    key = tmp_path / "sam_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", SAM[1], "-f", str(key)],
                   check=True)
    signers = tmp_path / "allowed_signers"
    signers.write_text(f"{SAM[1]} {(tmp_path / 'sam_key.pub').read_text()}")
    for key_name, value in (("gpg.format", "ssh"), ("user.signingkey", str(key)),
                            ("gpg.ssh.allowedSignersFile", str(signers))):
        repo.git("config", key_name, value)
    repo.write("mkdocs.yml", "site_name: Mini\nextra:\n  evidence:\n"
               "    require_signed_records: true\n")
    repo.commit("Require signatures", date="2026-11-01T12:00:00+00:00")
    repo.git("config", "commit.gpgsign", "true" if signed else "false")
    repo.write(SIGNOFF, signoff_text())
    repo.commit("Sign off", SAM, date="2026-11-02T09:00:00+00:00")
    [record] = status(repo)["signoffs"]
    assert record["verified"] is signed
    if signed:
        assert record["proof"].endswith("in commits signed with a trusted key")
    else:
        assert any("has no good signature" in r for r in record["reasons"])
