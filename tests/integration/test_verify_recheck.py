"""`evidence verify` re-evaluates a pack from its own attachments, and with --repo checks it
is the whole release at its commit: consistent forgeries of attachments, manifest and
statuses are caught, each difference named."""
from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from generator.actions.verify import verify_pack
from generator.outputs.json import WITHHELD
from tests.helpers.evaluated_pack import (
    BASE,
    FAILING,
    REVIEW,
    SECRET,
    attachments,
    edit_json,
    evaluated_repo,
    item_entry,
    manifest_entry,
    render,
    rewrite_pack,
)
from tests.helpers.gitrepo import GitRepo

pytestmark = pytest.mark.slow
PASSING = b"HTTP/1.1 200 OK\r\nx-frame-options: DENY\r\n\r\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("recheck")
    repo = evaluated_repo(tmp / "repo")
    return repo, render(repo.root, tmp / "pack.pdf")


def details(findings, path: str) -> list[str]:
    return [f.detail for f in findings if f.path == path]


def test_the_pack_carries_every_input_of_its_statuses(built):
    _, pack = built
    names = set(attachments(pack))
    assert {"manifest.json", "status.json", "history.json", "mkdocs.yml",
            "content/approvers.yml", "content/checklists/mini.yml", f"{BASE}/release.yml",
            f"{BASE}/security/scan/scan.txt.meta.yml"} <= names
    history = json.loads(attachments(pack)["history.json"])
    commit = history["commits"][history["files"][FAILING]["commits"][0]]
    assert commit["pull_request"] == 12 and commit["committer_email"] == "bob@example.com"
    signoff = history["commits"][history["files"][f"{BASE}/signoffs/security.yml"]["commits"][0]]
    assert signoff["trailers"] == [["Approved-by", "Sam Shield <sam@example.com>"]]


def test_every_item_and_file_is_re_checked_offline(built):
    _, pack = built
    result = verify_pack(pack)
    assert result.ok, result.to_text()
    checked = {f.path for f in result.matches}
    assert {"item security/headers", "item security/scan", "item approvals/security-approval",
            "release v1.0.0"} <= checked
    assert any("failed: follows from the attached inputs" in d
               for d in details(result.matches, "item security/headers"))


def test_an_edited_attachment_with_a_matching_manifest_is_caught(built, tmp_path):
    """The failing report made to pass, its manifest entry updated to match."""
    _, pack = built

    def match(manifest):
        entry = manifest_entry(manifest, FAILING)
        entry.update(sha256=hashlib.sha256(PASSING).hexdigest(), size=len(PASSING))
    edited = rewrite_pack(pack, tmp_path / "edited.pdf", replace={
        FAILING: PASSING, "manifest.json": edit_json(pack, "manifest.json", match)})
    result = verify_pack(edited)
    assert result.exit_code == 1
    assert not [m for m in result.mismatches if "sha256" in m.detail and m.path == FAILING]
    assert any('status: the pack says "failed", re-evaluation gives "complete"' in d
               for d in details(result.mismatches, "item security/headers"))
    assert any("manifest verdict" in d for d in details(result.mismatches, FAILING))


def test_a_flipped_status_is_caught_item_by_item(built, tmp_path):
    _, pack = built

    def flip(status):
        item_entry(status, "security/headers")["status"] = "complete"
        status["ready"] = True
    edited = rewrite_pack(pack, tmp_path / "flipped.pdf",
                          replace={"status.json": edit_json(pack, "status.json", flip)})
    result = verify_pack(edited)
    assert result.exit_code == 1
    assert details(result.mismatches, "item security/headers") == [
        'status: the pack says "complete", re-evaluation gives "failed"']
    assert 'ready: the pack says true, re-evaluation gives false' in details(
        result.mismatches, "release v1.0.0")
    assert not any(m.path == "item security/review" for m in result.mismatches)


