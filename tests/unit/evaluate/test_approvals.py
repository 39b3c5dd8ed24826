"""Sign-off and waiver verification against histories read from real git repositories."""
from __future__ import annotations

from datetime import date

import pytest

from generator.evaluate.approvals import GitFacts, verify_signoff, verify_waiver
from generator.evaluate.digest import evidence_in_scope, scope_digest
from generator.history.git import read_history
from generator.history.rosters import Rosters
from generator.model.project import SignOff, Waiver
from tests.helpers.gitrepo import BOB, JANE, MALLORY, GitRepo, isolate_git
from tests.helpers.projects import evidence_file, item, role

SCAN = "evidence/v1.0.0/security/scan/report.sarif"
HEADERS = "evidence/v1.0.0/security/headers/prod.http"
RUNBOOK = "evidence/v1.0.0/ops/runbook/runbook.md"
RECORD = "evidence/v1.0.0/signoffs/security.yml"
WAIVER = "evidence/v1.0.0/waivers/backup.yml"
BINDINGS = {SCAN: ("security/scan",), HEADERS: ("security/headers",), RUNBOOK: ("ops/runbook",)}
ITEMS = {r: item(r) for r in ("security/scan", "security/headers", "ops/runbook", "ops/backup")}
JANE_NOREPLY = ("Jane Doe", "jane@users.noreply.example.com")
ROLES = {"security": role("security", JANE, also={JANE[1]: (JANE_NOREPLY[1],)}),
         "ops": role("ops", BOB)}


@pytest.fixture
def repo(tmp_path, monkeypatch):
    isolate_git(monkeypatch, tmp_path / "home")
    repo = GitRepo(tmp_path / "repo")
    repo.commit_files({SCAN: "{}", HEADERS: "HTTP/1.1 200 OK\n", RUNBOOK: "# Runbook\n"},
                      "Collect evidence", BOB)
    return repo


def scope_files(repo, scope="release"):
    files = [evidence_file(repo.root, p, items) for p, items in BINDINGS.items()
             if (repo.root / p).exists()]
    return evidence_in_scope(scope, files, ITEMS)


def current_digest(repo, scope="release") -> str:
    return scope_digest((f.path, f.sha256) for f in scope_files(repo, scope))


def signoff(digest: str | None, approver=JANE[1], scope="release") -> SignOff:
    return SignOff(path=RECORD, release="v1.0.0", role="security", approver=approver,
                   decision="approved", date=date(2026, 11, 2), scope=scope,
                   evidence_digest=digest)


def record_text(digest: str | None, decision="approved") -> str:
    return f"kind: signoff\nrole: security\napprover: {JANE[1]}\ndecision: {decision}\n" \
           f"evidence_digest: {digest}\n"


def sign(repo, author=JANE, digest="now", message="Sign off v1.0.0 as security") -> SignOff:
    digest = current_digest(repo) if digest == "now" else digest
    repo.commit_files({RECORD: record_text(digest)}, message, author)
    return signoff(digest)


def facts_of(history) -> GitFacts:
    """The roles above held in every commit's tree (these repositories keep no roster)."""
    return GitFacts(history, Rosters({sha: ROLES for sha in history.graph.parents}), ROLES)


def verdict(repo, record: SignOff, scope="release"):
    history = read_history(repo.root)
    return verify_signoff(record, history.file(record.path), scope_files(repo, scope),
                          current_digest(repo, scope), facts_of(history))


def test_signoff_committed_by_the_approver_is_verified_and_current(repo):
    result = verdict(repo, sign(repo, JANE))

    assert (result.verified, result.stale, result.reasons) == (True, False, ())
    assert result.separation_warning is None


def test_signoff_committed_from_another_listed_address_is_verified(repo):
    assert verdict(repo, sign(repo, JANE_NOREPLY)).verified


def test_forged_signoff_committed_by_someone_else(repo):
    record = sign(repo, MALLORY)
    sha = repo.git("rev-parse", "--short=7", "HEAD").strip()

    result = verdict(repo, record)

    assert not result.verified
    assert any(sha in r and "Mallory <mallory@example.com>" in r for r in result.reasons)


def test_signoff_edited_by_someone_else_after_approval(repo):
    record = sign(repo, JANE)
    repo.commit_files({RECORD: record_text(record.evidence_digest, "rejected")}, "Tweak", BOB)
    edit = repo.git("rev-parse", "--short=7", "HEAD").strip()

    result = verdict(repo, record)

    assert not result.verified
    assert len(result.reasons) == 1 and edit in result.reasons[0] and BOB[1] in result.reasons[0]


def test_approval_by_trailer(repo):
    message = "Sign off v1.0.0 as security\n\nApproved-by: Jane Doe <jane@example.com>"
    assert verdict(repo, sign(repo, BOB, message=message)).verified


def test_trailer_naming_someone_else_or_outside_the_trailer_block_does_not_count(repo):
    message = ("Sign off\n\nApproved-by: Jane Doe <jane@example.com>\n\nas agreed\n\n"
               "Approved-by: Mallory <mallory@example.com>")
    assert not verdict(repo, sign(repo, BOB, message=message)).verified


def test_evidence_changed_after_signoff_is_stale_and_named(repo):
    record = sign(repo, JANE)
    repo.commit_files({SCAN: '{"runs": []}'}, "Rescan", BOB)
    rescan = repo.git("rev-parse", "--short=7", "HEAD").strip()

    result = verdict(repo, record)

    assert result.verified and result.stale
    assert SCAN in result.reasons[0] and rescan in result.reasons[0]
    assert HEADERS not in result.reasons[0]


