"""The files a pack carries besides the evidence, and a file set laid out as a repository."""
from __future__ import annotations

import pytest

from generator.load.inputs import (
    UnsafePath,
    checked_path,
    is_release_input,
    release_inputs,
    repository_of,
)
from generator.load.project import load_project
from tests.helpers.mini_project import CHECKLIST, mini_repo, release_yml
from tests.helpers.projects import evidence_file


def test_the_inputs_are_settings_roles_every_definition_the_release_and_sidecars(tmp_path):
    repo = mini_repo(tmp_path / "repo")
    repo.write("content/checklists/other.yaml", CHECKLIST.replace("id: mini", "id: other"))
    repo.write("content/checklists/notes.txt", "not a definition")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.write("evidence/v1.0.0/security/scan/scan.txt", "ok\n")
    repo.write("evidence/v1.0.0/security/scan/scan.txt.meta.yml", "collected: 2026-10-01\n")
    file = evidence_file(repo.root, "evidence/v1.0.0/security/scan/scan.txt", ())
    sidecar = file.__class__(**{**file.__dict__, "meta_path": file.path + ".meta.yml"})
    assert release_inputs(repo.root, "v1.0.0", [sidecar]) == [
        "mkdocs.yml", "content/approvers.yml", "content/checklists/mini.yml",
        "content/checklists/other.yaml", "evidence/v1.0.0/release.yml",
        "evidence/v1.0.0/security/scan/scan.txt.meta.yml"]
    assert release_inputs(repo.root, "v2.0.0", []) == [
        "mkdocs.yml", "content/approvers.yml", "content/checklists/mini.yml",
        "content/checklists/other.yaml"]


def test_what_counts_as_an_input_path():
    assert is_release_input("evidence/v1/release.yml", "v1")
    assert is_release_input("evidence/_common/x.md.meta.yml", "v1")
    assert is_release_input("content/checklists/a.yml", "v1")
    assert not is_release_input("evidence/v2/release.yml", "v1")
    assert not is_release_input("content/checklists/sub/a.yml", "v1")
    assert not is_release_input("evidence/v1/a/b/report.json", "v1")


@pytest.mark.parametrize("name", ["../etc/passwd", "/etc/passwd", "evidence/../../x",
                                  "evidence//x", "evidence/./x", "site/index.html", "",
                                  "evidence/x\0y", ".git/config"])
def test_names_that_are_no_repository_path_are_refused(name):
    with pytest.raises(UnsafePath):
        checked_path(name)


def test_a_name_that_is_both_a_file_and_a_folder_is_refused():
    with pytest.raises(UnsafePath, match="both a file and a folder"):
        with repository_of({"evidence/a": b"x", "evidence/a/b": b"y"}):
            pass


def test_a_file_set_loads_like_the_repository_it_came_from(tmp_path):
    files = {"content/checklists/mini.yml": CHECKLIST.encode(),
             "evidence/v1.0.0/release.yml": release_yml("v1.0.0").encode(),
             "evidence/v1.0.0/security/review/notes.md": b"# Review\n"}
    with repository_of(files) as folder:
        loaded = load_project(folder, use_cache=False)
        assert (folder / "evidence/v1.0.0/security/review/notes.md").read_bytes() == b"# Review\n"
    assert not folder.exists()
    assert [r.version for r in loaded.project.releases] == ["v1.0.0"]
    assert [f.items for f in loaded.project.evidence] == [("security/review",)]
