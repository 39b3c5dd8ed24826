"""The whole pipeline from a repository folder to one ReleaseReport per release."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from .evaluate.approvals import verify_signoff, verify_waiver
from .load.definitions import load_checklists, load_roles
from .evaluate.digest import evidence_in_scope, scope_digest
from .evaluate.status import Inputs, evaluate_release
from .load.evidence import Scan, scan_evidence
from .load.factcache import FactCache, cache_file
from .history.git import History, read_history
from .model.project import COMMON, Project
from .model.problems import Problem, problem
from .load.releases import load_releases, release_folders
from .model.results import ReleaseReport, SignoffResult, WaiverResult
from .load.secrets import allowed_secrets
from .load.config import ConfigError, read_base_config


@dataclass(frozen=True)
class Evaluation:
    project: Project
    reports: list[ReleaseReport]          # oldest -> newest
    problems: list[Problem]
    history: History
    as_of: datetime

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def report(self, version: str) -> ReleaseReport | None:
        return next((r for r in self.reports if r.version == version), None)


def load_project(root: Path, problems: list[Problem]) -> tuple[Project, Scan]:
    roles = load_roles(root, problems)
    checklists = load_checklists(root, roles, problems)
    releases = load_releases(root, [c.id for c in checklists], problems)
    items = {i.ref: i for c in checklists for i in c.items}
    config = _base_config(root, problems)
    cache = FactCache(None if os.environ.get("EVIDENCE_NO_CACHE") else cache_file(root))
    scan = scan_evidence(root, items, roles, release_folders(root), problems,
                         _allowed_secrets(config, problems), cache)
    cache.save()
    project = Project(
        root=str(root), checklists=checklists, roles=roles, releases=releases,
        evidence=tuple(scan.files), signoffs=tuple(scan.signoffs), waivers=tuple(scan.waivers),
        product_name=str(config.get("site_name", "")))
    return project, scan


def _base_config(root: Path, problems: list[Problem]) -> dict:
    try:
        return read_base_config(root)
    except ConfigError as error:
        problems.append(problem("yaml-syntax", "mkdocs.yml", error.problem, error.line,
                                error.column, hint="check indentation and quoting"))
        return {}


def _allowed_secrets(config: dict, problems: list[Problem]) -> frozenset[str]:
    try:
        return allowed_secrets(config)
    except ValueError as error:
        problems.append(problem("schema", "mkdocs.yml", str(error)))
        return frozenset()


def load_and_evaluate(root: Path, as_of: datetime | None = None) -> Evaluation:
    root = Path(root).resolve()
    problems: list[Problem] = []
    project, scan = load_project(root, problems)
    history = read_history(root)
    problems.extend(_history_problems(history))
    as_of = as_of or (history.head.committed_at if history.head else datetime.now(timezone.utc))
    signoffs, warnings = _signoff_results(project, history)
    inputs = Inputs(project, scan.verdicts, history.files, signoffs,
                    _waiver_results(project, history, as_of),
                    history.head.sha if history.head else "")
    reports, previous = [], None
    for release in project.releases:
        report = evaluate_release(inputs, release, as_of, previous)
        own = tuple(w for w in warnings if w.startswith(f"evidence/{release.version}/"))
        reports.append(replace(report, warnings=own))
        previous = release.version
    return Evaluation(project, reports, problems, history, as_of)


def _history_problems(history: History) -> list[Problem]:
    found = []
    if not history.available:
        found.append(problem("not-a-git-repository", ".", f"{history.note or 'no git history'}:"
                             " every item is unverified"))
    if history.shallow:
        found.append(problem("shallow-clone", ".", history.note or "shallow clone"))
    for path, state in sorted(history.dirty.items()):
        if path.startswith("evidence/"):
            found.append(problem("uncommitted", path, f"file is {state}"))
    return found


def _release_evidence(project: Project) -> dict[str, list]:
    by_release: dict[str, list] = {}
    for f in project.evidence:
        by_release.setdefault(f.release, []).append(f)
    return by_release


def _signoff_results(project: Project, history: History
                     ) -> tuple[dict[str, tuple[SignoffResult, ...]], list[str]]:
    """Sign-offs verified against git (section 6), with segregation-of-duties warnings."""
    items = project.items_by_ref()
    by_release = _release_evidence(project)
    results: dict[str, list[SignoffResult]] = {}
    warnings = []
    for signoff in project.signoffs:
        candidates = by_release.get(signoff.release, []) + by_release.get(COMMON, [])
        files = evidence_in_scope(signoff.scope, candidates, items)
        digest = scope_digest((f.path, f.sha256) for f in files)
        record = history.file(signoff.path)
        verdict = verify_signoff(signoff, project.roles, record, files, history.files, digest)
        if verdict.separation_warning:
            warnings.append(f"{signoff.path}: {verdict.separation_warning}")
        results.setdefault(signoff.release, []).append(SignoffResult(
            signoff, verdict.verified, verdict.stale, verdict.reasons, record, digest))
    return {k: tuple(v) for k, v in results.items()}, warnings


def _waiver_results(project: Project, history: History,
                    as_of: datetime) -> dict[str, tuple[WaiverResult, ...]]:
    """Waivers verified against the owning role of every section they touch."""
    items = project.items_by_ref()
    owners = {s.id: s.owner for c in project.checklists for s in c.sections}
    results: dict[str, list[WaiverResult]] = {}
    for waiver in project.waivers:
        record = history.file(waiver.path)
        roles = sorted({owners.get(items[r].section_id) for r in waiver.items if r in items},
                       key=str) or [None]
        verdicts = [verify_waiver(waiver, project.roles, role, record, as_of.date())
                    for role in roles]
        reasons = tuple(dict.fromkeys(r for v in verdicts for r in v.reasons))
        results.setdefault(waiver.release, []).append(WaiverResult(
            waiver, all(v.verified for v in verdicts), verdicts[0].expired, reasons, record))
    return {k: tuple(v) for k, v in results.items()}
