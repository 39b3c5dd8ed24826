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
from .evaluate.status import evaluate_releases
from .history import History, history_problems, read_history
from .load.project import Loaded, load_project
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


def load_and_evaluate(root: Path, as_of: datetime | None = None) -> Evaluation:
    loaded = load_project(Path(root))
    history = read_history(Path(root).resolve())
    return evaluate(loaded, history, as_of or default_evaluation_time(history))


def evaluate(loaded: Loaded, history: History, as_of: datetime) -> Evaluation:
    """What was loaded, judged against a history at one time: also how `evidence verify`
    evaluates a pack again (its attachments loaded, its history.json for git)."""
    records = judge_records(loaded.project, history, as_of)
    reports = evaluate_releases(loaded.project, loaded.verdicts, history, records, as_of)
    problems = [*loaded.problems, *history_problems(history)]
    return Evaluation(loaded.project, reports, problems, history, as_of)


def default_evaluation_time(history: History) -> datetime:
    """HEAD's committer time; the clock only when there is no commit yet."""
    return history.head.committed_at if history.head else datetime.now(timezone.utc)
