"""Staging of one release: navigation, config merge, versions.json, redirect stubs, escaping."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from generator.errors import ConfigError
from generator.load.config import Tagged, read_config
from generator.outputs.site import versioning
from generator.outputs.site.config import dump_config, merge_config
from generator.outputs.site.escape import inert_html, md_inline, url_link, url_path
from generator.outputs.site.pages import navigation
from generator.outputs.site.staging import stage_release
from tests.helpers.site_fixtures import make_reports

BASE_YML = """\
site_name: Shop evidence
site_url: https://evidence.example.org/shop/
repo_url: https://git.example.org/shop
theme:
  name: material
  palette: {primary: indigo}
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
extra:
  analytics: {provider: none}
  token: !ENV [SHOP_TOKEN, none]
extra_css: [css/own.css]
plugins: [tags]
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    root = tmp_path_factory.mktemp("repo")
    return root, make_reports(root)


@pytest.fixture(scope="module")
def reports(repo):
    return repo[1]


def _titles(nav) -> list[str]:
    out = []
    for entry in nav:
        for title, target in entry.items():
            out.append(title)
            if isinstance(target, list):
                out += _titles([t for t in target if isinstance(t, dict)])
    return out


def test_navigation_lists_overview_phases_sections_items_and_fixed_pages(reports):
    nav = navigation(reports[2], ("docs/index.md",))
    top = [next(iter(e)) for e in nav]
    assert top == ["Overview", "Pre-Deployment", "Post-Deployment", "Sign-offs", "Waivers",
                   "All releases", "Guides"]
    titles = _titles(nav)
    assert "Security Configuration" in titles
    # MkDocs prints nav titles unescaped, so they are HTML-escaped here
    assert "Testing" in titles
    assert nav[1]["Pre-Deployment"][0] == {"Security Configuration":
                                           "sections/security-configuration/index.md"}
    assert not [t for t in titles if "rate limiting" in t]     # items: from their section page


