"""`evidence serve`: the preview rebuild picks the release and keeps the last good preview."""
from __future__ import annotations

import time
import urllib.request

import pytest

from generator.errors import BuildError
from generator.outputs.site.serve import (
    GENERATION_PATH,
    pick_release,
    preview_builder,
    start_preview,
    watched_paths,
)
from tests.helpers.site_fixtures import make_reports

pytestmark = pytest.mark.slow


def test_pick_release_defaults_to_newest_and_names_known_ones(tmp_path):
    reports = make_reports(tmp_path)
    assert pick_release(reports, None).version == "v1.2.0"
    assert pick_release(reports, "v1.0.0").version == "v1.0.0"
    with pytest.raises(BuildError, match="v1.0.0, v1.1.0, v1.2.0"):
        pick_release(reports, "v9")


def test_rebuild_builds_the_previewed_release_and_reflects_changes(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    reports = make_reports(root)
    serve_dir = tmp_path / "preview"
    serve_dir.mkdir()
    state = {"reports": reports}
    rebuild = preview_builder(root, "v1.1.0", lambda: state["reports"], serve_dir)
    assert rebuild() == "v1.1.0"
    page = serve_dir / "v1.1.0" / "docs" / "rollback" / "index.html"
    assert "Steps." in page.read_text()
    assert (serve_dir / "versions.json").is_file() and (serve_dir / "index.html").is_file()
    # the release's "All releases" link opens the root pages, built beside it
    assert "../../releases/" in (serve_dir / "v1.1.0" / "releases" / "index.html").read_text()
    assert "v1.1.0" in (serve_dir / "releases" / "index.html").read_text()
    (root / "content" / "docs" / "rollback.md").write_text("# Rollback\n\nChanged steps.\n")
    rebuild()
    assert "Changed steps." in page.read_text()
    state["reports"] = reports[:1]                  # the release disappeared: error, old preview kept
    with pytest.raises(BuildError):
        rebuild()
    assert "Changed steps." in page.read_text()
    assert {p.name for p in watched_paths(root)} >= {"content", "evidence", "templates"}


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _wait_for(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_preview_serves_reloads_after_a_change_and_survives_a_broken_one(tmp_path, engine):
    root = tmp_path / "repo"
    root.mkdir()
    reports = make_reports(root)
    state = {"reports": reports}
    preview = start_preview(root, None, lambda: state["reports"], port=0, engine=engine,
                            poll_seconds=0.1)
    try:
        assert preview.url.endswith("/v1.2.0/")
        page = _get(preview.url + "docs/rollback/")
        assert "Steps." in page and GENERATION_PATH in page          # the reload script
        generation = preview.url.split("/v1.2.0/")[0] + GENERATION_PATH
        assert _get(generation) == "1"
        (root / "content" / "docs" / "rollback.md").write_text("# Rollback\n\nNew steps.\n")
        assert _wait_for(lambda: _get(generation) == "2")
        assert "New steps." in _get(preview.url + "docs/rollback/")
        state["reports"] = []                                        # the next rebuild fails
        (root / "content" / "docs" / "rollback.md").write_text("# Rollback\n\nBroken.\n")
        time.sleep(1.5)
        assert _get(generation) == "2"
        assert "New steps." in _get(preview.url + "docs/rollback/")
    finally:
        preview.stop()
    assert not preview.serve_dir.exists()
