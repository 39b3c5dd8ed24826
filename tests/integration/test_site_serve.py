"""`evidence serve`: the preview rebuild picks the release and keeps the last good preview."""
from __future__ import annotations

import pytest

from generator.errors import BuildError
from generator.outputs.site.serve import pick_release, preview_builder, watched_paths
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
    (root / "content" / "docs" / "rollback.md").write_text("# Rollback\n\nChanged steps.\n")
    rebuild()
    assert "Changed steps." in page.read_text()
    state["reports"] = reports[:1]                  # the release disappeared: error, old preview kept
    with pytest.raises(BuildError):
        rebuild()
    assert "Changed steps." in page.read_text()
    assert {p.name for p in watched_paths(root)} >= {"content", "evidence", "templates"}
