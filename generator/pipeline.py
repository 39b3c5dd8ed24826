"""The whole flow, from a repository folder to one evaluated ReleaseReport per release.

    load      the repository as it is: definitions, releases, evidence and their verdicts
    history   what git proves about every file: who added and changed it, and when
    evaluate  sign-offs and waivers judged against git, then every item's status
    outputs   read the reports (cli/ calls them: text, JSON, Markdown, site, pack)
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar

from . import __version__
from .evaluate.records import RecordJudge, judge_records
from .evaluate.status import evaluate_releases, evaluation_problems, release_evaluator
from .history import (
    History,
    history_problems,
    mainline_changes,
    record_signatures,
    start_history,
)
from .history.git import start_contents
from .history.record import history_json
from .history.rosters import Rosters, read_rosters
from .load import parallel
from .load.definitions import APPROVERS
from .load.inputs import EVERY_RELEASE, TOPS, input_of
from .load.loadcache import repository_cache
from .load.project import Loaded, load_project, prepare_cold_load
from .model.problems import Problem
from .model.project import Project
from .model.results import ReleaseReport

T = TypeVar("T")


@dataclass(frozen=True)
class Evaluation:
    project: Project
    reports: list[ReleaseReport]          # oldest -> newest
    problems: list[Problem]
    history: History
    as_of: datetime
    rosters: Rosters = Rosters()                   # approvers.yml as it stood when it mattered
    signatures: Mapping[str, str] | None = None    # record commits' signature checks, if required

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def report(self, version: str) -> ReleaseReport | None:
        return next((r for r in self.reports if r.version == version), None)

    def history_record(self, report: ReleaseReport) -> dict:
        """history.json of `report`'s pack: the git facts its evaluation used."""
        records = [*(s.signoff.path for s in report.signoffs),
                   *(w.waiver.path for w in report.waivers)]
        return history_json(self.history, [*(e.file.path for e in report.evidence), APPROVERS],
                            records, f"evidence-site {__version__}", self.rosters,
                            self.signatures, source_commit=report.source_commit)


@dataclass(frozen=True)
class Judging:
    """What an evaluation starts from: the repository loaded, what git says, the time."""
    loaded: Loaded
    history: History
    as_of: datetime
    rosters: Rosters = Rosters()
    signatures: Mapping[str, str] | None = None

    def evaluate(self) -> Evaluation:
        self.loaded.save_facts()
        return evaluate(self.loaded, self.history, self.as_of, self.rosters, self.signatures)

    def each_release(self, render: Callable[[ReleaseReport], T],
                     meanwhile: Callable[[], Any] = lambda: None) -> list[T]:
        """render(report) of every release, oldest first, without keeping the reports: the
        releases are judged by this process and, with a core free, a forked second one,
        each taking the next as it is free. Only what render returns crosses between them
        (a report holds much of the project: render something small). `meanwhile()` is run
        by this process while the second one starts."""
        project = self.loaded.project
        # each process judges the sign-offs and waivers of the releases it takes
        records = RecordJudge(project, self.history, self.rosters, self.as_of,
                              self.signatures).lazily()
        evaluate_one = release_evaluator(project, self.loaded.verdicts, self.history, records,
                                         self.as_of, self.rosters.changes)
        count = len(project.releases)
        if count > 1 and parallel.available():
            rendered, _ = parallel.share(count, lambda i: render(evaluate_one(i)),
                                         meanwhile=lambda: (self.loaded.save_facts(),
                                                            meanwhile()))
        else:
            self.loaded.save_facts()
            meanwhile()
            rendered = {i: render(evaluate_one(i)) for i in range(count)}
        return [rendered[i] for i in range(count)]


def base_problems(loaded: Loaded, history: History) -> list[Problem]:
    """The problems no one release's evaluation finds: loading's and git's."""
    return [*loaded.problems, *history_problems(history)]


def load_and_evaluate(root: Path, as_of: datetime | None = None,
                      base: str | None = None, cache_of: Path | None = None) -> Evaluation:
    return load_for_judging(root, as_of, base, cache_of).evaluate()


