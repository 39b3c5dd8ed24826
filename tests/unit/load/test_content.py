"""Evidence read for display stays inside the repository and never follows a link."""
from __future__ import annotations

import os

import pytest

from generator.load.content import OutsideRepository, read_evidence_bytes, shown_text


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    (root / "evidence/v1/a").mkdir(parents=True)
    (root / "evidence/v1/a/probe.json").write_bytes(b'{"ok": true}')
    (tmp_path / "outside.txt").write_bytes(b"not evidence")
    return root


def test_a_file_below_the_root_is_read_by_its_normal_path(repo):
    assert read_evidence_bytes(repo, "evidence/v1/a/probe.json") == b'{"ok": true}'
    assert read_evidence_bytes(repo, "evidence/v1/./b/../a//probe.json") == b'{"ok": true}'


@pytest.mark.parametrize("relpath", ["../outside.txt", "evidence/../../outside.txt", "/etc/hostname",
                                     ".", ""])
def test_a_path_that_leaves_the_repository_is_refused(repo, relpath):
    with pytest.raises(OutsideRepository, match="outside the repository"):
        read_evidence_bytes(repo, relpath)


@pytest.mark.parametrize("link, target, relpath", [
    ("evidence/v1/a/link.json", "../../../../outside.txt", "evidence/v1/a/link.json"),
    ("evidence/v1/a/inside.json", "probe.json", "evidence/v1/a/inside.json"),
    ("evidence/v1/out", "../../..", "evidence/v1/out/outside.txt"),
    ("evidence/v2", "v1", "evidence/v2/a/probe.json"),       # a folder linked inside, too
])
def test_a_symbolic_link_anywhere_on_the_path_is_refused(repo, link, target, relpath):
    os.symlink(target, repo / link)
    with pytest.raises(OutsideRepository, match="symbolic links are not followed"):
        read_evidence_bytes(repo, relpath)


def test_a_missing_file_is_an_os_error(repo):
    with pytest.raises(FileNotFoundError):
        read_evidence_bytes(repo, "evidence/v1/a/gone.json")


def test_text_is_shown_decoded_and_redacted_when_asked():
    data = b"token: ghp_" + b"a1B2" * 9 + b"\n\xff"
    assert shown_text(data) == data.decode("utf-8", errors="replace")
    assert "[REDACTED" in shown_text(data, frozenset()) and "ghp_" not in shown_text(
        data, frozenset())
