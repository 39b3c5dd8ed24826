"""The build engines as subprocesses: which engine, its command line, what it said."""
from __future__ import annotations

import sys

import pytest

from generator.errors import BuildError, ConfigError
from generator.outputs.site import engines
from generator.outputs.site.engines import (
    ENGINES,
    build_argv,
    engine_named,
    failure_cause,
    parse_warnings,
)
from tests.helpers.paths import TESTS

FIXTURES = TESTS / "fixtures" / "engines"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_the_engine_comes_from_the_option_then_mkdocs_yml_then_defaults_to_mkdocs():
    configured = {"extra": {"evidence": {"engine": "zensical"}}}
    assert engine_named(None, {}).name == "mkdocs"
    assert engine_named(None, configured).name == "zensical"
    assert engine_named("properdocs", configured).name == "properdocs"


def test_an_unknown_engine_in_mkdocs_yml_is_a_config_error_naming_the_choices():
    with pytest.raises(ConfigError, match="'hugo' is not a build engine.*mkdocs, properdocs, "
                                          "zensical"):
        engine_named(None, {"extra": {"evidence": {"engine": "hugo"}}})


def test_mkdocs_and_properdocs_get_an_output_folder_zensical_builds_in_the_project(tmp_path):
    config, out = tmp_path / "mkdocs.yml", tmp_path / "out"
    for name in ("mkdocs", "properdocs"):
        assert build_argv(ENGINES[name], config, out) == [
            "build", "-f", str(config), "-d", str(out)]
    assert build_argv(ENGINES["zensical"], config, out) == [
        "build", "-f", str(config)]


def test_search_indexes_are_where_each_engine_writes_them():
    assert ENGINES["mkdocs"].search_index == "search/search_index.json"
    assert ENGINES["properdocs"].search_index == "search/search_index.json"
    assert ENGINES["zensical"].search_index == "search.json"


@pytest.mark.parametrize("name", ["mkdocs", "properdocs"])
def test_mkdocs_style_warnings_are_read_and_info_lines_are_not(name):
    warnings = parse_warnings(ENGINES[name], read(f"{name}-warnings.stderr"))
    assert warnings == ["Doc file 'index.md' contains a link 'nowhere.md', but the target is "
                        "not found among documentation files."]


def test_zensical_warnings_are_read_with_their_place_and_without_colours():
    text = engines._ANSI.sub("", read("zensical-warnings.stderr"))
    assert parse_warnings(ENGINES["zensical"], text) == [
        "index.md:3:10: page does not exist", "index.md:3:36: anchor does not exist"]


def test_a_failure_is_told_in_the_engines_own_words():
    cause = failure_cause(read("mkdocs-failure.stdout"), read("mkdocs-failure.stderr"), [])
    assert cause == ("ERROR   -  Config value 'plugins': The \"nope\" plugin is not installed; "
                     "Aborted with a configuration error!")
    stderr = engines._ANSI.sub("", read("zensical-failure.stderr"))
    assert failure_cause("Build started\n", stderr, []) == (
        "RuntimeError: Python error: ModuleNotFoundError: No module named 'nope_ext'")


def test_a_missing_engine_says_how_to_install_it(monkeypatch):
    monkeypatch.setenv("EVIDENCE_ZENSICAL_PYTHON", sys.executable)
    fake = engines.Engine("zensical", ("no-such-distribution-here",), "search.json", "zensical")
    with pytest.raises(BuildError, match=r"pip install 'evidence-site\[zensical\]'.*"
                                         "EVIDENCE_ZENSICAL_PYTHON"):
        engines.engine_versions(fake)


def test_an_engine_of_another_interpreter_is_asked_for_its_versions(monkeypatch):
    monkeypatch.setenv("EVIDENCE_MKDOCS_PYTHON", "/no/such/python")
    with pytest.raises(BuildError, match="/no/such/python"):
        engines.engine_versions(ENGINES["mkdocs"])
    monkeypatch.delenv("EVIDENCE_MKDOCS_PYTHON")
    assert set(engines.engine_versions(ENGINES["mkdocs"])) == {"mkdocs", "mkdocs-material",
                                                                "cmarkgfm"}


def test_cmark_gfm_is_in_the_key_where_installed_and_not_required(monkeypatch):
    monkeypatch.setattr(engines, "_installed", lambda names: {
        n: "1.0" for n in names if n != "cmarkgfm"})
    engines._versions.cache_clear()
    try:
        assert engines.engine_versions(ENGINES["mkdocs"]) == {"mkdocs": "1.0",
                                                              "mkdocs-material": "1.0"}
    finally:
        engines._versions.cache_clear()