def test_an_edited_verdict_is_recomputed_with_and_without_the_repository(built, tmp_path):
    repo, pack = built
    edited = rewrite_pack(pack, tmp_path / "verdict.pdf", replace={"manifest.json": edit_json(
        pack, "manifest.json", lambda m: manifest_entry(m, FAILING).update(verdict="pass"))})
    for result in (verify_pack(edited), verify_pack(edited, repo.root)):
        assert result.exit_code == 1
        assert 'manifest verdict: the pack says "pass", re-evaluation gives "fail"' in details(
            result.mismatches, FAILING)


def test_an_edited_definition_or_release_is_caught(built, tmp_path):
    _, pack = built
    definition = attachments(pack)["content/checklists/mini.yml"].replace(
        b"require: [x-frame-options]", b"require: [content-type]")
    edited = rewrite_pack(pack, tmp_path / "definition.pdf",
                          replace={"content/checklists/mini.yml": definition})
    assert any("re-evaluation gives \"complete\"" in d for d in details(
        verify_pack(edited).mismatches, "item security/headers"))
    release = attachments(pack)[f"{BASE}/release.yml"] + b"tags: [pci]\n"
    edited = rewrite_pack(pack, tmp_path / "release.pdf",
                          replace={f"{BASE}/release.yml": release})
    assert details(verify_pack(edited).mismatches, "item security/pci")


def test_a_pack_without_its_inputs_is_not_verified(built, tmp_path):
    _, pack = built
    stripped = rewrite_pack(pack, tmp_path / "stripped.pdf", remove=["status.json"])
    result = verify_pack(stripped)
    assert result.exit_code == 1
    assert any("no embedded status.json" in e for e in result.errors)
    stripped = rewrite_pack(pack, tmp_path / "no-definition.pdf",
                            remove=["content/checklists/mini.yml"])
    assert verify_pack(stripped).exit_code == 1


def test_an_attachment_named_outside_the_repository_is_not_written_anywhere(built, tmp_path):
    _, pack = built
    escape = tmp_path / "escaped.txt"
    name = "../" * 12 + str(escape).lstrip("/")
    edited = rewrite_pack(pack, tmp_path / "escape.pdf", replace={name: b"outside"})
    result = verify_pack(edited)
    assert result.exit_code == 1
    assert not escape.exists()


def test_a_dropped_failing_report_passes_alone_but_not_against_git(built, tmp_path):
    """A consistent forgery: the pack of the same commit made without the failing report
    (manifest, attachments, statuses and history all agree)."""
    repo, _ = built
    copy = tmp_path / "copy"
    shutil.copytree(repo.root, copy, symlinks=True)
    (copy / FAILING).unlink()
    forged = render(copy, tmp_path / "forged.pdf")
    assert FAILING not in attachments(forged)
    assert verify_pack(forged).ok                  # offline, it proves only itself
    result = verify_pack(forged, repo.root)
    assert result.exit_code == 1
    assert any("missing from the pack's manifest" in d for d in details(result.mismatches,
                                                                        FAILING))


def test_withheld_without_a_secret_is_caught_against_git(built, tmp_path):
    repo, pack = built

    def withhold(manifest):
        manifest_entry(manifest, FAILING)["withheld"] = WITHHELD
    edited = rewrite_pack(pack, tmp_path / "withheld.pdf", remove=[FAILING], replace={
        "manifest.json": edit_json(pack, "manifest.json", withhold)})
    alone = verify_pack(edited)
    assert any(u.path == FAILING for u in alone.unchecked)
    result = verify_pack(edited, repo.root)
    assert result.exit_code == 1
    assert any("holds no detected secret" in d for d in details(result.mismatches, FAILING))


def test_a_file_withheld_for_a_real_secret_is_re_checked_with_the_repository(tmp_path):
    repo = evaluated_repo(tmp_path / "repo", secret=True)
    pack = render(repo.root, tmp_path / "pack.pdf")
    assert SECRET not in attachments(pack)
    assert manifest_entry(json.loads(attachments(pack)["manifest.json"]), SECRET)["withheld"]
    alone = verify_pack(pack)
    assert alone.ok and alone.unchecked, alone.to_text()
    assert "unchecked" in alone.to_text(show_matches=False)
    full = verify_pack(pack, repo.root)
    assert full.ok and not full.unchecked, full.to_text()
    assert any("holds a detected secret" in d for d in details(full.matches, SECRET))


