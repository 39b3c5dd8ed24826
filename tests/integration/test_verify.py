"""`verify_pack`: a good pack verifies; every kind of tampering is a mismatch or an error."""
from __future__ import annotations

import shutil

import pikepdf
import pytest

from generator.actions.verify import verify_pack
from tests.helpers.evaluated_pack import (
    FAILING,
    REVIEW,
    SIGNOFF,
    evaluated_repo,
    render,
    rewrite_pack,
)
from tests.helpers.gitrepo import GitRepo

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("verify")
    repo = evaluated_repo(tmp / "repo")
    return repo, render(repo.root, tmp / "pack.pdf")


def tampered_copy(pack_path, tmp_path, edit) -> object:
    target = tmp_path / "tampered.pdf"
    data = bytearray(pack_path.read_bytes())
    edit(data)
    target.write_bytes(bytes(data))
    return target


def flip(data: bytearray, offset: int) -> None:
    data[offset] ^= 0x01


def paths(findings) -> set[str]:
    return {f.path for f in findings}


def test_a_good_pack_verifies_alone_and_against_its_repository(pack):
    repo, path = pack
    alone = verify_pack(path)
    assert alone.ok and alone.exit_code == 0, alone.to_text()
    assert {REVIEW, FAILING, SIGNOFF} <= paths(alone.matches)
    with_repo = verify_pack(path, repo.root)
    assert with_repo.ok, with_repo.to_text()
    details = [m.detail for m in with_repo.matches if m.path == SIGNOFF]
    assert any("working tree" in d for d in details)
    assert any("matches git at commit" in d for d in details)
    assert "verified: 5 files" in str(with_repo)


def test_one_flipped_byte_in_an_uncompressed_attachment_is_a_mismatch(pack, tmp_path):
    _, path = pack
    plain = tmp_path / "plain.pdf"
    with pikepdf.open(path) as pdf:
        pdf.save(plain, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                 stream_decode_level=pikepdf.StreamDecodeLevel.generalized)
    assert verify_pack(plain).ok
    data = bytearray(plain.read_bytes())
    offset = data.index(b"Reviewed by two people")
    flip(data, offset + 4)
    plain.write_bytes(bytes(data))
    result = verify_pack(plain)
    assert result.exit_code == 1
    assert REVIEW in paths(result.mismatches)
    assert any("sha256" in m.detail for m in result.mismatches if m.path == REVIEW)


def test_one_flipped_byte_in_a_compressed_attachment_fails(pack, tmp_path):
    _, path = pack
    with pikepdf.open(path) as pdf:
        spec = next(s for s in pdf.Root.AF if str(s.UF) == SIGNOFF)
        raw = spec.EF.F.read_raw_bytes()
    tampered = tampered_copy(path, tmp_path, lambda d: flip(d, d.index(raw) + len(raw) // 2))
    result = verify_pack(tampered)
    assert result.exit_code == 1
    assert result.errors or SIGNOFF in paths(result.mismatches)


def test_a_damaged_file_is_an_error(pack, tmp_path):
    _, path = pack
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 3])
    result = verify_pack(broken)
    assert result.exit_code == 1 and result.errors


def test_a_removed_and_an_added_attachment_are_reported(pack, tmp_path):
    _, path = pack
    edited = rewrite_pack(path, tmp_path / "edited.pdf", replace={"extra.txt": b"not listed"},
                          remove=[REVIEW])
    result = verify_pack(edited)
    problems = {m.path: m.detail for m in result.mismatches}
    assert problems[REVIEW] == "listed in the manifest but not embedded"
    assert problems["extra.txt"] == "embedded but not listed in the manifest"


def test_working_tree_changes_and_unknown_commits_are_mismatches(pack, tmp_path):
    repo, path = pack
    other = tmp_path / "other"
    shutil.copytree(repo.root, other, ignore=shutil.ignore_patterns(".git"))
    (other / SIGNOFF).write_text("kind: signoff\nrole: security\nedited: afterwards\n")
    GitRepo(other)
    result = verify_pack(path, other)
    assert result.exit_code == 1
    details = {(m.path, m.detail.split(" ")[0]) for m in result.mismatches}
    assert (SIGNOFF, "working") in details
    assert (FAILING, "commit") in details and (REVIEW, "commit") in details


def test_a_file_that_is_not_a_pack_is_an_error(tmp_path):
    stray = tmp_path / "x.pdf"
    stray.write_bytes(b"hello")
    assert verify_pack(stray).errors


def test_a_folder_that_is_not_a_git_repository_is_an_error(pack, tmp_path):
    repo, path = pack
    shutil.copytree(repo.root, tmp_path / "plain", ignore=shutil.ignore_patterns(".git"))
    result = verify_pack(path, tmp_path / "plain")
    assert result.exit_code == 1
    assert any("cannot read the repository" in e for e in result.errors)


def test_a_replace_ref_cannot_change_what_git_says_a_file_was(pack, tmp_path):
    """verify --repo reads git objects as recorded: `git replace` swaps are ignored."""
    repo, path = pack
    clone = tmp_path / "clone"
    shutil.copytree(repo.root, clone, symlinks=True)
    copy = GitRepo.open(clone)
    genuine = copy.git("rev-parse", f"HEAD:{SIGNOFF}").strip()
    forged = copy.git("hash-object", "-w", "--stdin", input="kind: signoff\nforged: true\n").strip()
    copy.git("replace", genuine, forged)
    assert "forged" in copy.git("cat-file", "-p", genuine)       # plain git now lies
    result = verify_pack(path, clone)
    assert result.ok, result.to_text()
    assert any(m.path == SIGNOFF and "matches git" in m.detail for m in result.matches)
