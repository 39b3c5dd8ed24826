"""`verify_pack`: a good pack verifies; every kind of tampering is a mismatch or an error."""
from __future__ import annotations

import shutil

import pikepdf
import pytest

from generator.actions.verify import verify_pack
from generator.outputs.pdf.render import render_pack
from tests.helpers.gitrepo import GitRepo
from tests.helpers.pack_fixtures import BASE, build_fixture

pytestmark = pytest.mark.slow
WAIVER = f"{BASE}/waivers/legacy-ciphers.yml"


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("verify")
    fixture = build_fixture(tmp / "repo")
    result = render_pack(fixture.report, fixture.root, tmp / "pack.pdf")
    return fixture, result.path


def tampered_copy(pack_path, tmp_path, edit) -> object:
    target = tmp_path / "tampered.pdf"
    data = bytearray(pack_path.read_bytes())
    edit(data)
    target.write_bytes(bytes(data))
    return target


def flip(data: bytearray, offset: int) -> None:
    data[offset] ^= 0x01


def test_a_good_pack_verifies_alone_and_against_its_repository(pack):
    fixture, path = pack
    alone = verify_pack(path)
    assert alone.ok and alone.exit_code == 0
    assert {m.path for m in alone.matches} == set(fixture.files)
    with_repo = verify_pack(path, fixture.root)
    assert with_repo.ok, with_repo.to_text()
    details = [m.detail for m in with_repo.matches if m.path == WAIVER]
    assert any("working tree" in d for d in details)
    assert any("matches git at commit" in d for d in details)
    assert "verified: 12 files" in str(with_repo)


def test_one_flipped_byte_in_an_uncompressed_attachment_is_a_mismatch(pack, tmp_path):
    _, path = pack
    plain = tmp_path / "plain.pdf"
    with pikepdf.open(path) as pdf:
        pdf.save(plain, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                 stream_decode_level=pikepdf.StreamDecodeLevel.generalized)
    assert verify_pack(plain).ok
    data = bytearray(plain.read_bytes())
    offset = data.index(b"Two partner integrations")
    flip(data, offset + 4)
    plain.write_bytes(bytes(data))
    result = verify_pack(plain)
    assert result.exit_code == 1
    assert {m.path for m in result.mismatches} == {WAIVER}
    assert any("sha256" in m.detail for m in result.mismatches)


def test_one_flipped_byte_in_a_compressed_attachment_fails(pack, tmp_path):
    _, path = pack
    with pikepdf.open(path) as pdf:
        spec = next(s for s in pdf.Root.AF if str(s.UF) == WAIVER)
        raw = spec.EF.F.read_raw_bytes()
    tampered = tampered_copy(path, tmp_path, lambda d: flip(d, d.index(raw) + len(raw) // 2))
    result = verify_pack(tampered)
    assert result.exit_code == 1
    assert result.errors or {m.path for m in result.mismatches} == {WAIVER}


def test_a_damaged_file_is_an_error(pack, tmp_path):
    _, path = pack
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 3])
    result = verify_pack(broken)
    assert result.exit_code == 1 and result.errors


def test_a_removed_and_an_added_attachment_are_reported(pack, tmp_path):
    _, path = pack
    edited = tmp_path / "edited.pdf"
    with pikepdf.open(path) as pdf:
        del pdf.attachments[WAIVER]
        pdf.attachments["extra.txt"] = pikepdf.AttachedFileSpec(pdf, b"not in the manifest")
        pdf.save(edited)
    result = verify_pack(edited)
    problems = {m.path: m.detail for m in result.mismatches}
    assert problems == {WAIVER: "listed in the manifest but not embedded",
                        "extra.txt": "embedded but not listed in the manifest"}


def test_working_tree_changes_and_unknown_commits_are_mismatches(pack, tmp_path):
    fixture, path = pack
    other = tmp_path / "other"
    shutil.copytree(fixture.root, other, ignore=shutil.ignore_patterns(".git"))
    (other / WAIVER).write_text("kind: waiver\nreason: edited afterwards\n")
    GitRepo(other)
    result = verify_pack(path, other)
    assert result.exit_code == 1
    details = {(m.path, m.detail.split(" ")[0]) for m in result.mismatches}
    assert (WAIVER, "working") in details
    assert all(any(p == f and d == "commit" for p, d in details) for f in fixture.files)


def test_a_file_that_is_not_a_pack_is_an_error(tmp_path):
    stray = tmp_path / "x.pdf"
    stray.write_bytes(b"hello")
    assert verify_pack(stray).errors


def test_a_folder_that_is_not_a_git_repository_is_an_error(pack, tmp_path):
    fixture, path = pack
    shutil.copytree(fixture.root, tmp_path / "plain", ignore=shutil.ignore_patterns(".git"))
    result = verify_pack(path, tmp_path / "plain")
    assert result.exit_code == 1
    assert any("cannot read the repository" in e for e in result.errors)


def test_a_replace_ref_cannot_change_what_git_says_a_file_was(pack, tmp_path):
    """verify --repo reads git objects as recorded: `git replace` swaps are ignored."""
    fixture, path = pack
    clone = tmp_path / "clone"
    shutil.copytree(fixture.root, clone, symlinks=True)
    repo = GitRepo.open(clone)
    genuine = repo.git("rev-parse", f"HEAD:{WAIVER}").strip()
    forged = repo.git("hash-object", "-w", "--stdin", input="kind: waiver\nforged: true\n").strip()
    repo.git("replace", genuine, forged)
    assert "forged" in repo.git("cat-file", "-p", genuine)       # plain git now lies
    result = verify_pack(path, clone)
    assert result.ok, result.to_text()
    assert any(m.path == WAIVER and "matches git" in m.detail for m in result.matches)
