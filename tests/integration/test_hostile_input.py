"""Hostile repositories: every output stays inert, nothing outside the site is touched, nothing
hangs. Each test builds the hostile input as a pull request would bring it."""
from __future__ import annotations

import base64
import json
import os
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from tests.helpers.mini_project import mini_repo, release_yml
from tests.helpers.paths import ROOT

pytestmark = pytest.mark.slow
REVIEW = "evidence/v1.0.0/security/review"
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")


@pytest.fixture
def repo(tmp_path):
    repo = mini_repo(tmp_path / "repo")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.write(f"{REVIEW}/notes.md", "# Review\n\nDone.\n")
    repo.commit("Release v1.0.0")
    return repo


def check(repo) -> list[dict]:
    result = repo.evidence("check", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["problems"]


def codes(repo) -> set[str]:
    return {p["code"] for p in check(repo)}


def build(repo, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return repo.evidence("build", "--out", str(out), *extra)


def every_page(site: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in site.rglob("*")
                     if p.suffix in (".html", ".js", ".json", ".xml") and p.is_file())


def png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


# -- injection and leaks ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ['v2 "><svg onload=alert(1)>', 'v9"+alert(1)+"', "latest",
                                  "index.html", "v1/../x", "-rf", "x" * 65, "v1\x1b[31m"])
def test_a_release_name_that_is_not_a_safe_version_is_refused_everywhere(repo, tmp_path, name):
    if "/" in name:
        pytest.skip("not a possible folder name")
    repo.write(f"evidence/{name}/release.yml", f"version: {json.dumps(name)}\nchecklists: [mini]\n")
    repo.commit("A release")
    hits = [p for p in check(repo) if p["code"] == "bad-release-name"]
    assert len(hits) == 1 and hits[0]["severity"] == "error"
    built = build(repo, tmp_path / "site", "--no-pdf")
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (tmp_path / "site").iterdir()
                  if p.is_dir()) == ["latest", "releases", "v1.0.0"]
    pages = every_page(tmp_path / "site")
    assert "onload=alert" not in pages and "alert(1)" not in pages
    signed = repo.evidence("signoff", name, "--role", "security")
    assert signed.returncode == 2


@pytest.mark.parametrize("custom", [".git", "evidence", "content", ".", "evidence/v1.0.0",
                                    "linked"])
def test_theme_custom_dir_cannot_publish_private_folders(repo, tmp_path, custom):
    (repo.root / ".git" / "config").write_text((repo.root / ".git" / "config").read_text()
                                               + "[http]\n\textraheader = token SECRET-TOKEN\n")
    if custom == "linked":
        os.symlink(repo.root / ".git", repo.root / "linked")
    repo.write("mkdocs.yml", f"site_name: Mini\ntheme:\n  name: material\n  custom_dir: {custom}\n")
    repo.commit("Theme")
    [hit] = [p for p in check(repo) if p["code"] == "bad-custom-dir"]
    assert hit["line"] == 4 and hit["severity"] == "error"
    built = build(repo, tmp_path / "site", "--no-pdf")
    assert built.returncode == 3 and "custom_dir" in built.stderr
    assert not (tmp_path / "site").exists()


def test_a_symbolic_link_inside_the_theme_folder_is_refused(repo, tmp_path):
    repo.write("overrides/main.html", "{% extends 'base.html' %}\n")
    os.symlink(repo.root / ".git" / "config", repo.root / "overrides" / "config.html")
    repo.write("mkdocs.yml", "site_name: Mini\ntheme:\n  name: material\n  custom_dir: overrides\n")
    repo.commit("Theme")
    [hit] = [p for p in check(repo) if p["code"] == "bad-custom-dir"]
    assert "symbolic link (overrides/config.html)" in hit["message"]
    assert build(repo, tmp_path / "site", "--no-pdf").returncode == 3


@pytest.mark.parametrize("value", ["!!python/object/apply:os.system ['touch {marker}']",
                                   "!!python/name:os.system", "!ENV [HOME]", "!relative $config_dir",
                                   "!!python/object/new:os.system ['touch {marker}']", "!foo bar"])
