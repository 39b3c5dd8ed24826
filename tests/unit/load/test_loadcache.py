"""A release folder whose files git vouches for, unchanged, is neither read nor scanned again;
any change to it, or a damaged or foreign cache entry, makes it scanned afresh."""
import os
import pickle

import pytest

from generator.load import evidence as evidence_module
from generator.load.factcache import cache_home
from generator.load.project import load_project
from tests.helpers.mini_project import APPROVERS, MINI_TREE, release_yml, written_tree

FILES = {
    **MINI_TREE,
    "evidence/v1.1.0/release.yml": release_yml("v1.1.0"),
    "evidence/v1.1.0/security/headers/curl.txt": "HTTP/1.1 200 OK\r\n\r\n",
}


@pytest.fixture
def root(tmp_path, monkeypatch):
    return written_tree(tmp_path, FILES, monkeypatch)


def identities(root) -> dict[str, str]:
    """Every file under evidence/ named by a blob id made from its bytes, as git would."""
    found = {}
    for folder, _, names in os.walk(root / "evidence"):
        for name in names:
            path = os.path.join(folder, name)
            relpath = os.path.relpath(path, root).replace(os.sep, "/")
            found[relpath] = f"{hash(open(path, 'rb').read()) & (2**160 - 1):040x}"
    return found


@pytest.fixture
def scanned(monkeypatch) -> list[str]:
    folders: list[str] = []
    original = evidence_module._scan_folder

    def counting(context, folder):
        folders.append(folder)
        return original(context, folder)
    monkeypatch.setattr(evidence_module, "_scan_folder", counting)
    return folders


def test_unchanged_folders_are_not_scanned_again(root, scanned):
    cold = load_project(root, contents=identities(root))
    assert scanned == ["_common", "v1.0.0", "v1.1.0"]
    scanned.clear()
    warm = load_project(root, contents=identities(root))
    assert scanned == []
    assert warm == cold


@pytest.mark.parametrize("change", ["edit", "add", "untracked", "remove", "symlink"])
def test_a_change_in_one_folder_rescans_that_folder_only(root, scanned, change):
    load_project(root, contents=identities(root))
    scanned.clear()
    target = root / "evidence/v1.1.0/security/headers"
    contents = identities(root)
    if change == "edit":
        (target / "curl.txt").write_text("HTTP/1.1 500 Oops\r\n\r\n")
        contents = identities(root)
    elif change == "add":
        (target / "more.txt").write_text("HTTP/1.1 200 OK\r\n\r\n")
        contents = identities(root)
    elif change == "untracked":        # in the working tree, unknown to git
        (target / "more.txt").write_text("HTTP/1.1 200 OK\r\n\r\n")
    elif change == "remove":
        (target / "curl.txt").unlink()
        contents = identities(root)
    else:
        (target / "link.txt").symlink_to(root / "mkdocs.yml")
        contents = {**identities(root), "evidence/v1.1.0/security/headers/link.txt": "e" * 40}
    changed = load_project(root, contents=contents)
    assert scanned == ["v1.1.0"]
    fresh = load_project(root, contents=contents, use_cache=False)
    assert changed.project.evidence == fresh.project.evidence
    assert changed.problems == fresh.problems
    assert changed.verdicts == fresh.verdicts


def test_definitions_that_change_rescan_every_folder(root, scanned):
    load_project(root, contents=identities(root))
    scanned.clear()
    approvers = root / "content/approvers.yml"
    approvers.write_text(approvers.read_text().replace("Sam Shield", "Sam Shields"))
    load_project(root, contents=identities(root))
    assert scanned == ["_common", "v1.0.0", "v1.1.0"]


class Exploit:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


@pytest.mark.parametrize("damage", ["truncated", "foreign"])
def test_a_damaged_or_foreign_entry_is_refused_and_the_folder_scanned(root, scanned, damage,
                                                                     tmp_path, monkeypatch):
    contents = identities(root)
    cold = load_project(root, contents=contents)
    monkeypatch.chdir(tmp_path)
    for entry in (cache_home(root) / "loaded").iterdir():
        key, _ = pickle.loads(entry.read_bytes())
        entry.write_bytes(entry.read_bytes()[:40] if damage == "truncated"
                          else pickle.dumps((key, Exploit())))
    scanned.clear()
    warm = load_project(root, contents=contents)
    assert scanned == ["_common", "v1.0.0", "v1.1.0"]
    assert warm == cold
    assert not (tmp_path / "pwned").exists()


def test_facts_of_folders_not_scanned_stay_in_the_fact_cache(root):
    load_project(root, contents=identities(root))
    facts = (cache_home(root) / "facts.json").read_text()
    assert "v1.0.0/security/headers/curl.txt" in facts
    (root / "evidence/v1.1.0/security/headers/curl.txt").write_text("HTTP/1.1 204 No\r\n\r\n")
    load_project(root, contents=identities(root))
    facts = (cache_home(root) / "facts.json").read_text()
    assert "v1.0.0/security/headers/curl.txt" in facts


@pytest.mark.parametrize("path, old, new", [
    ("content/approvers.yml", "Sam Shield", "Sam Shields"),
    ("content/checklists/mini.yml", "title:", "title: Renamed\n  old_title:"),
    ("evidence/v1.1.0/release.yml", "v1.1.0", "v1.1.0-renamed"),
    ("mkdocs.yml", "site_name: Mini\n", "site_name: Mini\nextra:\n  evidence:\n    bogus: 1\n"),
])
def test_a_changed_definition_release_or_setting_is_read_again(root, path, old, new):
    load_project(root, contents=identities(root))
    target = root / path
    assert old in target.read_text()
    target.write_text(target.read_text().replace(old, new, 1))
    again = load_project(root, contents=identities(root))
    fresh = load_project(root, contents=identities(root), use_cache=False)
    assert again == fresh


def test_rosters_parsed_in_an_earlier_run_are_taken_by_their_text(tmp_path):
    from generator.history.rosters import _roles_of_texts
    from generator.load.loadcache import LoadCache
    kept = LoadCache(tmp_path)
    text = APPROVERS.encode()
    first = _roles_of_texts([text, b"roles: [not, a, mapping]\n"], kept)
    again = _roles_of_texts([text], kept)
    assert again[text] == first[text] and first[text]
    assert first[b"roles: [not, a, mapping]\n"] == {}
