"""`evidence serve`: a live preview of one release that rebuilds when its sources change.

Uses MkDocs' own livereload server: it watches content/, evidence/, mkdocs.yml and the site
templates, calls the rebuild, and reloads open pages.
"""
from __future__ import annotations

import logging
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Callable

from ...errors import BuildError
from ...model.results import ReleaseReport
from .build import ReleaseJob, _write_version_files, build_release, safe_config
from .render import TEMPLATES

log = logging.getLogger("evidence.serve")


def watched_paths(root: Path) -> list[Path]:
    paths = [root / "content", root / "evidence", root / "mkdocs.yml", TEMPLATES]
    return [p for p in paths if p.exists()]


def pick_release(reports: list[ReleaseReport], release: str | None) -> ReleaseReport:
    if not reports:
        raise BuildError("no release to preview; hint: add evidence/<release>/release.yml")
    if release is None:
        return reports[-1]
    for report in reports:
        if report.version == release:
            return report
    known = ", ".join(r.version for r in reports)
    raise BuildError(f"no release '{release}'; hint: one of {known}")


def preview_builder(root: Path, release: str | None, evaluate: Callable[[], list[ReleaseReport]],
                    serve_dir: Path) -> Callable[[], str]:
    """A function that re-evaluates and rebuilds the previewed release into `serve_dir`;
    it returns the release's version. A failed rebuild keeps the previous preview."""
    def rebuild() -> str:
        reports = evaluate()
        report = pick_release(reports, release)
        staging = Path(tempfile.mkdtemp(prefix="evidence-serve-"))
        try:
            fresh = staging / "site"
            base_config = safe_config(root)
            build_release(ReleaseJob(report, tuple(reports), root, staging / "project", fresh,
                                     base_config, None))
            target = serve_dir / report.version
            shutil.rmtree(target, ignore_errors=True)
            shutil.move(str(fresh), str(target))
            _write_version_files(serve_dir, [report.version], base_config)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return report.version
    return rebuild


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def serve(root: Path, release: str | None, evaluate: Callable[[], list[ReleaseReport]],
          port: int = 8000, host: str = "127.0.0.1") -> None:
    """Serve one release (default: the newest) at http://host:port/<release>/ until Ctrl-C."""
    from mkdocs.livereload import LiveReloadServer

    root = Path(root).resolve()
    serve_dir = Path(tempfile.mkdtemp(prefix="evidence-preview-"))
    rebuild = preview_builder(root, release, evaluate, serve_dir)

    def builder() -> None:
        try:
            rebuild()
        except Exception as error:       # keep serving the last good preview
            log.error("rebuild failed: %s", error)

    signal.signal(signal.SIGTERM, _stop)       # stopped by a process manager: clean up too
    version = rebuild()
    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(serve_dir))
    for path in watched_paths(root):
        server.watch(str(path))
    log.info("serving %s at http://%s:%d/%s/", version, host, port, version)
    try:
        server.serve()
    except KeyboardInterrupt:
        log.warning("stopped: the preview is removed")
    finally:
        server.shutdown()
        shutil.rmtree(serve_dir, ignore_errors=True)
