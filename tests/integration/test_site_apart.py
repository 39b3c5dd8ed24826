"""Each release's folder and pack depend on that release alone; the published site is the
cache; parts built apart and assembled give the whole site, byte for byte."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers.mini_project import mini_repo, release_yml

pytestmark = pytest.mark.slow

RELEASED = {"v1.0.0": "2026-10-05T10:00:00Z", "v1.1.0": "2026-10-12T10:00:00Z"}
VERSIONS = ("v1.0.0", "v1.1.0", "v1.2.0")


def three_releases(path: Path, date: str = "2026-10-20T10:00:00+00:00"):
    """Two released releases and one in progress, each with a review file, committed after
    both releases' after-release windows have closed."""
    repo = mini_repo(path)
    for version in VERSIONS:
        fields = ({"status": "released", "released_at": RELEASED[version]}
                  if version in RELEASED else {"status": "in-progress"})
        repo.write(f"evidence/{version}/release.yml", release_yml(version, **fields))
        repo.write(f"evidence/{version}/security/review/review.md", f"Reviewed {version}.\n")
    repo.commit("Three releases", date=date)
    return repo


def build(repo, out: Path, *args: str) -> str:
    """`evidence build` with an empty cache of its own: only the site in `out` is reused."""
    cache = out.parent / f".cache-{len(list(out.parent.glob('.cache-*')))}"
    result = repo.evidence("build", "--out", str(out), "--cache-dir", str(cache), *args)
    assert result.returncode == 0, result.stderr
    return result.stderr


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_commit_to_one_release_leaves_every_other_folder_and_pack_as_it_was(tmp_path):
    repo = three_releases(tmp_path / "r")
    site = tmp_path / "site"
    build(repo, site)
    before = {v: files(site / v) for v in VERSIONS}
    assert all(f"{v}-audit-pack.pdf" in before[v] for v in VERSIONS)

    repo.write("evidence/v1.2.0/security/scan/scan.md", "No findings.\n")
    head = repo.commit("Scan of 1.2", date="2026-11-03T10:00:00+00:00")
    log = build(repo, site)
    assert "rebuilt v1.2.0; unchanged v1.0.0, v1.1.0" in log and "root pages rebuilt" in log
    for version in RELEASED:
        assert files(site / version) == before[version]
    assert json.loads((site / "v1.2.0" / "status.json").read_text())["source_commit"] == head

    repo.write("evidence/v1.0.0/first-day/error-rates/rates.md", "Error rates flat.\n")
    late = repo.commit("Late evidence of 1.0", date="2026-11-04T10:00:00+00:00")
    log = build(repo, site)
    assert "rebuilt v1.0.0, v1.2.0; unchanged v1.1.0" in log
    assert files(site / "v1.1.0") == before["v1.1.0"]
    status = json.loads((site / "v1.0.0" / "status.json").read_text())
    # judged at the end of its last window (released_at + 24h), printed with its own commit
    assert status["source_commit"] == late
    assert status["evaluated_at"] == "2026-10-06T10:00:00Z"


def test_a_tampered_or_foreign_site_is_rebuilt_not_trusted(tmp_path):
    repo = three_releases(tmp_path / "r")
    site = tmp_path / "site"
    build(repo, site, "--no-pdf")
    clean = files(site)
    page = site / "v1.1.0" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"Not ready", b"Ready"))
    assert page.read_bytes() != clean["v1.1.0/index.html"]
    (site / "v1.0.0" / ".build.json").write_text("{not json")
    log = build(repo, site, "--no-pdf")
    assert "rebuilt v1.0.0, v1.1.0; unchanged v1.2.0" in log
    assert files(site) == {k: v for k, v in clean.items()}

    # the same files, committed elsewhere: the manifests name other commits
    other = three_releases(tmp_path / "other", date="2026-10-21T10:00:00+00:00")
    foreign = tmp_path / "foreign"
    build(other, foreign, "--no-pdf")
    shutil.rmtree(site)
    shutil.copytree(foreign, site)
    log = build(repo, site, "--no-pdf")
    assert "rebuilt v1.0.0, v1.1.0, v1.2.0" in log
    assert files(site) == clean