def load_for_judging(root: Path, as_of: datetime | None = None,
                     base: str | None = None, cache_of: Path | None = None) -> Judging:
    """`base`: the commit a pull request targets; records the change brings in are judged
    against the roster there. `cache_of`: the repository whose caches to use (that of the
    repository a temporary checkout was made from, rather than one of its own)."""
    root = Path(root).resolve()
    cache_of = Path(cache_of).resolve() if cache_of else root
    # git works while the repository is loaded; its history is read by this process while a
    # second one starts scanning, if one does
    reading = cache(start_history(root))
    listing = start_contents(root)
    prepare_cold_load(cache_of)
    with _collector_paused():
        loaded = load_project(root, contents=listing(), cache_of=cache_of, meanwhile=reading,
                              save_later=True)
    history = reading()
    records = [r.path for r in (*loaded.project.signoffs, *loaded.project.waivers)]
    rosters = read_rosters(root, history, records, base, repository_cache(cache_of)) \
        if history.available else Rosters()
    signatures = record_signatures(root, history, records) \
        if loaded.project.settings.get("require_signed_records") else None
    return Judging(loaded, history, as_of or default_evaluation_time(history), rosters,
                   signatures)


@contextmanager
def _collector_paused():
    """A load builds objects that live to the command's end, with hardly a cycle among them:
    the collector's passes over them cost 2% of a cold check and freed nothing (a cold check
    of the benchmark's large case peaks at 120 MB either way). They are frozen after, so
    that no later pass walks them either."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def evaluate(loaded: Loaded, history: History, as_of: datetime, rosters: Rosters = Rosters(),
             signatures: Mapping[str, str] | None = None) -> Evaluation:
    """What was loaded, judged against what git says at one time: also how `evidence verify`
    evaluates a pack again (its attachments loaded, its history.json in place of git)."""
    judged = judge_records(loaded.project, history, rosters, as_of, signatures)
    reports = evaluate_releases(loaded.project, loaded.verdicts, history, judged, as_of,
                                rosters.changes)
    problems = [*base_problems(loaded, history), *evaluation_problems(reports)]
    return Evaluation(loaded.project, reports, problems, history, as_of, rosters, signatures)


def default_evaluation_time(history: History) -> datetime:
    """The latest committer time among HEAD's ancestors (a HEAD dated before its parents
    cannot move it back); the clock only when there is no commit yet."""
    return history.graph.latest_time() or (
        history.head.committed_at if history.head else datetime.now(timezone.utc))


def with_release_commits(root: Path, evaluation: Evaluation,
                         moved: Callable[[ReleaseReport], ReleaseReport] | None = None
                         ) -> Evaluation:
    """`evaluation` with each report's source commit the last mainline commit that changed
    that release's inputs (load/inputs.py input_of), rather than HEAD: what the site and the
    pack print, so that a commit elsewhere leaves them as they are. One `git log`, unless
    `moved` (at_release_commits) was made already."""
    moved = moved or at_release_commits(root, evaluation.history,
                                        [r.version for r in evaluation.reports])
    return replace(evaluation, reports=[moved(r) for r in evaluation.reports])


def at_release_commits(root: Path, history: History,
                       versions: list[str]) -> Callable[[ReleaseReport], ReleaseReport]:
    """What with_release_commits does to each report, for reports made one by one."""
    wanted = set(versions)
    found: dict[str, str] = {}
    if history.available:
        for sha, names in mainline_changes(Path(root), TOPS):
            owners = {input_of(name) for name in names}
            missing = wanted - found.keys()
            found.update((version, sha) for version in
                         (missing if EVERY_RELEASE in owners else missing & owners))
            if len(found) == len(wanted):
                break
    times = history.graph.committed_at

    def moved(report: ReleaseReport) -> ReleaseReport:
        sha = found.get(report.version, report.source_commit)
        return replace(report, source_commit=sha, source_committed_at=times.get(sha))
    return moved
