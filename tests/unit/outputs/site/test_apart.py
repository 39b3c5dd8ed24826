"""The root pages' view models, the .build.json record, and whose input a path is."""
from __future__ import annotations

import json

import pytest

from generator.history.log import changed_paths
from generator.load.inputs import EVERY_RELEASE, input_of
from generator.outputs.site import buildinfo
from generator.outputs.site.pages import navigation, release_pages
from generator.outputs.site.root_pages import matrix_context, releases_context, root_pages
from generator.outputs.site.slots import Slots
from tests.helpers.site_fixtures import make_reports


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    return make_reports(tmp_path_factory.mktemp("repo"))


def test_the_release_list_is_one_summary_per_release_newest_first(reports):
    summaries = releases_context(reports, Slots().hold)["releases"]
    assert [s["version"] for s in summaries] == ["v1.2.0", "v1.1.0", "v1.0.0"]
    newest = summaries[0]
    assert newest["link"] == "../v1.2.0/" and newest["changes"] == "changes/v1.2.0/"
    assert newest["completion"] == reports[-1].completion.percent


def test_matrix_cells_link_to_each_release_from_the_root_folder(reports):
    rows = matrix_context(reports)["rows"]
    smoke = next(r for r in rows if r["ref"] == "testing/smoke")
    assert [c["href"] for c in smoke["cells"]] == [
        f"../../{v}/items/testing/smoke/" for v in ("v1.0.0", "v1.1.0", "v1.2.0")]


def test_every_release_has_a_changes_page_on_the_root(reports):
    paths = [p.path for p in root_pages(reports, Slots().hold)]
    assert paths == ["index.md", "matrix/index.md", "changes/v1.0.0/index.md",
                     "changes/v1.1.0/index.md", "changes/v1.2.0/index.md"]


def test_a_release_links_to_the_root_pages_relatively_and_shows_no_other_release(reports):
    pages = {p.path: p for p in release_pages(reports[1], {}, _links(), Slots().hold)}
    assert "matrix/index.md" not in pages and "changes/index.md" not in pages
    across = pages["releases/index.md"].context
    assert across["releases"] == "../../releases/"
    assert across["changes"] == "../../releases/changes/v1.1.0/"
    text = json.dumps([p.context for p in pages.values()], default=str)
    assert "v1.0.0" not in text and "v1.2.0" not in text
    assert "All releases" in [next(iter(e)) for e in navigation(reports[1])]


def _links():
    from generator.outputs.site.pages import SiteLinks
    return SiteLinks()


def test_a_folder_is_reused_only_with_its_key_and_its_files_intact(tmp_path):
    folder = tmp_path / "v1"
    (folder / "items").mkdir(parents=True)
    (folder / "index.html").write_text("<p>v1</p>")
    (folder / "items" / "a.html").write_text("a")
    buildinfo.write_record(folder, "v1", "k1", "mkdocs")
    assert buildinfo.reusable(folder, "v1", "k1")
    assert not buildinfo.reusable(folder, "v1", "k2")          # other inputs
    assert not buildinfo.reusable(folder, "v2", "k1")          # another release's folder
    (folder / "items" / "a.html").write_text("b")
    assert not buildinfo.reusable(folder, "v1", "k1")          # edited
    (folder / "items" / "a.html").write_text("a")
    (folder / "extra.html").write_text("x")
    assert not buildinfo.reusable(folder, "v1", "k1")          # a file added
    (folder / "extra.html").unlink()
    (folder / "index.html").unlink()
    assert not buildinfo.reusable(folder, "v1", "k1")          # a file lost
    (folder / "index.html").write_text("<p>v1</p>")
    assert buildinfo.reusable(folder, "v1", "k1")
    (folder / "link").symlink_to("/etc/passwd")
    assert not buildinfo.reusable(folder, "v1", "k1")          # never written by a build
    (folder / "link").unlink()
    (folder / buildinfo.BUILD_FILE).write_text("[1, 2")
    assert not buildinfo.reusable(folder, "v1", "k1")          # unreadable record


def test_whose_input_a_path_is():
    assert input_of("evidence/v1.0.0/security/review.md") == "v1.0.0"
    assert input_of("evidence/v1.0.0/release.yml") == "v1.0.0"
    for shared in ("mkdocs.yml", "content/approvers.yml", "content/checklists/a.yml",
                   "evidence/_common/policy.md"):
        assert input_of(shared) is EVERY_RELEASE
    assert input_of("README.md") is None and input_of("evidence/README.md") is None


def test_changed_paths_reads_git_log_name_only():
    out = ("\x1ecommit\x00" + "a" * 40 + "\x00\nevidence/v1/x\x00content/y\x00"
           "\x1ecommit\x00" + "b" * 40 + "\x00\nmkdocs.yml\x00")
    assert list(changed_paths(out)) == [("a" * 40, ["evidence/v1/x", "content/y"]),
                                        ("b" * 40, ["mkdocs.yml"])]


def test_the_matrix_and_changes_pages_are_left_out_of_the_search_index(reports):
    from generator.outputs.site.render import page_source
    pages = root_pages(reports, Slots().hold)
    assert [p.path for p in pages if p.searched] == ["index.md"]
    front = {p.path: page_source(p.template, dict(p.context), p.searched).split("\n---\n")[0]
             for p in pages}
    assert "search:\n  exclude: true" in front["matrix/index.md"]
    assert "search:\n  exclude: true" in front["changes/v1.0.0/index.md"]
    assert "search" not in front["index.md"]
