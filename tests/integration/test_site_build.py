"""build_site end to end: versions, PDF hook, cache hits and misses, failures keep the old site."""
from __future__ import annotations

import hashlib
import html
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator.errors import BuildError, ConfigError
from generator.model.results import EvidenceResult, ReleaseReport
from generator.outputs.json import manifest_json, status_json
from generator.outputs.site.build import build_site
from tests.helpers.site_fixtures import VERSIONS, make_reports

pytestmark = pytest.mark.slow


def write_pack(report, destination: Path) -> None:
    destination.write_bytes(b"%PDF-1.7 pack of " + report.version.encode())


def failing_pack(report, destination: Path) -> None:
    raise RuntimeError("weasyprint exploded")


@pytest.fixture()
def repo(tmp_path):
    return tmp_path, make_reports(tmp_path)


def test_site_has_versions_latest_stubs_root_redirect_json_and_packs(repo):
    root, reports = repo
    result = build_site(reports, root, root / "site", pdf_for=write_pack)
    site = root / "site"
    assert result.releases == VERSIONS and result.built == VERSIONS and result.latest == "v1.2.0"
    versions = json.loads((site / "versions.json").read_text())
    assert [v["version"] for v in versions] == ["v1.2.0", "v1.1.0", "v1.0.0"]
    assert versions[0]["aliases"] == ["latest"]
    assert "url=latest/" in (site / "index.html").read_text()
    stub = site / "latest" / "items" / "testing" / "smoke" / "index.html"
    assert "v1.2.0/items/testing/smoke/" in stub.read_text()
    assert not any(p.is_symlink() for p in site.rglob("*"))
    for report in reports:
        folder = site / report.version
        assert json.loads((folder / "status.json").read_text()) == status_json(report)
        assert json.loads((folder / "manifest.json").read_text()) == manifest_json(report)
        pack = folder / f"{report.version}-audit-pack.pdf"
        assert pack.read_bytes() == b"%PDF-1.7 pack of " + report.version.encode()
        assert f'href="{report.version}-audit-pack.pdf"' in (folder / "index.html").read_text()
        assert (folder / "docs" / "rollback" / "index.html").is_file()     # hand-written page
        assert "<loc>" in (folder / "sitemap.xml").read_text()             # version switching
    assert not list(root.glob(".site.*"))                                   # no temp folders left


def test_without_pdf_maker_there_is_no_pack_and_no_link(repo):
    root, reports = repo
    build_site(reports[:1], root, root / "site")
    assert not list((root / "site" / "v1.0.0").glob("*.pdf"))
    assert "audit-pack" not in (root / "site" / "v1.0.0" / "index.html").read_text()


def test_overview_shows_counts_and_formula(repo):
    root, reports = repo
    build_site(reports, root, root / "site")
    page = html.unescape((root / "site" / "v1.0.0" / "index.html").read_text())
    for status, count in reports[0].counts.items():
        assert f'data-status="{status}" data-count="{count}"' in page
    assert "1/6 = 17%" in page and "Not ready for release" in page


def test_failed_build_keeps_the_previous_site_and_says_why(repo):
    root, reports = repo
    build_site(reports, root, root / "site", pdf_for=write_pack)
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    with pytest.raises(BuildError, match="v1.0.0: the PDF pack failed: RuntimeError"):
        build_site(reports, root, root / "site", pdf_for=failing_pack)
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_broken_base_config_fails_before_touching_the_site(repo):
    root, reports = repo
    build_site(reports[:1], root, root / "site")
    (root / "mkdocs.yml").write_text("theme: [unclosed\n")
    with pytest.raises(ConfigError, match=r"mkdocs.yml:\d+:\d+"):
        build_site(reports[:1], root, root / "site")
    assert (root / "site" / "v1.0.0" / "index.html").is_file()


def rewritten(report: ReleaseReport, root: Path, path: str, data: bytes) -> ReleaseReport:
    """`report` with `path` holding `data`, its release-wide record as loading would give."""
    (root / path).write_bytes(data)

    def again(result: EvidenceResult) -> EvidenceResult:
        if result.file.path != path:
            return result
        return replace(result, file=replace(result.file, sha256=hashlib.sha256(data).hexdigest(),
                                            size=len(data)))
    return replace(report, evidence=tuple(map(again, report.evidence)))