def test_base_config_keeps_python_name_and_env_tags_without_constructing_them(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(BASE_YML)
    base = read_config(tmp_path)
    emoji = base["markdown_extensions"][0]["pymdownx.emoji"]["emoji_index"]
    assert emoji == Tagged("tag:yaml.org,2002:python/name:material.extensions.emoji.twemoji",
                           "", "scalar")
    assert base["extra"]["token"].node_kind == "sequence"
    dumped = dump_config(base)
    assert "!!python/name:material.extensions.emoji.twemoji" in dumped
    assert "!ENV" in dumped


def test_python_object_tags_are_never_executed(tmp_path):
    marker = tmp_path / "ran"
    (tmp_path / "mkdocs.yml").write_text(
        f"x: !!python/object/apply:os.system ['touch {marker}']\n")
    base = read_config(tmp_path)
    assert isinstance(base["x"], Tagged)
    assert not marker.exists()


def test_merge_sets_nav_version_provider_site_url_and_keeps_the_base(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(BASE_YML)
    base = read_config(tmp_path)
    merged = merge_config(base, release="v1.2.0", site_name="ignored", nav=[{"Overview": "index.md"}])
    assert merged["site_name"] == "Shop evidence"
    assert merged["site_url"] == "https://evidence.example.org/shop/v1.2.0/"
    assert merged["extra"]["version"] == {"provider": "mike"}
    assert merged["extra"]["analytics"] == {"provider": "none"}
    assert merged["theme"]["palette"] == {"primary": "indigo"}
    assert merged["extra_css"] == ["docs/css/own.css", "assets/evidence-site.css"]
    assert merged["plugins"][0] == "search" and "tags" in merged["plugins"]
    assert merged["nav"] == [{"Overview": "index.md"}]
    assert merged["use_directory_urls"] is True and merged["docs_dir"] == "docs"
    assert base["extra"].get("version") is None      # the base itself is not changed


def test_theme_files_and_overrides_of_the_base_config_are_staged(repo, tmp_path):
    root, reports = repo
    (root / "overrides").mkdir(exist_ok=True)
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block announce %}OVERRIDDEN-BANNER{% endblock %}')
    (root / "content" / "docs" / "img").mkdir(exist_ok=True)
    (root / "content" / "docs" / "img" / "logo.png").write_bytes(b"png")
    base = {"theme": {"name": "material", "custom_dir": "overrides", "logo": "img/logo.png"},
            "extra_javascript": ["js/x.js", {"path": "js/m.mjs", "type": "module"},
                                 "https://cdn.example/x.js"]}
    staged = stage_release(reports[0], root, tmp_path / "stage", base_config=base,
                           with_pdf=False)
    config = yaml.load(staged.config_file.read_text(), Loader=yaml.SafeLoader)
    assert config["theme"]["custom_dir"] == "overrides" and config["theme"]["logo"] == "docs/img/logo.png"
    assert config["extra_javascript"] == ["docs/js/x.js", {"path": "docs/js/m.mjs", "type": "module"},
                                          "https://cdn.example/x.js"]
    assert (staged.folder / "overrides" / "main.html").is_file()
    assert (staged.folder / "docs" / "docs" / "img" / "logo.png").is_file()


def test_merge_without_base_config_gives_a_material_site_at_a_default_url():
    merged = merge_config({}, release="v1.0.0", site_name="Shop", nav=[])
    assert merged["theme"]["name"] == "material"
    assert merged["site_name"] == "Shop"
    assert merged["site_url"].endswith("/v1.0.0/")
    assert merged["plugins"] == ["search"]


def test_pages_hold_only_the_sidebar_entries_they_show_unless_every_group_is_open():
    plain = merge_config({}, release="v1", site_name="x", nav=[])
    assert "navigation.prune" in plain["theme"]["features"]
    expanded = merge_config({"theme": {"name": "material", "features": ["navigation.expand"]}},
                            release="v1", site_name="x", nav=[])
    assert expanded["theme"]["features"].count("navigation.prune") == 0
    assert "navigation.expand" in expanded["theme"]["features"]


def test_another_theme_is_refused_with_a_hint():
    with pytest.raises(ConfigError, match="theme: material"):
        merge_config({"theme": "readthedocs"}, release="v1", site_name="x", nav=[])


def test_invalid_base_yaml_names_file_and_line(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme: [unclosed\n")
    with pytest.raises(ConfigError, match=r"mkdocs.yml:\d+:\d+"):
        read_config(tmp_path)


def test_versions_json_is_newest_first_with_latest_alias():
    assert versioning.versions_json(["v1.9.0", "v1.10.0"]) == [
        {"version": "v1.10.0", "title": "v1.10.0", "aliases": ["latest"]},
        {"version": "v1.9.0", "title": "v1.9.0", "aliases": []},
    ]


def test_latest_stubs_redirect_every_page_and_are_plain_files(tmp_path):
    for page in ("", "items/a/b", "matrix"):
        folder = tmp_path / "v2" / page
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text("<html></html>")
    files = versioning.files_across_releases(tmp_path, ["v1", "v2"], "https://x.example/")
    versioning.write_files(tmp_path, files)
    assert sorted(files) == ["index.html", "latest/index.html", "latest/items/a/b/index.html",
                             "latest/matrix/index.html", "versions.json"]
    assert versioning.holds_files(tmp_path, files)
    stub = tmp_path / "latest" / "items" / "a" / "b" / "index.html"
    text = stub.read_text()
    assert not stub.is_symlink() and not (tmp_path / "latest").is_symlink()
    assert 'http-equiv="refresh" content="0; url=../../../../v2/items/a/b/"' in text
    assert '<link rel="canonical" href="https://x.example/v2/items/a/b/">' in text
    home = (tmp_path / "latest" / "index.html").read_text()
    assert "url=../v2/" in home
    (tmp_path / "latest" / "stray.html").write_text("")
    assert not versioning.holds_files(tmp_path, files)
    (tmp_path / "latest" / "stray.html").unlink()
    (tmp_path / "versions.json").write_text("[]")
    assert not versioning.holds_files(tmp_path, files)


def test_md_inline_neutralises_markdown_and_attribute_lists():
    out = str(md_inline("a {: onclick=x } *b* [c](javascript:d) <i>\nnext"))
    assert "{" not in out and "*" not in out and "[" not in out and "<" not in out
    assert "\n" not in out
    assert out.startswith("a &#123;&#58; onclick&#61;x &#125;")


def test_inert_html_is_one_line_with_no_markdown_characters_left_in_text():
    out = str(inert_html('<p title="{: x }">--8&lt;-- "f"\n{++ a ++}</p>'))
    assert "\n" not in out
    assert "--8" not in out and "{++" not in out and "{:" not in out
    assert out.startswith("<p title=")


def test_url_helpers_encode_odd_file_names():
    assert str(url_path("files/a #1 ?%'\".png")) == "files/a%20%231%20%3F%25%27%22.png"
    assert str(url_link("../items/a/b.md#ev-1")) == "../items/a/b.md#ev-1"


def test_staging_folder_is_a_plain_mkdocs_project(repo, tmp_path):
    root, reports = repo
    staged = stage_release(reports[2], root, tmp_path / "stage",
                           base_config={}, with_pdf=True)
    docs = staged.config_file.parent / "docs"
    assert (docs / "index.md").is_file() and (docs / "releases" / "index.md").is_file()
    assert not (docs / "matrix").exists() and not (docs / "changes").exists()
    assert json.loads((docs / "status.json").read_text())["release"] == "v1.2.0"
    assert json.loads((docs / "manifest.json").read_text())["files"]
    assert (docs / "assets" / "evidence-site.css").is_file()
    assert (docs / "docs" / "index.md").is_file()
    config = yaml.load(staged.config_file.read_text(), Loader=yaml.SafeLoader)
    assert config["extra"]["version"]["provider"] == "mike"
    assert "v1.2.0-audit-pack.pdf" in (docs / "index.md").read_text()
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"],
                           cwd=staged.config_file.parent, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert (staged.config_file.parent / "site" / "items" / "testing" / "smoke" / "index.html").is_file()


def test_durations_read_as_people_write_them():
    from datetime import timedelta

    from generator.model.times import long_duration as human_duration
    assert human_duration(timedelta(days=30)) == "30 days"
    assert human_duration(timedelta(hours=24)) == "1 day"
    assert human_duration(timedelta(hours=36)) == "36 hours"
    assert human_duration(timedelta(minutes=1)) == "1 minute"


def test_text_is_read_as_shown_to_readers_and_images_with_secrets_are_withheld(
        repo, tmp_path, monkeypatch):
    from generator.outputs.site import staging
    root, reports = repo
    monkeypatch.setattr(staging, "shown_text",
                        lambda data, allowed=None: "text as [REDACTED aws-key]")
    staged = stage_release(_all_holding_secrets(reports[2]), root, tmp_path / "stage",
                           base_config={}, with_pdf=False)
    page = (staged.folder / "docs" / "items" / "security-configuration" / "tls" / "index.md").read_text()
    records = "".join(staged.slots.values())
    assert "text as [REDACTED aws-key]" in records
    assert "EVIDENCESLOT" in page and "REDACTED" not in page     # the record waits for the build
    assert "Not published: the file holds what looks like a secret" in records
    assert not (staged.folder / "docs" / "evidence-files").exists()


def _all_holding_secrets(report):
    """The report with every evidence file marked as holding a detected secret."""
    from dataclasses import replace

    def mark(result):
        return replace(result, file=replace(result.file, has_secret=True))

    phases = tuple(replace(p, sections=tuple(replace(s, items=tuple(
        replace(i, evidence=tuple(mark(e) for e in i.evidence)) for i in s.items))
        for s in p.sections)) for p in report.phases)
    return replace(report, phases=phases, evidence=tuple(mark(e) for e in report.evidence))


def test_nav_titles_cannot_open_tags_even_after_striptags_unescapes_them():
    from generator.outputs.site.pages import nav_title
    assert nav_title("</title><script>&") == "\u2039/title\u203a\u2039script\u203a&amp;"


def test_check_details_render_headers_records_and_empty_lists_as_tables():
    import html as html_module

    from generator.outputs.site.details import details_html
    out = html_module.unescape(details_html({
        "status": 200, "failed_tests": [],
        "headers": [["x-frame-options", "DENY"], ["set-cookie", "a"], ["set-cookie", "b"]],
        "slowest": [{"name": "t<1>", "time": 0.5}]}))
    assert "<th>failed tests</th><td>none</td>" in out
    assert "<th>x-frame-options</th><td>DENY</td>" in out and out.count("set-cookie") == 2
    assert "<th>name</th><th>time</th>" in out
    assert "<td>t&#60;1&#62;</td>" in details_html({"slowest": [{"name": "t<1>"}]})


def test_check_options_read_as_the_yaml_the_checklist_holds():
    from generator.load.yamlsafe import load_text
    from generator.outputs.site.pages import option_text
    assert [option_text(v) for v in (False, None, [200, 301], "nosniff")] == ["false", "null", "[200, 301]", "nosniff"]
    assert option_text({"hsts": {"max_age_min": 31536000}}) == "{hsts: {max_age_min: 31536000}}"
    loaded = load_text("rules: {hsts: {max_age_min: 1}}\nrequire: [hsts]\n")
    assert [option_text(v) for v in loaded.values()] == ["{hsts: {max_age_min: 1}}", "[hsts]"]


def test_slots_fill_built_pages_in_one_pass_and_leave_unknown_placeholders(tmp_path):
    from generator.outputs.site.slots import Slots, fill_slots
    slots = Slots()
    record = "<pre><code>a &lt;!--EVIDENCESLOT0000000000000000--&gt;\r\n</code></pre>"
    first = slots.hold(record)
    assert slots.hold(record) == first                  # the same bytes, the same placeholder
    page = tmp_path / "items" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(f"<p>x</p>\n{first}\n<!--EVIDENCESLOT0123456789abcdef-->\r\n".encode())
    fill_slots(tmp_path, slots.html)
    assert page.read_bytes() == (b"<p>x</p>\n<pre><code>a &lt;!--EVIDENCESLOT0000000000000000--"
                                 b"&gt;\r\n</code></pre>\n<!--EVIDENCESLOT0123456789abcdef-->\r\n")
