"""The whole flow, from a repository folder to one evaluated ReleaseReport per release.

    load      the repository as it is: definitions, releases, evidence and their verdicts
    history   what git proves about every file: who added and changed it, and when
    evaluate  sign-offs and waivers judged against git, then every item's status
    outputs   read the reports (cli/ calls them: text, JSON, Markdown, site, pack)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .evaluate.records import judge_records
from .evaluate.status import evaluate_releases, evaluation_problems
from .history import History, history_problems, read_history, record_signatures
from .history.rosters import Rosters, read_rosters
from .load.project import load_project
from .model.problems import Problem
from .model.project import Project
from .model.results import ReleaseReport


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


def load_and_evaluate(root: Path, as_of: datetime | None = None,
                      base: str | None = None) -> Evaluation:
    """`base`: the commit a pull request targets; records the change brings in are judged
    against the roster there."""
    loaded = load_project(Path(root))
    history = read_history(Path(root).resolve())
    records = [r.path for r in (*loaded.project.signoffs, *loaded.project.waivers)]
    rosters = read_rosters(Path(root).resolve(), history, records, base) \
        if history.available else Rosters()
    signatures = record_signatures(Path(root).resolve(), history, records) \
        if loaded.project.settings.get("require_signed_records") else None
    as_of = as_of or default_evaluation_time(history)
    judged = judge_records(loaded.project, history, rosters, as_of, signatures)
    reports = evaluate_releases(loaded.project, loaded.verdicts, history, judged, as_of,
                                rosters.changes)
    problems = [*loaded.problems, *history_problems(history), *evaluation_problems(reports)]
    return Evaluation(loaded.project, reports, problems, history, as_of)


def default_evaluation_time(history: History) -> datetime:
    """The latest committer time among HEAD's ancestors (a HEAD dated before its parents
    cannot move it back); the clock only when there is no commit yet."""
    return history.graph.latest_time() or (
        history.head.committed_at if history.head else datetime.now(timezone.utc))