def test_history_edited_in_the_pack_is_caught_against_git(built, tmp_path):
    repo, pack = built

    def rename(history):
        for commit in history["commits"].values():
            commit["author_email"] = "someone@example.com"
    edited = rewrite_pack(pack, tmp_path / "history.pdf",
                          replace={"history.json": edit_json(pack, "history.json", rename)})
    result = verify_pack(edited, repo.root)
    assert result.exit_code == 1
    assert any("author_email" in d and '"someone@example.com", git gives' in d
               for d in details(result.mismatches, "history.json"))


def test_a_pack_of_a_dirty_tree_verifies_offline(tmp_path):
    repo = evaluated_repo(tmp_path / "repo")
    repo.write(f"{BASE}/security/review/later.md", "# Not committed yet\n")
    repo.write(REVIEW, "# Review\n\nChanged, not committed.\n")
    pack = render(repo.root, tmp_path / "pack.pdf")
    status = json.loads(attachments(pack)["status.json"])
    assert item_entry(status, "security/review")["status"] == "unverified"
    assert verify_pack(pack).ok, verify_pack(pack).to_text()
    against_git = verify_pack(pack, repo.root)
    assert any("not committed" in m.detail or "differs" in m.detail
               for m in against_git.mismatches)


def test_a_project_in_a_sub_folder_verifies_against_its_repository(tmp_path):
    top = GitRepo(tmp_path / "mono")
    evaluated_repo(top.root / "compliance")
    shutil.rmtree(top.root / "compliance" / ".git")
    top.commit("Add the compliance project", date="2026-11-03T09:00:00+00:00")
    pack = render(top.root / "compliance", tmp_path / "pack.pdf")
    result = verify_pack(pack, top.root / "compliance")
    assert result.ok, result.to_text()
    assert any("the release's file at commit" in m.detail for m in result.matches)


def test_rosters_and_signature_rules_travel_in_the_pack(tmp_path):
    """A waiver by someone added to the roster in the same change, with signed records
    required: both verdicts come from git facts history.json carries."""
    repo = evaluated_repo(tmp_path / "repo")
    approvers = (repo.root / "content/approvers.yml").read_text()
    repo.write("content/approvers.yml", approvers.replace(
        "  product:", "      - {name: Nia New, email: nia@example.com}\n  product:"))
    repo.write(f"{BASE}/waivers/review.yml", "kind: waiver\nitems: [security/review]\n"
               "type: accepted-risk\nreason: Reviewed later.\napproved_by: nia@example.com\n"
               "expires: 2027-01-31\n")
    mkdocs = (repo.root / "mkdocs.yml").read_text()
    repo.write("mkdocs.yml", mkdocs + "extra:\n  evidence:\n    require_signed_records: true\n")
    repo.commit("Nia joins security and waives the review", author=("Nia New", "nia@example.com"),
                date="2026-11-03T09:00:00+00:00")
    pack = render(repo.root, tmp_path / "pack.pdf")
    status = json.loads(attachments(pack)["status.json"])
    waiver = status["waivers"][0]
    assert not waiver["verified"]
    assert any("in the same change as this record" in r for r in waiver["reasons"])
    assert any("no good signature" in r for r in waiver["reasons"])
    history = json.loads(attachments(pack)["history.json"])
    assert history["signatures"] and history["roster_changes"]
    assert verify_pack(pack).ok, verify_pack(pack).to_text()
    assert verify_pack(pack, repo.root).ok, verify_pack(pack, repo.root).to_text()


def test_a_roster_edited_in_history_json_changes_the_re_evaluation(built, tmp_path):
    _, pack = built

    def empty_rosters(history):
        for roles in history["rosters"].values():
            roles.clear()
    edited = rewrite_pack(pack, tmp_path / "roster.pdf", replace={
        "history.json": edit_json(pack, "history.json", empty_rosters)})
    result = verify_pack(edited)
    assert result.exit_code == 1
    assert any('"unverified"' in d for d in details(result.mismatches,
                                                  "item approvals/security-approval"))
