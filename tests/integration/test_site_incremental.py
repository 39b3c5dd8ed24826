"""A new commit that changes one release's evidence rebuilds that release only. Each release
prints the last commit that changed its own inputs; one in progress is judged at HEAD's time,
so its stamp is written again, from the cache, without a rebuild."""
import json

import pytest

from tests.helpers.mini_project import mini_repo, release_yml

pytestmark = pytest.mark.slow


def build(repo, out, cache):
    result = repo.evidence("build", "--no-pdf", "--out", str(out), "--cache-dir", str(cache))
    assert result.returncode in (0, 1), result.stderr
    return result.stderr


def test_one_changed_file_rebuilds_only_its_release(tmp_path):
    repo = mini_repo(tmp_path / "r")
    for version in ("v1.0.0", "v1.1.0"):
        repo.write(f"evidence/{version}/release.yml", release_yml(version))
        repo.write(f"evidence/{version}/security/review/review.md", "Reviewed by two people.\n")
    repo.commit("Two releases", date="2026-11-01T10:00:00+00:00")
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert "unchanged none" in build(repo, out, cache)

    repo.write("evidence/v1.1.0/security/review/review.md", "Reviewed by three people.\n")
    sha = repo.commit("Another reviewer", date="2026-11-02T10:00:00+00:00")
    log = build(repo, out, cache)
    assert "rebuilt v1.1.0; unchanged v1.0.0" in log
    first = repo.git("rev-parse", "HEAD~1").strip()
    for version, commit in (("v1.0.0", first), ("v1.1.0", sha)):
        overview = (out / version / "index.html").read_text()
        assert commit in overview and "2026-11-02T10:00:00Z" in overview   # judged at HEAD
        assert "EVIDENCESTAMP" not in overview
        status = json.loads((out / version / "status.json").read_text())
        assert status["source_commit"] == commit
    index = (out / "v1.0.0" / "search" / "search_index.json").read_text()
    assert "EVIDENCESTAMP" not in index
