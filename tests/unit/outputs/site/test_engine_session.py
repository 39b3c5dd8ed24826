"""One long-lived engine process that builds one project after another (engine_worker.py),
driven with a stand-in engine whose command line says what it saw."""
from __future__ import annotations

import html
import json
import os
import re
import subprocess
import textwrap
from pathlib import Path

import material
import pytest

from generator.outputs.site import engines
from generator.outputs.site.engines import Engine, EngineSession

STAND_IN = '''
import os, sys, time

class Cli:
    def main(self, argv, prog_name=None, standalone_mode=True):
        print(f"WARNING -  {argv[0]} in {os.getpid()} dated {os.environ.get('SOURCE_DATE_EPOCH')}"
              f" in {os.path.basename(os.getcwd())}", file=sys.stderr)
        if argv[0] == "fail":
            raise RuntimeError("the theme is broken")
        if argv[0] == "die":
            os._exit(9)
        if argv[0] == "hang":
            time.sleep(60)
        print("built")
        sys.exit(3 if argv[0] == "exit" else 0)

cli = Cli()
'''
ENGINE = Engine("stand_in_engine", (), "index.json", None)


@pytest.fixture
def session(tmp_path, monkeypatch):
    package = tmp_path / "lib" / ENGINE.name
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "__main__.py").write_text(textwrap.dedent(STAND_IN), encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "lib"))
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    started = EngineSession(ENGINE)
    yield started
    started.close()


def test_builds_run_one_after_another_in_one_process_each_with_its_own_folder_and_date(
        session, tmp_path):
    first = session.run(["build"], tmp_path / "one", {"SOURCE_DATE_EPOCH": "100"}, 30)
    second = session.run(["build"], tmp_path / "two", {}, 30)
    assert first[0] == second[0] == 0
    assert first[1] == second[1] == "built\n"
    assert "dated 100 in one" in first[2]
    assert "dated None in two" in second[2]                 # the first build's date is gone
    assert f" in {session.process.pid} " in first[2]
    assert f" in {session.process.pid} " in second[2]


def test_an_exit_code_and_a_traceback_come_back_and_the_process_goes_on(session, tmp_path):
    assert session.run(["exit"], tmp_path, {}, 30)[0] == 3
    code, _, stderr = session.run(["fail"], tmp_path, {}, 30)
    assert code == 1
    assert "RuntimeError: the theme is broken" in stderr
    assert session.run(["build"], tmp_path, {}, 30)[0] == 0


def test_an_engine_that_dies_is_a_failure_and_the_next_build_starts_a_new_one(
        session, tmp_path, monkeypatch):
    monkeypatch.setitem(engines._SESSIONS, ENGINE.name, session)
    code, _, stderr = session.run(["die"], tmp_path, {}, 30)
    assert code == 1
    assert "process ended (exit 9)" in stderr
    replacement = engines._session(ENGINE)
    assert replacement is not session
    assert replacement.run(["build"], tmp_path, {}, 30)[0] == 0
    replacement.close()


def test_a_build_past_its_time_is_stopped(session, tmp_path):
    with pytest.raises(subprocess.TimeoutExpired):
        session.run(["hang"], tmp_path, {}, 1)
    assert session.process.poll() is not None


def test_mkdocs_builds_twice_in_one_process_tells_each_warning_once(tmp_path):
    for name in ("one", "two"):
        project = tmp_path / name
        (project / "docs").mkdir(parents=True)
        (project / "docs" / "index.md").write_text(f"# {name}\n\n[gone](nowhere-{name}.md)\n",
                                                   encoding="utf-8")
        (project / "mkdocs.yml").write_text(f"site_name: {name}\n", encoding="utf-8")
    mkdocs = engines.ENGINES["mkdocs"]
    told = [engines.run_engine(mkdocs, tmp_path / name / "mkdocs.yml", tmp_path / f"site-{name}")
            for name in ("one", "two")]
    engines.close_sessions()
    assert [len(t) for t in told] == [1, 1]
    assert "nowhere-one.md" in told[0][0] and "nowhere-two.md" in told[1][0]
    assert "<h1 id=\"two\">two</h1>" in (tmp_path / "site-two" / "index.html").read_text()