def test_parts_assembled_are_the_whole_build_and_plan_lists_what_changed(tmp_path):
    repo = three_releases(tmp_path / "r")
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    build(repo, whole, "--no-pdf")
    for version in VERSIONS:
        log = build(repo, parts / version, "--no-pdf", "--release", version)
        assert f"a part holding {version}" in log
        assert sorted(p.name for p in (parts / version).iterdir()
                      if not p.name.startswith(".")) == [version]
    result = repo.evidence("assemble", *(str(parts / v) for v in VERSIONS), "--no-pdf",
                           "--out", str(tmp_path / "site"), "--cache-dir",
                           str(tmp_path / ".cache-assemble"))
    assert result.returncode == 0, result.stderr
    assert "rebuilt none" in result.stderr
    assert files(tmp_path / "site") == files(whole)

    plan = repo.evidence("plan", "--site", str(whole), "--no-pdf", "--format", "github-matrix")
    assert json.loads(plan.stdout) == {"include": []}, plan.stderr
    repo.write("evidence/v1.1.0/security/scan/scan.md", "No findings.\n")
    repo.commit("Scan of 1.1", date="2026-11-03T10:00:00+00:00")
    plan = repo.evidence("plan", "--site", str(whole), "--no-pdf", "--format", "github-matrix")
    # 1.1 changed; 1.2, in progress, is judged at the new HEAD's time, its statuses held:
    # a build re-stamps its folder, no job needs to build it
    assert json.loads(plan.stdout) == {"include": [{"release": "v1.1.0"}]}


def test_an_in_progress_release_whose_statuses_held_is_restamped_not_rebuilt(tmp_path):
    repo = three_releases(tmp_path / "r")
    site = tmp_path / "site"
    build(repo, site, "--no-pdf")
    before = files(site / "v1.2.0")
    repo.write("evidence/v1.1.0/security/scan/scan.md", "No findings.\n")
    repo.commit("Scan of 1.1", date="2026-11-03T10:00:00+00:00")
    log = build(repo, site, "--no-pdf")
    assert "rebuilt v1.1.0; unchanged v1.0.0, v1.2.0" in log
    after = files(site / "v1.2.0")
    assert json.loads(after["status.json"])["evaluated_at"] == "2026-11-03T10:00:00Z"
    page = after["index.html"]
    assert b"2026-11-03T10:00:00Z" in page
    assert page.replace(b"2026-11-03T10:00:00Z", b"2026-10-20T10:00:00Z") == before["index.html"]
    fresh = tmp_path / "fresh"
    build(repo, fresh, "--no-pdf")
    assert files(fresh / "v1.2.0") == after              # as if built from nothing


def test_a_restored_record_cannot_make_a_restamp_write_outside_its_folder(tmp_path):
    repo = three_releases(tmp_path / "r")
    site = tmp_path / "site"
    build(repo, site, "--no-pdf")
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"x" * 100)
    record_path = site / "v1.2.0" / ".build.json"
    record = json.loads(record_path.read_text())
    record["stamps"] = {"../../outside.html": [[0, "EVALUATEDAT"]]}
    record_path.write_text(json.dumps(record))
    repo.write("evidence/v1.1.0/security/scan/scan.md", "No findings.\n")
    repo.commit("Scan of 1.1", date="2026-11-03T10:00:00+00:00")
    log = build(repo, site, "--no-pdf")
    assert "rebuilt v1.1.0, v1.2.0" in log
    assert outside.read_bytes() == b"x" * 100


def test_a_build_with_nothing_to_do_keeps_the_site_and_every_folder_digest(tmp_path):
    from generator.outputs.site import cache as build_cache
    from generator.outputs.site.build import SiteCheck
    from generator.pipeline import load_and_evaluate, with_release_commits

    repo = three_releases(tmp_path / "r")
    site, cache = tmp_path / "site", tmp_path / "cache"

    def build_cached() -> str:
        result = repo.evidence("build", "--no-pdf", "--out", str(site),
                               "--cache-dir", str(cache))
        assert result.returncode == 0, result.stderr
        return result.stderr

    build_cached()
    # the keys made on both cores before the build are those of a whole evaluation
    evaluation = with_release_commits(repo.root, load_and_evaluate(repo.root))
    shared = SiteCheck(repo.root, site).shared
    for report in evaluation.reports:
        record = json.loads((site / report.version / ".build.json").read_text())
        assert record["key"] == build_cache.release_keys(report, shared)[0]

    built = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    log = build_cached()
    assert "rebuilt none" in log and "root pages unchanged" in log
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == built
    assert len(json.loads((cache / ".digests.json").read_text())) >= len(VERSIONS) + 1

    repo.write("evidence/v1.2.0/security/scan/scan.md", "No findings.\n")
    repo.commit("Scan of 1.2", date="2026-11-03T10:00:00+00:00")
    assert "rebuilt v1.2.0; unchanged v1.0.0, v1.1.0" in build_cached()
    assert len(json.loads((cache / ".digests.json").read_text())) >= len(VERSIONS)
