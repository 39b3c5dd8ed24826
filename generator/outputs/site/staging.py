"""Writes one release's staging folder: a plain MkDocs project (mkdocs.yml + docs/).

`mkdocs build` run by hand in that folder gives the same site, but for the evidence records
of item pages: the pages hold placeholders, filled in after the build (slots.py).
"""
from __future__ import annotations

import html
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ...kinds.documents import image_type
from ...load.config import custom_dir_of
from ...load.content import (
    OutsideRepository,
    read_evidence_bytes,
    safe_path,
    shown_text,
)
from ...load.secrets import allowed_secrets
from ...model.results import ReleaseReport
from ..json import json_text, manifest_json, status_json
from ..names import MANIFEST, STATUS, pack_name
from . import links
from .config import OVERRIDES, SITE_CSS, dump_config, merge_config
from .evidence_view import EvidenceView, image_target, is_image, is_text, view_of
from .pages import SiteLinks, navigation, release_pages
from .render import page_source
from .root_pages import root_navigation, root_pages
from .slots import Slots

ASSETS = Path(__file__).resolve().parent / "assets"
ITEM_PAGE_DEPTH = 3        # items/<section>/<item>/


@dataclass(frozen=True)
class StagedRelease:
    folder: Path
    config_file: Path
    pages: tuple[str, ...]
    slots: Mapping[str, str] = field(default_factory=dict)   # for slots.fill_slots


def stage_release(report: ReleaseReport, root: Path, folder: Path, *,
                  base_config: dict[str, Any], with_pdf: bool) -> StagedRelease:
    docs = _new_project(root, folder, base_config)
    handwritten = copy_handwritten(root / "content" / "docs", docs / links.HANDWRITTEN_DIR)
    slots = Slots()
    views = evidence_views(report, root, docs, allowed_secrets(base_config))
    site = SiteLinks(pdf_name=pack_name(report.version) if with_pdf else None,
                     repo_url=base_config.get("repo_url"),
                     handwritten_nav=tuple(handwritten_nav(base_config, handwritten)))
    pages = release_pages(report, views, site, slots.hold)
    for page in pages:
        _write(docs / page.path, page_source(page.template, dict(page.context), page.searched))
    _write(docs / STATUS, json_text(status_json(report)))
    _write(docs / MANIFEST, json_text(manifest_json(report)))
    config = merge_config(base_config, release=report.version,
                          site_name=html.escape(report.product_name or "Release evidence"),
                          nav=navigation(report, site.handwritten_nav))
    config_file = folder / "mkdocs.yml"
    _write(config_file, dump_config(config))
    return StagedRelease(folder, config_file, tuple(p.path for p in pages), slots.html)


def stage_root(reports: list[ReleaseReport], root: Path, folder: Path, *,
                base_config: dict[str, Any]) -> StagedRelease:
    """The root pages (root_pages.py) as a project of their own, built into site/releases/.
    The hand-written folder's files come along (stylesheets, logos the config names), not its
    pages; there is no version selector: these pages are of no one release."""
    docs = _new_project(root, folder, base_config)
    copy_handwritten(root / "content" / "docs", docs / links.HANDWRITTEN_DIR, pages=False)
    slots = Slots()
    pages = root_pages(reports, slots.hold)
    for page in pages:
        _write(docs / page.path, page_source(page.template, dict(page.context), page.searched))
    config = merge_config(base_config, release=links.ROOT_FOLDER,
                          site_name=html.escape(reports[-1].product_name or "Release evidence"),
                          nav=root_navigation(reports))
    config["extra"].pop("version", None)
    config.pop("not_in_nav", None)
    config_file = folder / "mkdocs.yml"
    _write(config_file, dump_config(config))
    return StagedRelease(folder, config_file, tuple(p.path for p in pages), slots.html)


def _new_project(root: Path, folder: Path, base_config: dict[str, Any]) -> Path:
    """An empty staged project with the site's stylesheet and the theme's custom_dir; its
    docs folder."""
    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    _copy_assets(docs)
    _copy_custom_dir(root, base_config, folder / OVERRIDES)
    return docs


