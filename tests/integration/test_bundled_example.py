"""The bundled example in this repository: every status appears, and it validates cleanly."""
import json
import subprocess
import sys

import pytest

from tests.helpers.paths import ROOT

AS_OF = "2026-11-20T12:00:00Z"


def run(*args):
    return subprocess.run([sys.executable, "-m", "generator", "--repo", str(ROOT), *args],
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def releases():
    result = run("status", "--format", "json", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    return {r["release"]: r for r in json.loads(result.stdout)["releases"]}


def test_three_releases_newest_first(releases):
    assert list(releases) == ["v1.2.0", "v1.1.0", "v1.0.0"]


def test_every_status_appears(releases):
    seen = {item["status"] for r in releases.values() for item in r["items"]}
    assert seen == {"complete", "failed", "missing", "stale", "unverified", "waived",
                    "not-applicable", "not-due"}


def test_released_releases_are_ready_and_signed(releases):
    for version in ("v1.0.0", "v1.1.0"):
        release = releases[version]
        assert release["ready"], release["blockers"][:3]
        assert len(release["signoffs"]) == 5
        assert all(s["verified"] and not s["stale"] for s in release["signoffs"])
    assert releases["v1.1.0"]["counts"]["waived"] == 1


def test_in_progress_release_shows_a_forged_and_a_stale_signoff(releases):
    signoffs = {s["role"]: s for s in releases["v1.2.0"]["signoffs"]}
    assert not signoffs["technical"]["verified"]
    assert signoffs["product"]["stale"]
    assert any("all-unit-tests-pass" in r for r in signoffs["product"]["reasons"])


def test_example_validates_cleanly():
    result = run("check", "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    assert [p for p in problems if p["severity"] == "error"] == []