def test_evidence_outside_a_list_scope_does_not_make_it_stale(repo):
    digest = current_digest(repo, ["security"])
    repo.commit_files({RECORD: record_text(digest)}, "Sign", JANE)
    repo.commit_files({RUNBOOK: "# Runbook v2\n"}, "Edit runbook", BOB)

    result = verdict(repo, signoff(digest, scope=("security",)), ["security"])

    assert result.verified and not result.stale


def test_uncommitted_evidence_change_is_named_as_not_committed(repo):
    record = sign(repo, JANE)
    repo.write(HEADERS, "HTTP/1.1 500 Oops\n")

    result = verdict(repo, record)

    assert result.stale and f"{HEADERS} (modified, not committed)" in result.reasons[0]


def test_without_digest_evidence_added_after_the_record_makes_it_stale(repo):
    record = sign(repo, JANE, digest=None)
    before = verdict(repo, record)
    repo.commit_files({"evidence/v1.0.0/security/scan/extra.sarif": "{}"}, "More", BOB)
    with_extra = {**BINDINGS, "evidence/v1.0.0/security/scan/extra.sarif": ("security/scan",)}
    history = read_history(repo.root)
    files = [evidence_file(repo.root, p, i) for p, i in with_extra.items()]

    after = verify_signoff(record, history.file(RECORD), files, "unused", facts_of(history))

    assert not before.stale
    assert after.stale and "extra.sarif" in after.reasons[0] and SCAN not in after.reasons[0]


def test_uncommitted_signoff_is_not_verified(repo):
    repo.write(RECORD, record_text(current_digest(repo)))

    result = verdict(repo, signoff(current_digest(repo)))

    assert not result.verified and result.reasons == (f"{RECORD} is not committed",)


def test_modified_signoff_is_not_verified(repo):
    record = sign(repo, JANE)
    repo.write(RECORD, record_text(record.evidence_digest, "rejected"))

    result = verdict(repo, record)

    assert not result.verified and "not committed" in result.reasons[0]


def test_approver_outside_the_role(repo):
    result = verdict(repo, signoff(current_digest(repo), approver=BOB[1]))
    assert not result.verified and "not a member of role 'security'" in result.reasons[0]


def test_approver_who_wrote_all_the_evidence_is_reported(repo):
    repo.commit_files({SCAN: "{ }", HEADERS: "HTTP/1.1 204\n", RUNBOOK: "# R\n"}, "Redo", JANE)
    assert verdict(repo, sign(repo, JANE)).separation_warning is None   # Bob added them

    repo.git("rm", "-q", SCAN, HEADERS, RUNBOOK)
    repo.commit("Start over", JANE)
    repo.commit_files({SCAN: "{}", HEADERS: "HTTP/1.1 200\n", RUNBOOK: "# R\n"}, "Mine", JANE)
    result = verdict(repo, sign(repo, JANE))

    assert result.verified and "segregation of duties" in result.separation_warning


# -- waivers -----------------------------------------------------------------------------------

def waiver(approved_by=JANE[1], type_="accepted-risk", expires=date(2026, 12, 31)) -> Waiver:
    return Waiver(path=WAIVER, release="v1.0.0", items=("ops/backup",), type=type_,
                  reason="Backups move next quarter", approved_by=approved_by, expires=expires)


def waiver_verdict(repo, record, owning_role, as_of=date(2026, 11, 20)):
    history = read_history(repo.root)
    return verify_waiver(record, owning_role, history.file(WAIVER), as_of, facts_of(history))


def test_waiver_approved_by_the_owning_role(repo):
    repo.commit_files({WAIVER: "kind: waiver\n"}, "Waive backups", BOB)

    result = waiver_verdict(repo, waiver(approved_by=BOB[1]), "ops")

    assert (result.verified, result.expired, result.reasons) == (True, False, ())


def test_expired_waiver(repo):
    repo.commit_files({WAIVER: "kind: waiver\n"}, "Waive backups", BOB)

    result = waiver_verdict(repo, waiver(BOB[1], expires=date(2026, 11, 19)), "ops")

    assert result.expired and result.verified and result.reasons == ("expired on 2026-11-19",)
    assert not waiver_verdict(repo, waiver(BOB[1], expires=date(2026, 11, 20)), "ops").expired


def test_not_applicable_waiver_needs_no_expiry_but_accepted_risk_does(repo):
    repo.commit_files({WAIVER: "kind: waiver\n"}, "Waive backups", BOB)

    assert waiver_verdict(repo, waiver(BOB[1], "not-applicable", None), "ops").verified
    missing = waiver_verdict(repo, waiver(BOB[1], "accepted-risk", None), "ops")
    assert not missing.verified and "expires" in missing.reasons[0]


def test_waiver_by_a_member_of_another_role(repo):
    repo.commit_files({WAIVER: "kind: waiver\n"}, "Waive backups", JANE)

    owned = waiver_verdict(repo, waiver(JANE[1]), "ops")
    unowned = waiver_verdict(repo, waiver(JANE[1]), None)

    assert not owned.verified and "not a member of role 'ops'" in owned.reasons[0]
    assert unowned.verified                         # no owner: any role member may approve


def test_waiver_committed_by_someone_else_without_trailer(repo):
    repo.commit_files({WAIVER: "kind: waiver\n"}, "Waive backups", MALLORY)
    forged = waiver_verdict(repo, waiver(BOB[1]), "ops")
    repo.commit_files({WAIVER: "kind: waiver\nreason: x\n"},
                      "Reword\n\nApproved-by: Bob Builder <BOB@example.com>", MALLORY)
    still = waiver_verdict(repo, waiver(BOB[1]), "ops")

    assert not forged.verified and "Mallory" in forged.reasons[0]
    assert not still.verified and len(still.reasons) == 1     # the first commit is still forged
