"""Loading release folders: evidence/<version>/release.yml."""
from __future__ import annotations

from pathlib import Path
from typing import Collection

from ..model.problems import Problem, problem
from ..model.project import COMMON, Release
from ..model.times import parse_date, parse_datetime
from ..model.versions import release_name_problem, version_key
from .definitions import did_you_mean, read_yaml
from .schema import dated, schema_problems
from .yamlsafe import position


def release_folders(root: Path) -> list[str]:
    """The folders under evidence/ that can be releases: real folders with a safe name."""
    return [name for name in candidate_folders(root) if not _folder_problem(root, name)]


def candidate_folders(root: Path) -> list[str]:
    evidence = root / "evidence"
    if not evidence.is_dir() or evidence.is_symlink():
        return []
    return sorted((p.name for p in evidence.iterdir()
                   if p.is_dir() and p.name != COMMON and not p.name.startswith(".")),
                  key=version_key)


def release_file(version: str) -> str:
    return f"evidence/{version}/release.yml"


def _folder_problem(root: Path, name: str) -> Problem | None:
    if (root / "evidence" / name).is_symlink():
        return problem("symlink", f"evidence/{name}", "a release folder that is a symbolic "
                       "link is refused")
    why = release_name_problem(name)
    return problem("bad-release-name", f"evidence/{name}", why) if why else None


def load_releases(root: Path, checklist_ids: list[str], unloaded: Collection[str] = ()
                  ) -> tuple[tuple[Release, ...], list[Problem]]:
    """Every release folder's release.yml, and the problems found. `unloaded`: definition
    files that failed to load, so a release naming their checklist is told why."""
    problems = [p for name in candidate_folders(root) if (p := _folder_problem(root, name))]
    releases = []
    for name in release_folders(root):
        relpath = release_file(name)
        if not (root / relpath).is_file():
            problems.append(problem("release-without-yml", f"evidence/{name}",
                                    f"release folder {name!r} has no release.yml"))
            continue
        data = read_yaml(root, relpath, problems)
        if data is None:
            continue
        found = schema_problems(data, "release", relpath)
        problems.extend(found)
        if not found:
            releases.append(_release(name, data, relpath, checklist_ids, unloaded, problems))
    return tuple(releases), problems


def _release(name, data, relpath, checklist_ids, unloaded, problems) -> Release:
    if str(data["version"]) != name:
        line, column = position(data, "version")
        problems.append(problem("version-mismatch", relpath,
                                f"version {data['version']!r} but the folder is {name!r}",
                                line, column))
    checklists = tuple(data.get("checklists") or checklist_ids)
    for index, checklist in enumerate(checklists):
        if checklist not in checklist_ids:
            line, column = position(data.get("checklists"), index)
            problems.append(_unknown_checklist(checklist, checklist_ids, relpath, line, column,
                                               unloaded))
    return Release(
        version=name, path=relpath, title=data.get("title", ""),
        checklists=tuple(c for c in checklists if c in checklist_ids),
        target_date=dated(data, "target_date", parse_date, relpath, problems),
        released_at=dated(data, "released_at", parse_datetime, relpath, problems),
        status=data.get("status", "planned"), tags=tuple(data.get("tags") or ()))


def _unknown_checklist(checklist, checklist_ids, relpath, line, column, unloaded) -> Problem:
    """A definition that did not load makes its id unknown: say so rather than suggest a typo."""
    if unloaded:
        return problem("unknown-checklist", relpath, f"checklist {checklist!r} is not loaded: "
                       f"{', '.join(sorted(unloaded))} has errors", line, column,
                       hint="fix the errors reported for that file first")
    return problem("unknown-checklist", relpath, f"unknown checklist {checklist!r}"
                   f"{did_you_mean(checklist, checklist_ids)}", line, column)