def evidence_views(report: ReleaseReport, root: Path, docs: Path,
                   allowed: frozenset[str]) -> dict[str, EvidenceView]:
    """Render every evidence file once (text as redacted for readers); copy images into docs/."""
    images = published_images(report, root)
    views: dict[str, EvidenceView] = {}
    for result in _all_evidence(report):
        path = result.file.path
        if path in views:
            continue
        try:
            data = read_evidence_bytes(root, path)
            text = (shown_text(data, allowed if result.file.has_secret else None)
                    if not is_image(path) and is_text(data) else None)
            withheld = is_image(path) and result.file.has_secret
        except (OutsideRepository, OSError):
            continue      # shown as unreadable; the evaluation already reported why
        view = view_of(path, result.file.kind, result.file.sha256, ITEM_PAGE_DEPTH,
                       text=text, withheld=withheld, images=images,
                       real_image=is_image(path) and image_type(data) is not None)
        if view.image_target:
            target = docs / view.image_target
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        views[path] = view
    return views


def published_images(report: ReleaseReport, root: Path) -> dict[str, str]:
    """The release's image files whose bytes are the image their name says, and which hold no
    secret: path -> where the site copies them."""
    found = {}
    for result in _all_evidence(report):
        path = result.file.path
        if path in found or not is_image(path) or result.file.has_secret:
            continue
        try:
            with safe_path(root, path).open("rb") as stream:
                header = stream.read(16)
        except (OutsideRepository, OSError):
            continue
        if image_type(header):
            found[path] = image_target(path, result.file.sha256)
    return found


def copy_handwritten(source: Path, target: Path, pages: bool = True) -> list[str]:
    """content/docs/** into docs/docs/ (without its Markdown pages when not `pages`); returns
    the Markdown pages copied, docs-relative, sorted with each folder's index.md first.
    Symbolic links are not followed."""
    if not source.is_dir():
        return []
    copied = []
    for path in sorted(source.rglob("*")):
        if path.is_symlink() or not path.is_file() or _has_symlinked_parent(path, source):
            continue
        if path.suffix == ".md" and not pages:
            continue
        relative = path.relative_to(source).as_posix()
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        if path.suffix == ".md":
            copied.append(f"{links.HANDWRITTEN_DIR}/{relative}")
    return sorted(copied, key=lambda p: (p.count("/"), not p.endswith("/index.md"), p))


def handwritten_nav(base_config: dict[str, Any], pages: list[str]) -> list:
    """The base config's `nav` (paths relative to content/docs/) if it has one, else every
    hand-written page in order."""
    if base_config.get("nav"):
        return [_prefix_nav(entry) for entry in base_config["nav"]]
    return list(pages)


def _prefix_nav(entry: Any) -> Any:
    if isinstance(entry, str):
        return entry if "://" in entry else f"{links.HANDWRITTEN_DIR}/{entry}"
    if isinstance(entry, list):
        return [_prefix_nav(e) for e in entry]
    if isinstance(entry, dict):
        return {k: _prefix_nav(v) for k, v in entry.items()}
    return entry


def _all_evidence(report: ReleaseReport):
    yield from report.evidence
    for item in report.items:
        yield from item.evidence


def _has_symlinked_parent(path: Path, top: Path) -> bool:
    return any(parent.is_symlink() for parent in path.relative_to(top).parents
               if str(parent) != "." and (top / parent).is_symlink())


def _copy_assets(docs: Path) -> None:
    target = docs / SITE_CSS
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ASSETS / Path(SITE_CSS).name, target)


def _copy_custom_dir(root: Path, base_config: dict[str, Any], target: Path) -> None:
    source = custom_dir_of(root, base_config)
    if source is None:
        target.mkdir(parents=True, exist_ok=True)     # MkDocs requires the folder to exist
        return
    shutil.copytree(source, target, symlinks=False,
                    ignore=lambda folder, names: [n for n in names
                                                  if (Path(folder) / n).is_symlink()])


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