def test_unchanged_releases_come_from_the_cache_and_changes_rebuild(repo):
    root, reports = repo
    cache = root / ".evidence-cache" / "site"
    first = build_site(reports, root, root / "site", cache_dir=cache)
    assert first.built == VERSIONS and first.cached == ()
    second = build_site(reports, root, root / "site", cache_dir=cache)
    assert second.built == () and second.cached == VERSIONS
    assert (root / "site" / "v1.1.0" / "items" / "testing" / "smoke" / "index.html").is_file()
    # evidence bytes of the oldest release change (as loaded again): only it is rebuilt
    reports[0] = rewritten(reports[0], root, "evidence/v1.0.0/testing/unit-tests/junit.xml",
                           b"<x/>")
    third = build_site(reports, root, root / "site", cache_dir=cache)
    assert third.built == ("v1.0.0",) and third.cached == ("v1.1.0", "v1.2.0")
    assert (cache / ".staging" / "v1.0.0" / "mkdocs.yml").is_file()      # kept to inspect
    page = root / "site" / "v1.0.0" / "items" / "testing" / "unit-tests" / "index.html"
    assert "<x/>" in html.unescape(page.read_text())
    # a hand-written page changes every release
    (root / "content" / "docs" / "rollback.md").write_text("# Rollback\n\nNew steps.\n")
    fourth = build_site(reports, root, root / "site", cache_dir=cache)
    assert fourth.built == VERSIONS


def test_the_cache_shares_files_with_the_site_yet_neither_stamping_nor_edits_reach_it(repo):
    root, reports = repo
    cache = root / "cache"
    build_site(reports[:1], root, root / "site", cache_dir=cache)
    [kept] = [p for p in (cache / "v1.0.0").iterdir() if p.is_dir()]
    page = root / "site/v1.0.0/items/testing/smoke/index.html"
    assert page.stat().st_ino == (kept / "items/testing/smoke/index.html").stat().st_ino
    assert b"EVIDENCESTAMP" in (kept / "index.html").read_bytes()      # kept before stamping
    assert b"EVIDENCESTAMP" not in (root / "site/v1.0.0/index.html").read_bytes()
    shutil.rmtree(root / "site")
    assert build_site(reports[:1], root, root / "site", cache_dir=cache).cached == ("v1.0.0",)
    with page.open("ab") as edited:                 # in place: the cache's file changes too
        edited.write(b"<!-- edited -->")
    shutil.rmtree(root / "site/v1.0.0/search")      # the site's folder is no longer intact
    again = build_site(reports[:1], root, root / "site", cache_dir=cache)
    assert again.built == ("v1.0.0",)               # neither the site's nor the cache's copy
    assert b"edited" not in page.read_bytes()


def test_a_new_release_builds_that_release_and_the_root_pages_only(repo):
    root, reports = repo
    build_site(reports[:2], root, root / "site")
    before = {p: p.read_bytes() for v in VERSIONS[:2] for p in (root / "site" / v).rglob("*")
              if p.is_file()}
    result = build_site(reports, root, root / "site")       # no cache: the site is the cache
    assert result.built == ("v1.2.0",) and result.root_built
    after = {p: p.read_bytes() for v in VERSIONS[:2] for p in (root / "site" / v).rglob("*")
             if p.is_file()}
    assert after == before
    matrix = (root / "site" / "releases" / "matrix" / "index.html").read_text()
    assert all(f"../../{v}/items/" in matrix for v in VERSIONS)
    # item titles lead, the reference kept after them: matrix rows, overview blockers
    assert 'title="Unit tests pass (testing/unit-tests)"' in html.unescape(matrix)
    overview = html.unescape((root / "site" / "v1.0.0" / "index.html").read_text())
    assert "Unit tests pass (testing/unit-tests) is failed" in overview
    again = build_site(reports, root, root / "site")
    assert again.cached == VERSIONS and not again.root_built


def test_parallel_build_gives_the_same_pages(repo):
    root, reports = repo
    build_site(reports, root, root / "one", jobs=1)
    build_site(reports, root, root / "two", jobs=2)
    one = {p.relative_to(root / "one"): p.read_bytes() for p in (root / "one").rglob("*.html")}
    two = {p.relative_to(root / "two"): p.read_bytes() for p in (root / "two").rglob("*.html")}
    assert one.keys() == two.keys() and one == two


