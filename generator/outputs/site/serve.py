"""`evidence serve`: a live preview of one release that rebuilds when its sources change.

Engine-neutral: the release is built with the chosen engine like any build, then served from
a temporary folder by a small HTTP server of the standard library. A watcher polls content/,
evidence/, mkdocs.yml and the site templates; after a rebuild, open pages reload (each HTML
page is served with a few lines of script that ask the server for the preview's generation).
"""
from __future__ import annotations

import functools
import shutil
import signal
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from ...errors import BuildError
from ...model.results import ReleaseReport
from .build import (
    ReleaseJob,
    RootJob,
    _write_version_files,
    build_release,
    build_root,
    safe_config,
)
from .engines import engine_named
from .links import ROOT_FOLDER
from .render import TEMPLATES

GENERATION_PATH = "/.evidence-preview/generation"
POLL_SECONDS = 0.5
RELOAD_SCRIPT = (
    "<script>(function(){var seen=null;function poll(){fetch('" + GENERATION_PATH + "',"
    "{cache:'no-store'}).then(function(r){return r.text()}).then(function(now){"
    "if(seen===null){seen=now}else if(now!==seen){location.reload()}})"
    ".catch(function(){}).then(function(){setTimeout(poll,1000)})}poll()})();</script>")


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
                    serve_dir: Path, engine: str | None = None) -> Callable[[], str]:
    """A function that re-evaluates and rebuilds the previewed release, and the root pages
    across releases (`releases/`, which its "All releases" link opens), into `serve_dir`; it
    returns the release's version. A failed rebuild keeps the previous preview."""
    def rebuild() -> str:
        reports = evaluate()
        report = pick_release(reports, release)
        staging = Path(tempfile.mkdtemp(prefix="evidence-serve-"))
        try:
            fresh, fresh_root = staging / "site", staging / ROOT_FOLDER
            base_config = safe_config(root)
            chosen = engine_named(engine, base_config)
            build_release(ReleaseJob(report, root, staging / "project", fresh,
                                     base_config, None, chosen))
            build_root(RootJob(tuple(reports), root, staging / "root-project", fresh_root,
                               base_config, chosen, "preview"))
            for built, name in ((fresh, report.version), (fresh_root, ROOT_FOLDER)):
                shutil.rmtree(serve_dir / name, ignore_errors=True)
                shutil.move(str(built), str(serve_dir / name))
            _write_version_files(serve_dir, [report.version], base_config)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return report.version
    return rebuild


def snapshot(paths: list[Path]) -> frozenset[tuple[str, int, int]]:
    """Every file under `paths` with its modification time and size."""
    seen = set()
    for top in paths:
        for path in [top] if top.is_file() else top.rglob("*"):
            try:
                info = path.stat()
            except OSError:
                continue
            if path.is_file():
                seen.add((str(path), info.st_mtime_ns, info.st_size))
    return frozenset(seen)


@dataclass
class Preview:
    """A running preview: the HTTP server, the watcher, and the number of builds so far."""
    version: str
    server: ThreadingHTTPServer
    serve_dir: Path
    generation: int = 1
    stopped: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/{self.version}/"

    def stop(self) -> None:
        self.stopped.set()
        self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self.serve_dir, ignore_errors=True)


def start_preview(root: Path, release: str | None, evaluate: Callable[[], list[ReleaseReport]],
                  port: int = 8000, host: str = "127.0.0.1", engine: str | None = None,
                  poll_seconds: float = POLL_SECONDS) -> Preview:
    """Build once, then serve and watch in background threads."""
    root = Path(root).resolve()
    serve_dir = Path(tempfile.mkdtemp(prefix="evidence-preview-"))
    rebuild = preview_builder(root, release, evaluate, serve_dir, engine)
    try:
        version = rebuild()
    except BaseException:
        shutil.rmtree(serve_dir, ignore_errors=True)
        raise
    holder: dict[str, Preview] = {}
    handler = functools.partial(_PreviewHandler, lambda: holder["preview"].generation,
                                directory=str(serve_dir))
    preview = holder["preview"] = Preview(version, ThreadingHTTPServer((host, port), handler),
                                          serve_dir)
    threading.Thread(target=preview.server.serve_forever, daemon=True).start()
    threading.Thread(target=_watch, args=(preview, rebuild, watched_paths(root), poll_seconds),
                     daemon=True).start()
    return preview


def _watch(preview: Preview, rebuild: Callable[[], str], paths: list[Path],
           poll_seconds: float) -> None:
    last = snapshot(paths)
    while not preview.stopped.wait(poll_seconds):
        now = snapshot(paths)
        if now == last:
            continue
        last = now
        try:
            rebuild()
        except Exception as error:       # keep serving the last good preview
            _say(f"rebuild failed, the last preview stays: {error}")
            continue
        preview.generation += 1
        _say(f"rebuilt {preview.version}; open pages reload")


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def serve(root: Path, release: str | None, evaluate: Callable[[], list[ReleaseReport]],
          port: int = 8000, host: str = "127.0.0.1", engine: str | None = None) -> None:
    """Serve one release (default: the newest) at http://host:port/<release>/ until Ctrl-C."""
    preview = start_preview(root, release, evaluate, port, host, engine)
    _say(f"serving {preview.version} at {preview.url} (Ctrl-C stops)")
    signal.signal(signal.SIGTERM, _stop)       # stopped by a process manager: clean up too
    try:
        while not preview.stopped.wait(1.0):      # wakes up, so Ctrl-C is seen at once
            pass
    except KeyboardInterrupt:
        _say("stopped: the preview is removed")
    finally:
        preview.stop()


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class _PreviewHandler(SimpleHTTPRequestHandler):
    """Files of the preview folder; HTML pages get the reload script."""

    def __init__(self, generation: Callable[[], int], *args, **kwargs) -> None:
        self._generation = generation
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == GENERATION_PATH:
            self._send(str(self._generation()).encode(), "text/plain")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            page = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1)
            self._send(page, "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass
