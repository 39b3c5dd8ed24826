"""The whole pipeline from a repository folder to one ReleaseReport per release."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .definitions import load_checklists, load_roles
from .evaluate import Inputs, evaluate_release
from .evidence_files import Scan, scan_evidence
from .history import History, read_history
from .model import Project
from .problems import Problem, problem
from .releases import load_releases, release_folders
from .report import ReleaseReport, SignoffResult, WaiverResult
from .siteconfig import read_base_config


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
    scan = scan_evidence(root, items, roles, release_folders(root), problems)
    project = Project(
        root=str(root), checklists=checklists, roles=roles, releases=releases,
        evidence=tuple(scan.files), signoffs=tuple(scan.signoffs), waivers=tuple(scan.waivers),
        product_name=str(read_base_config(root).get("site_name", "")))
    return project, scan


def load_and_evaluate(root: Path, as_of: datetime | None = None) -> Evaluation:
    root = Path(root).resolve()
    problems: list[Problem] = []
    project, scan = load_project(root, problems)
    history = read_history(root)
    problems.extend(_history_problems(history))
    as_of = as_of or (history.head.committed_at if history.head else datetime.now(timezone.utc))
    inputs = Inputs(project, scan.verdicts, history.files,
                    _signoff_results(project), _waiver_results(project, as_of),
                    history.head.sha if history.head else "")
    reports, previous = [], None
    for release in project.releases:
        reports.append(evaluate_release(inputs, release, as_of, previous))
        previous = release.version
    return Evaluation(project, reports, problems, history, as_of)


def _history_problems(history: History) -> list[Problem]:
    found = []
    if not history.is_repository:
        found.append(problem("not-a-git-repository", ".", "no git history: every item is "
                             "unverified"))
    if history.shallow:
        found.append(problem("shallow-clone", ".", "shallow clone: provenance would be wrong"))
    for path, state in sorted(history.dirty.items()):
        if path.startswith("evidence/"):
            found.append(problem("uncommitted", path, f"evidence is {state}"))
    return found


def _signoff_results(project: Project) -> dict[str, tuple[SignoffResult, ...]]:
    results: dict[str, list[SignoffResult]] = {}
    for signoff in project.signoffs:
        role = project.roles.get(signoff.role)
        member = role.member(signoff.approver) if role else None
        reasons = ("counted by its content alone: commit authorship is not checked",)
        if member is None:
            reasons = (f"{signoff.approver} is not a member of role {signoff.role!r}",)
        results.setdefault(signoff.release, []).append(
            SignoffResult(signoff, member is not None, False, reasons))
    return {k: tuple(v) for k, v in results.items()}


def _waiver_results(project: Project, as_of: datetime) -> dict[str, tuple[WaiverResult, ...]]:
    results: dict[str, list[WaiverResult]] = {}
    for waiver in project.waivers:
        member = any(r.member(waiver.approved_by) for r in project.roles.values())
        expired = waiver.expires is not None and waiver.expires < as_of.date()
        reasons = ["counted by its content alone: commit authorship is not checked"]
        if not member:
            reasons = [f"{waiver.approved_by} is not a member of any role"]
        if expired:
            reasons.append(f"expired on {waiver.expires.isoformat()}")
        results.setdefault(waiver.release, []).append(
            WaiverResult(waiver, member, expired, tuple(reasons)))
    return {k: tuple(v) for k, v in results.items()}