def test_release_names_that_cannot_be_folders_are_refused(repo):
    root, reports = repo
    with pytest.raises(BuildError, match="no release"):
        build_site([], root, root / "site")
    with pytest.raises(BuildError, match="replace the repository"):
        build_site(reports, root, root)


def test_mkdocs_errors_name_the_release_and_keep_the_previous_site(repo):
    root, reports = repo
    build_site(reports[:1], root, root / "site")
    marker = (root / "site" / "v1.0.0" / "index.html").read_bytes()
    (root / "mkdocs.yml").write_text("plugins: [no-such-plugin]\n")
    with pytest.raises(BuildError, match="v1.0.0: .*mkdocs failed.*no-such-plugin"):
        build_site(reports[:1], root, root / "site")
    assert (root / "site" / "v1.0.0" / "index.html").read_bytes() == marker


def test_kept_releases_come_from_the_current_site_and_the_rest_is_rebuilt(repo):
    root, reports = repo
    out = root / "site"
    build_site(reports[1:], root, out)                   # v1.0.0 not in the site yet
    (out / "v1.1.0" / "marker.txt").write_text("from the previous build")
    (out / "v1.2.0" / "marker.txt").write_text("from the previous build")
    result = build_site(reports, root, out, keep=frozenset({"v1.0.0", "v1.1.0"}))
    assert (out / "v1.1.0" / "marker.txt").is_file()     # copied, not rebuilt
    assert not (out / "v1.2.0" / "marker.txt").exists()   # rebuilt
    assert (out / "v1.0.0" / "index.html").is_file()      # asked to keep, but absent: built
    assert set(result.built) == {"v1.0.0", "v1.2.0"} and result.cached == ("v1.1.0",)
    versions = [v["version"] for v in json.loads((out / "versions.json").read_text())]
    assert sorted(versions) == sorted(VERSIONS)


def test_a_site_already_built_from_these_inputs_is_left_as_it_is(repo):
    root, reports = repo
    site = root / "site"
    build_site(reports, root, site)
    folder, versions_file = site.stat().st_ino, (site / "versions.json").stat().st_mtime_ns
    again = build_site(reports, root, site)
    assert again.built == () and again.cached == VERSIONS and not again.root_built
    assert site.stat().st_ino == folder                             # not even swapped
    assert (site / "versions.json").stat().st_mtime_ns == versions_file
    # what lies beside the releases is checked too: damage there is written again
    (site / "latest" / "index.html").write_text("defaced")
    (site / "stray.txt").write_text("left by hand")
    healed = build_site(reports, root, site)
    assert healed.built == () and site.stat().st_ino != folder
    assert "v1.2.0" in (site / "latest" / "index.html").read_text()
    assert not (site / "stray.txt").exists()


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_unchanged_folders_move_into_the_new_site_and_back_when_it_fails(repo, monkeypatch):
    """A rebuild of one release takes the others' folders from the site it replaces by
    renaming them; a failure after that puts them back, so the last good site stays whole."""
    from dataclasses import replace

    from generator.outputs.site import build as build_module
    root, reports = repo
    site = root / "site"
    build_site(reports, root, site)
    before = _site_files(site)
    changed = [*reports[:-1], replace(reports[-1], blockers=("a new blocker",))]

    def fails(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(build_module, "_write_version_files", fails)
    with pytest.raises(RuntimeError, match="disk full"):
        build_site(changed, root, site)
    assert _site_files(site) == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []
    monkeypatch.undo()

    result = build_site(changed, root, site)
    assert result.built == ("v1.2.0",) and set(result.cached) == {"v1.0.0", "v1.1.0"}
    indexed = {d["location"].split("#")[0] for d in json.loads(
        (site / "releases" / "search" / "search_index.json").read_text())["docs"]}
    assert indexed == {""}           # the release list; not the matrix, not the changes
    after = _site_files(site)
    for version in ("v1.0.0", "v1.1.0"):
        assert {k: v for k, v in after.items() if k.startswith(f"{version}/")} == {
            k: v for k, v in before.items() if k.startswith(f"{version}/")}
    assert after != before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []
