"""A built folder's digest, and the local record that spares hashing a folder whose files
have not been touched since."""
from __future__ import annotations

import json
import os

import pytest

from generator.outputs.site import buildinfo
from generator.outputs.site.buildinfo import folder_digest, remembered_digests


@pytest.fixture
def folder(tmp_path):
    built = tmp_path / "v1.0.0"
    (built / "items" / "a-b").mkdir(parents=True)
    (built / "items" / "a").mkdir()
    (built / "index.html").write_text("<h1>home</h1>")
    (built / "items" / "a-b" / "index.html").write_text("one")
    (built / "items" / "a" / "index.html").write_text("two")
    (built / buildinfo.BUILD_FILE).write_text("{}")
    return built


def no_reading(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a file was read")
    monkeypatch.setattr(buildinfo.hashlib, "file_digest", refuse)


def test_the_digest_covers_paths_and_bytes_but_not_the_record(folder):
    before = folder_digest(folder)
    (folder / buildinfo.BUILD_FILE).write_text('{"key": "other"}')
    assert folder_digest(folder) == before
    (folder / "items" / "a" / "index.html").write_text("tww")
    assert folder_digest(folder) != before
    os.symlink("/etc/hostname", folder / "items" / "link")
    assert folder_digest(folder) == "symbolic-link"


def test_an_untouched_folder_is_not_read_again_when_its_stats_are_remembered(
        folder, tmp_path, monkeypatch):
    memo = tmp_path / "cache" / "digests.json"
    with remembered_digests(memo):
        first = folder_digest(folder)
    assert list(json.loads(memo.read_text()).values()) == [first]
    with monkeypatch.context() as patched:
        no_reading(patched)
        with remembered_digests(memo):
            assert folder_digest(folder) == first


def test_a_file_changed_in_place_is_hashed_again_even_with_its_old_size_and_time(
        folder, tmp_path):
    memo = tmp_path / "digests.json"
    page = folder / "items" / "a" / "index.html"
    with remembered_digests(memo):
        first = folder_digest(folder)
    stat = page.stat()
    page.write_text("tww")                                   # same size
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same modification time
    with remembered_digests(memo):
        assert folder_digest(folder) != first


def test_without_a_record_every_file_is_read(folder, monkeypatch):
    with remembered_digests(None):
        folder_digest(folder)
        no_reading(monkeypatch)
        with pytest.raises(AssertionError, match="was read"):
            folder_digest(folder)


def test_a_record_that_cannot_be_written_costs_only_the_shortcut(folder, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    with remembered_digests(blocked / "digests.json"):
        digest = folder_digest(folder)
    assert digest == folder_digest(folder)
