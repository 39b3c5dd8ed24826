"""Across releases: mike's versions.json, the `latest/` redirect stubs, the root redirect."""
from __future__ import annotations

import html
import json
from pathlib import Path

LATEST = "latest"


def versions_json(versions_oldest_first: list[str]) -> list[dict]:
    """mike's format, newest first, alias `latest` on the newest."""
    newest_first = list(reversed(versions_oldest_first))
    return [{"version": v, "title": v, "aliases": [LATEST] if i == 0 else []}
            for i, v in enumerate(newest_first)]


def redirect_page(target: str, canonical: str) -> str:
    """A page that sends the reader to `target` (relative), keeping any #fragment."""
    t, c = html.escape(target, quote=True), html.escape(canonical, quote=True)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f"<title>Redirecting…</title>\n<link rel=\"canonical\" href=\"{c}\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        f"<script>location.replace({_js_string(target)} + location.hash);</script>\n"
        f"</head><body><p>Redirecting to <a href=\"{t}\">{t}</a>…</p></body></html>\n"
    )


def _js_string(text: str) -> str:
    return '"' + "".join(c if c.isalnum() or c in "/.-_~%" else f"\\u{ord(c):04x}"
                         for c in text) + '"'


def page_dirs(release_site: Path) -> list[str]:
    """Every page folder of a built release ('' for its home), from its index.html files."""
    dirs = []
    for index in release_site.rglob("index.html"):
        folder = index.parent.relative_to(release_site).as_posix()
        dirs.append("" if folder == "." else folder)
    return sorted(dirs)


def files_across_releases(site: Path, versions: list[str], root_url: str) -> dict[str, str]:
    """What a whole site holds beside its releases' folders, by path in the site:
    versions.json, latest/<page>/index.html -> ../<latest>/<page>/ for every page of the
    latest release (built in `site`), and the root redirect."""
    latest = versions[-1]
    files = {"versions.json": json.dumps(versions_json(versions), indent=2) + "\n",
             "index.html": redirect_page(f"{LATEST}/", root_url + f"{LATEST}/")}
    for page in page_dirs(site / latest):
        depth = page.count("/") + 1 if page else 0
        suffix = f"{page}/" if page else ""
        target = "../" * (depth + 1) + f"{latest}/{suffix}"
        files[f"{LATEST}/{suffix}index.html"] = redirect_page(
            _quote(target), root_url + _quote(f"{latest}/{suffix}"))
    return files


def write_files(site: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")


def holds_files(site: Path, files: dict[str, str]) -> bool:
    """Whether `site` holds exactly these files (and no others) under the folders they name."""
    latest = site / LATEST
    present = {p.relative_to(site).as_posix() for p in latest.rglob("*") if not p.is_dir()} \
        if latest.is_dir() and not latest.is_symlink() else set()
    wanted = {name for name in files if name.startswith(f"{LATEST}/")}
    return present == wanted and all(
        (site / name).is_file() and not (site / name).is_symlink()
        and (site / name).read_bytes() == text.encode("utf-8") for name, text in files.items())


def _quote(path: str) -> str:
    from urllib.parse import quote
    return quote(path, safe="/")