def test_yaml_tags_that_mkdocs_would_run_are_refused(repo, tmp_path, value):
    marker = tmp_path / "ran"
    repo.write("mkdocs.yml", "site_name: Mini\nextra:\n  x: " + value.format(marker=marker) + "\n")
    repo.commit("Config")
    [hit] = [p for p in check(repo) if p["code"] == "config-tag"]
    assert (hit["line"], hit["severity"]) == (3, "error")
    built = build(repo, tmp_path / "site", "--no-pdf")
    assert built.returncode == 3 and "config-tag" not in built.stderr and "tag" in built.stderr
    assert not marker.exists() and not (tmp_path / "site").exists()


def test_material_emoji_functions_stay_allowed(repo, tmp_path):
    repo.write("mkdocs.yml", "site_name: Mini\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
               "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
               "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n")
    repo.commit("Emoji")
    assert "config-tag" not in codes(repo)
    assert build(repo, tmp_path / "site", "--no-pdf").returncode == 0


def test_an_svg_named_png_is_never_shown_as_an_image(repo, tmp_path):
    repo.write(f"{REVIEW}/approved.png", '<svg xmlns="http://www.w3.org/2000/svg">'
               '<text y="20">APPROVED</text></svg>')
    repo.commit("Artwork")
    built = build(repo, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    item = (tmp_path / "site/v1.0.0/items/security/review/index.html").read_text()
    assert "evidence-files/" not in item and "Binary file" in item
    text = subprocess.run(["pdftotext", str(tmp_path / "site/v1.0.0/v1.0.0-audit-pack.pdf"), "-"],
                          capture_output=True, text=True).stdout
    assert "Not shown as an image: its bytes are no image" in text


def test_control_characters_in_file_names_cannot_paint_the_terminal(repo):
    repo.write(f"{REVIEW}/\x1b[2K\x1b[32mno problems\x1b[0m.txt", "x\n")
    repo.write("evidence/v1.0.0/stray\x1b]0;pwned\x07.txt", "unbound\n")
    repo.commit("Names")
    for args in (("check",), ("check", "--format", "github"), ("status", "v1.0.0")):
        result = repo.evidence(*args)
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, args
    text = repo.evidence("check").stdout
    assert "stray\\x1b]0;pwned\\x07.txt" in text and "unbound-file" in text


# -- data loss -----------------------------------------------------------------------------------

@pytest.mark.parametrize("target", [".git", "evidence", "content", "evidence/v1.0.0", "."])
def test_build_refuses_to_replace_the_repository_or_its_folders(repo, target):
    before = repo.git("rev-parse", "HEAD")
    built = build(repo, repo.root / target, "--no-pdf")
    assert built.returncode == 1 and "would replace" in built.stderr
    assert repo.git("rev-parse", "HEAD") == before
    assert (repo.root / REVIEW / "notes.md").is_file()


def test_build_refuses_a_folder_it_did_not_build_and_reuses_its_own(repo, tmp_path):
    mine = tmp_path / "papers"
    (mine / "thesis.txt").parent.mkdir()
    (mine / "thesis.txt").write_text("years of work")
    built = build(repo, mine, "--no-pdf")
    assert built.returncode == 1 and "not a site built by evidence-site" in built.stderr
    assert (mine / "thesis.txt").read_text() == "years of work"
    site = tmp_path / "site"
    assert build(repo, site, "--no-pdf").returncode == 0
    assert (site / ".evidence-site").is_file()
    assert build(repo, site, "--no-pdf").returncode == 0          # its own site: replaced
    assert oct(site.stat().st_mode & 0o777) == "0o755"
    page = site / "v1.0.0" / "index.html"
    assert page.stat().st_mode & 0o044 == 0o044                   # readable by others


def _interruptible() -> None:
    """SIGINT at its default, as a terminal starts a command: this test process may have it
    ignored (a test runner's worker inherits that), and Python keeps an ignored SIGINT."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_ctrl_c_during_a_build_keeps_the_last_site_and_leaves_nothing(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / ".evidence-site").write_text("")
    (out / "index.html").write_text("last good site")
    env = {**os.environ, "EVIDENCE_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "generator", "--repo", str(ROOT), "build",
                                "--out", str(out), "--jobs", "2"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_interruptible)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob(".site.building-*/v1.*")):
        time.sleep(0.1)
    assert process.poll() is None, "the build ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert err.strip().splitlines() == ["interrupted: files and the last built site are as "
                                        "they were"]
    assert (out / "index.html").read_text() == "last good site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "site"]      # no leftovers


def test_sigterm_stops_serve_and_removes_its_preview(repo, tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-m", "generator", "--repo", str(repo.root),
                                "serve", "--port", "0"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob("evidence-preview-*/v1.0.0")):
        time.sleep(0.1)
    assert list(tmp_path.glob("evidence-preview-*"))
    time.sleep(1)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)
    assert process.returncode == 0
    assert not list(tmp_path.glob("evidence-preview-*"))


# -- crashes, hangs ----------------------------------------------------------------------------

def test_deeply_nested_json_neither_crashes_nor_fails_the_build(repo, tmp_path):
    repo.write(f"{REVIEW}/deep.json", "[" * 1100 + "]" * 1100)
    repo.write(f"{REVIEW}/deeper.json", '{"status": ' + "[" * 5000 + "]" * 5000 + "}")
    repo.commit("Deep")
    for args in (("check",), ("status", "v1.0.0", "--format", "json")):
        result = repo.evidence(*args)
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, args
    built = build(repo, tmp_path / "site")
    assert built.returncode == 0, built.stderr


def test_deeply_nested_markdown_is_flattened_with_a_note(repo, tmp_path):
    repo.write(f"{REVIEW}/quotes.md", ">" * 160 + " deep\n")
    repo.write(f"{REVIEW}/lists.md", "".join("  " * i + "- level\n" for i in range(120)))
    repo.commit("Deep Markdown")
    built = build(repo, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    item = (tmp_path / "site/v1.0.0/items/security/review/index.html").read_text()
    assert "flattened" in item and item.count("<blockquote>") <= 40


@pytest.mark.parametrize("shape", [
    "[" * 20000,                       # quadratic in Python-Markdown's link parser
    "[a](" * 20000,
    "*a " * 50000,
    "|" + "a|" * 5000 + "\n|" + "-|" * 5000 + "\n" + ("|" + "b|" * 5000 + "\n") * 5,
    "> " * 5000 + "deep",
])
def test_markdown_of_any_shape_renders_promptly_and_in_full(repo, tmp_path, shape):
    repo.write(f"{REVIEW}/hostile.md", shape + "\n\nTHE-END\n")
    repo.commit("Hostile Markdown")
    assert codes(repo) == set()
    started = time.monotonic()
    built = build(repo, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert time.monotonic() - started < 120
    item = (tmp_path / "site/v1.0.0/items/security/review/index.html").read_text()
    assert "THE-END" in item


def test_an_image_declaring_huge_dimensions_is_not_decoded(repo, tmp_path):
    repo.write(f"{REVIEW}/huge.png", png_header(12000, 12000))
    repo.write(f"{REVIEW}/ok.png", PIXEL)
    repo.commit("Images")
    built = build(repo, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "site/v1.0.0/v1.0.0-audit-pack.pdf"), "-"],
                          capture_output=True, text=True).stdout
    assert "12000×12000 pixels" in text


@pytest.mark.parametrize("name", ["café.txt", "new\nline.txt", "日本語.txt", "space and % #.txt"])
def test_verify_accepts_genuine_packs_with_any_file_name(repo, tmp_path, name):
    repo.write(f"{REVIEW}/{name}", "evidence\n")
    repo.commit("Odd name")
    pack = tmp_path / "pack.pdf"
    assert repo.evidence("pdf", "v1.0.0", "-o", str(pack)).returncode == 0
    verified = repo.evidence("verify", str(pack), "--repo", str(repo.root))
    assert verified.returncode == 0, verified.stdout
