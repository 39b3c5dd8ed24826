"""Every build engine on the same staged project: every page, the search index, the version
files, our stylesheet; the engine is part of the cache key; it is chosen in mkdocs.yml."""
from __future__ import annotations

import json

import pytest

from generator.outputs.site.build import build_site
from generator.outputs.site.engines import ENGINES
from generator.outputs.site.staging import stage_release
from tests.helpers.mini_project import mini_repo, release_yml
from tests.helpers.site_fixtures import VERSIONS, make_reports

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("engine", list(ENGINES))
def test_each_engine_builds_every_page_with_search_and_our_styles(tmp_path, engine):
    root = tmp_path / "repo"
    reports = make_reports(root)
    cache = tmp_path / "cache"
    result = build_site(reports, root, tmp_path / "site", cache_dir=cache, engine=engine)
    assert result.engine == engine and result.built == VERSIONS
    site = tmp_path / "site"
    for report in reports:
        folder = site / report.version
        staged = stage_release(report, root, tmp_path / "again", base_config={},
                               with_pdf=False)
        for page in staged.pages:
            url = page.removesuffix("index.md")
            assert (folder / url / "index.html").is_file(), (engine, page)
        index = (folder / ENGINES[engine].search_index).read_text(encoding="utf-8")
        assert "Smoke probe passes" in index and "EVIDENCESTAMP" not in index
        assert "<loc>" in (folder / "sitemap.xml").read_text()
        overview = (folder / "index.html").read_text(encoding="utf-8")
        assert "assets/evidence-site.css" in overview
        assert (folder / "assets" / "evidence-site.css").is_file()
    assert [v["version"] for v in json.loads((site / "versions.json").read_text())] == [
        "v1.2.0", "v1.1.0", "v1.0.0"]
    left = {p.name for p in (cache / ".staging" / "v1.2.0").iterdir()}
    assert left == {"docs", "mkdocs.yml", "overrides"}       # no engine cache, no stray output


def test_zensical_draws_the_material_look_of_the_classic_variant(tmp_path):
    root = tmp_path / "repo"
    reports = make_reports(root)
    build_site(reports[:1], root, tmp_path / "site", engine="zensical")
    overview = (tmp_path / "site" / "v1.0.0" / "index.html").read_text(encoding="utf-8")
    assert "stylesheets/classic/main." in overview


def test_another_engine_is_another_cache_entry(tmp_path):
    root = tmp_path / "repo"
    reports = make_reports(root)[:1]
    cache, out = tmp_path / "cache", tmp_path / "site"
    assert build_site(reports, root, out, cache_dir=cache).built == ("v1.0.0",)
    assert build_site(reports, root, out, cache_dir=cache).cached == ("v1.0.0",)
    switched = build_site(reports, root, out, cache_dir=cache, engine="zensical")
    assert switched.built == ("v1.0.0",)
    assert (out / "v1.0.0" / "search.json").is_file()
    assert not (out / "v1.0.0" / "search").exists()


def test_the_engine_named_in_mkdocs_yml_builds_and_the_option_overrides_it(tmp_path):
    repo = mini_repo(tmp_path / "repo")
    repo.write("mkdocs.yml", "site_name: Mini\nextra:\n  evidence:\n    engine: zensical\n")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.commit("A release", date="2026-11-01T10:00:00+00:00")
    out = tmp_path / "site"
    result = repo.evidence("build", "--no-pdf", "--out", str(out),
                           "--cache-dir", str(tmp_path / "cache"))
    assert "with zensical" in result.stderr, result.stderr
    assert (out / "v1.0.0" / "search.json").is_file()
    result = repo.evidence("build", "--no-pdf", "--engine", "properdocs", "--out", str(out),
                           "--cache-dir", str(tmp_path / "cache"))
    assert "with properdocs" in result.stderr, result.stderr
    assert (out / "v1.0.0" / "search" / "search_index.json").is_file()
    assert "ProperDocs" in (out / "v1.0.0" / "index.html").read_text(encoding="utf-8")


def test_an_unknown_engine_in_mkdocs_yml_exits_with_a_configuration_error(tmp_path):
    repo = mini_repo(tmp_path / "repo")
    repo.write("mkdocs.yml", "site_name: Mini\nextra:\n  evidence:\n    engine: hugo\n")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.commit("A release", date="2026-11-01T10:00:00+00:00")
    result = repo.evidence("build", "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.returncode == 3 and "'hugo' is not a build engine" in result.stderr
