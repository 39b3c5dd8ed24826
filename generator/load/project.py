"""Everything the repository says at one commit: mkdocs.yml, roles, checklists, releases, and
every evidence file with its verdicts. Problems come back as data, each loader's own."""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from ..errors import ConfigError
from ..model.problems import Problem, problem
from ..model.project import Project
from ..model.results import Verdict
from .config import CONFIG_FILE, config_problems, evidence_settings, read_config
from .definitions import APPROVERS, CHECKLISTS, definition_paths, load_checklists, load_roles
from .evidence import scan_evidence
from .factcache import FactCache, cache_file
from .loadcache import LoadCache, context_digest, files_key, repository_cache
from .releases import candidate_folders, load_releases, release_folders
from .schema import prepare_checks, schema_problems
from .secrets import allowed_secrets


@dataclass(frozen=True)
class Loaded:
    project: Project
    # (path, item ref, requirement index) -> that file's verdict against that requirement
    verdicts: Mapping[tuple[str, str, int], Verdict]
    problems: tuple[Problem, ...]
    # writes the fact cache, when load_project was told to leave that to the caller
    save_facts: Callable[[], None] = field(default=lambda: None, compare=False, repr=False)


def load_project(root: Path, use_cache: bool = True,
                 contents: Mapping[str, str] | None = None,
                 cache_of: Path | None = None,
                 meanwhile: Callable[[], Any] | None = None,
                 save_later: bool = False) -> Loaded:
    """With `use_cache=False` every fact is computed afresh (and no cache file is written):
    `evidence verify` re-evaluates a pack this way, trusting nothing it did not compute.
    `contents`: path -> git blob id of the files whose bytes git already holds (the history
    stage's `start_contents`), the identity their cached facts are found by. `cache_of`:
    the repository whose caches to use (default: root's own). `meanwhile`: see
    scan_evidence. `save_later`: the fact cache is written by Loaded.save_facts(), when the
    caller has a moment (while a second process starts judging), not before returning."""
    root = Path(root).resolve()
    cache_of = cache_of or root
    cached = use_cache and not os.environ.get("EVIDENCE_NO_CACHE")
    loaded = repository_cache(cache_of, cached and contents is not None)
    roles, checklists, problems = _definitions(root, loaded)
    unloaded = {p.path for p in problems if p.severity == "error" and p.path.endswith(
        (".yml", ".yaml"))}
    checklist_ids = [c.id for c in checklists]
    folders = [f"evidence/{name}" for name in candidate_folders(root)]
    releases, found = loaded.remembered("releases", files_key(
        root, [*folders, *(f"{f}/release.yml" for f in folders)],
        context_digest(checklist_ids, sorted(unloaded))),
        lambda: load_releases(root, checklist_ids, unloaded))
    problems += found
    config, found = _config(root)
    problems += found + _settings_problems(config, loaded) + config_problems(root, config)
    allowed = _allowed_secrets(config)
    items = {i.ref: i for c in checklists for i in c.items}
    cache = FactCache(cache_file(cache_of) if cached else None)
    scan = scan_evidence(root, items, roles, release_folders(root), allowed, cache,
                         complete=not unloaded, contents=contents if cached else None,
                         folders=loaded, meanwhile=meanwhile)
    if not save_later:
        cache.save()
    project = Project(
        root=str(root), checklists=checklists, roles=roles, releases=releases,
        evidence=tuple(scan.files), signoffs=tuple(scan.signoffs), waivers=tuple(scan.waivers),
        product_name=str(config.get("site_name", "")), settings=evidence_settings(config))
    return Loaded(project, scan.verdicts, tuple(problems + scan.problems),
                  functools.cache(cache.save) if save_later else lambda: None)   # once


def prepare_cold_load(cache_of: Path) -> None:
    """With no fact cache yet, every file will be parsed and scanned: prepare what that needs
    (the secret rules and their prefilter, the schemas' compiled code) now, while git lists
    the repository, rather than after it; the scan's second process then inherits them."""
    if not os.environ.get("EVIDENCE_NO_CACHE") and cache_file(cache_of).exists():
        return
    from .secret_rules import prepare_prefilter
    prepare_prefilter()
    prepare_checks()


def _definitions(root: Path, loaded: LoadCache):
    """Roles and checklists with their problems, parsed and validated again only when one of
    their files changed."""
    def load():
        roles, problems = load_roles(root)
        checklists, found = load_checklists(root, roles)
        return roles, checklists, problems + found
    key = files_key(root, [APPROVERS, CHECKLISTS, *definition_paths(root)], context_digest())
    return loaded.remembered("definitions", key, load)


def _settings_problems(config: dict, loaded: LoadCache) -> list[Problem]:
    settings = evidence_settings(config)
    return loaded.remembered("settings", context_digest(settings),
                             lambda: schema_problems(settings, "settings", CONFIG_FILE))


def checked_files(project: Project) -> list[str]:
    """Every file the load read: mkdocs.yml, approvers, definitions, releases, evidence with
    its sidecars, sign-offs and waivers (`evidence check --format junit` has one case each)."""
    root = Path(project.root)
    paths = {name for name in (CONFIG_FILE, APPROVERS) if (root / name).is_file()}
    paths |= {c.path for c in project.checklists} | {r.path for r in project.releases}
    paths |= {e.path for e in project.evidence} | {e.meta_path for e in project.evidence
                                                   if e.meta_path}
    paths |= {s.path for s in project.signoffs} | {w.path for w in project.waivers}
    return sorted(paths)


def _config(root: Path) -> tuple[dict, list[Problem]]:
    try:
        return read_config(root), []
    except ConfigError as error:
        return {}, [problem("yaml-syntax", error.path, error.problem, error.line, error.column,
                            hint=error.hint)]


def _allowed_secrets(config: dict) -> frozenset[str]:
    try:
        return allowed_secrets(config)
    except ConfigError:       # the settings schema reports it
        return frozenset()