def _material_project(folder, favicon: bytes | None = None):
    (folder / "docs").mkdir(parents=True)
    (folder / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text("site_name: t\ntheme: material\n", encoding="utf-8")
    if favicon is not None:
        (folder / "docs/assets/images").mkdir(parents=True)
        (folder / "docs/assets/images/favicon.png").write_bytes(favicon)
    return folder / "mkdocs.yml"


def test_theme_files_listed_once_still_yield_to_a_projects_own_file(tmp_path):
    theirs = (Path(material.__file__).parent / "templates/assets/images/favicon.png").read_bytes()
    real = EngineSession(engines.ENGINES["mkdocs"])
    try:
        built = {}
        for name, favicon in (("plain", None), ("own", b"our icon"), ("plain-again", None)):
            config = _material_project(tmp_path / name, favicon)
            argv = engines.build_argv(real.engine, config, tmp_path / f"{name}-site")
            assert real.run(argv, tmp_path / name, {}, 120)[0] == 0
            built[name] = (tmp_path / f"{name}-site/assets/images/favicon.png").read_bytes()
    finally:
        real.close()
    assert built == {"plain": theirs, "own": b"our icon", "plain-again": theirs}


PAGES = {
    "index.md": "# Home\n\nSee the note[^1] and the API.\n\n[^1]: On the home page.\n\n"
                "*[API]: Application Programming Interface\n\n## Steps\n\n!!! note\n    First.\n",
    "two.md": "---\ntitle: Two\n---\n# Two\n\nAnother note[^1] about the API.\n\n"
              "[^1]: On page two.\n\n## Steps\n\nTerm\n:   Its definition.\n",
    "three.md": "# Three\n\n<div markdown>*inside*</div>\n\n## Steps\n\n## Steps\n",
}
CONFIG = ("site_name: t\ntheme: material\nmarkdown_extensions:\n  - footnotes\n  - abbr\n"
          "  - admonition\n  - def_list\n  - md_in_html\n  - meta\n  - toc:\n      permalink: true\n")


def test_pages_built_with_one_kept_converter_equal_pages_built_each_with_its_own(tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    for name, text in PAGES.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    mkdocs, env = engines.ENGINES["mkdocs"], {"SOURCE_DATE_EPOCH": "1700000000"}
    kept = EngineSession(mkdocs)
    try:
        for run in ("first", "second"):         # the second build reuses the converters
            argv = engines.build_argv(mkdocs, project / "mkdocs.yml", tmp_path / run)
            assert kept.run(argv, project, env, 120)[0] == 0
    finally:
        kept.close()
    subprocess.run([engines.interpreter(mkdocs), "-m", "mkdocs", "build", "-q", "-f",
                    str(project / "mkdocs.yml"), "-d", str(tmp_path / "fresh")],
                   check=True, env={**os.environ, **env}, cwd=project)
    for page in ("index.html", "two/index.html", "three/index.html",
                 "search/search_index.json"):
        fresh = (tmp_path / "fresh" / page).read_bytes()
        assert (tmp_path / "first" / page).read_bytes() == fresh, page
        assert (tmp_path / "second" / page).read_bytes() == fresh, page
    assert b"Application Programming Interface" not in (tmp_path / "fresh/two/index.html"
                                                         ).read_bytes()


GFM_PAGE = textwrap.dedent("""\
    ---
    title: "Item: one"
    markdown: gfm
    ---
    # Item &#45; one

    <span class="ev-status">done</span> <code>a&#47;b</code> · [Back](other.md#part) · [Gone](missing.md)

    ## Why this status

    - first &#40;reason&#41;
        - nested with **bold**

    ## Evidence

    | Kind | Items |
    | --- | ---: |
    | probe | 3 |

    ### <span class="v">pass</span> notes.md { #ev-0123abcd }

    ### Why this status

    <div class="ev-raw"><h4 class="kept">Raw heading</h4></div>

    - <a href="pack.pdf" download>The pack</a>, written after the build
    """)


def _article_and_toc(page: Path) -> tuple[str, list[str]]:
    text = page.read_text(encoding="utf-8")
    article = text[text.index("<article"):text.index("</article>")]
    # the same page but for character references and white space between blocks
    article = re.sub(r"\s+", " ", re.sub(r"\s+(?=<(?:ul|ol)>)|(?<=>)\s+(?=<)", "",
                                        html.unescape(article)))
    toc = text[text.index('md-nav--secondary'):]
    toc = toc[:toc.index("</nav>")]
    return article, re.findall(r'href="(#[^"]*)"', toc)


def _gfm_project(folder: Path, config: str) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs/index.md").write_text(GFM_PAGE, encoding="utf-8")
    (folder / "docs/other.md").write_text("# Other\n\n## Part\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder


def _built_by_the_worker(project: Path, site: Path, env: dict) -> tuple[int, str]:
    mkdocs = engines.ENGINES["mkdocs"]
    kept = EngineSession(mkdocs)
    try:
        code, _, told = kept.run(engines.build_argv(mkdocs, project / "mkdocs.yml", site),
                                 project, env, 120)
    finally:
        kept.close()
    return code, told


def test_a_gfm_page_from_the_worker_equals_the_engines_own_rendering(tmp_path):
    project = _gfm_project(tmp_path / "project", (
        "site_name: t\ntheme: material\nmarkdown_extensions:\n  - tables\n  - attr_list\n"
        "  - toc:\n      permalink: true\n"))
    mkdocs, env = engines.ENGINES["mkdocs"], {"SOURCE_DATE_EPOCH": "1700000000"}
    code, told = _built_by_the_worker(project, tmp_path / "worker", env)
    plain = subprocess.run([engines.interpreter(mkdocs), "-m", "mkdocs", "build", "-f",
                            str(project / "mkdocs.yml"), "-d", str(tmp_path / "plain")],
                           env={**os.environ, **env}, cwd=project, capture_output=True,
                           text=True, check=True)
    assert code == 0 and "missing.md" in told and "missing.md" in plain.stderr
    assert "pack.pdf" not in told and "pack.pdf" not in plain.stderr
    # cmark-gfm writes character references as characters, Python-Markdown keeps them
    assert "Item - one" in (tmp_path / "worker/index.html").read_text(encoding="utf-8")
    assert "Item &#45; one" in (tmp_path / "plain/index.html").read_text(encoding="utf-8")
    worker, engine = (_article_and_toc(tmp_path / d / "index.html") for d in ("worker", "plain"))
    assert worker == engine
    article, toc = worker
    assert toc == ["#why-this-status", "#evidence", "#ev-0123abcd",
                   "#why-this-status_1"]
    assert 'href="other/#part"' in article and 'style="text-align: right;"' in article
    assert '<h4 class="kept">Raw heading</h4>' in article
    index = json.loads((tmp_path / "worker/search/search_index.json").read_text())
    assert {d["location"] for d in index["docs"]} >= {"#ev-0123abcd", "#why-this-status_1"}


def test_a_gfm_page_under_toc_settings_the_worker_does_not_know_is_left_to_the_engine(tmp_path):
    project = _gfm_project(tmp_path / "project", (
        "site_name: t\nmarkdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n"
        "      toc_depth: 2\n"))
    assert _built_by_the_worker(project, tmp_path / "worker", {})[0] == 0
    assert "Item &#45; one" in (tmp_path / "worker/index.html").read_text(encoding="utf-8")
