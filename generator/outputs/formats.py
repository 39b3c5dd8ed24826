"""The registered formats of `evidence status`, `check`, `diff` and `export`.

Each format is one function writing to a stream; adding a format is one function in its own
module under outputs/ and one line in a table here. The command line's `--format` choices
come from these tables.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Sequence, TextIO

from ..evaluate.diff import ChangeSet, ReleaseDiff
from ..evaluate.expiry import ExpiryWarning, expiring
from ..model.problems import Problem
from ..model.results import ReleaseReport
from .json import check_json, status_json

# Each format's module is imported by its function: a command loads only the one it writes.


@dataclass(frozen=True)
class StatusView:
    reports: Sequence[ReleaseReport]     # newest first, or the one asked for
    as_of: datetime
    warn_days: int
    one_release: bool                    # a release was named: show its items too


@dataclass(frozen=True)
class CheckView:
    problems: Sequence[Problem]
    changes: ChangeSet | None            # with --base
    checked: Sequence[str] = ()          # every file read (a JUnit test case each)
    summary: bool = False                # --summary writes the full list elsewhere
    expiring: Sequence[ExpiryWarning] = ()   # about to lapse (also among the problems)


def _status_json(view: StatusView, out: TextIO) -> None:
    if view.one_release:
        out.write(json.dumps(status_json(view.reports[0]), indent=2, ensure_ascii=False) + "\n")
        return
    write_every_status_json([release_status_json(r) for r in view.reports], out)


def release_status_json(report: ReleaseReport) -> bytes:
    """One release's part of `status --format json` for every release."""
    # every release at once can be tens of MB, written compact by orjson (ten times the
    # standard library's C encoder; the same JSON, with text as UTF-8 rather than \u escapes)
    import orjson
    return orjson.dumps(status_json(report))


def write_every_status_json(parts: Sequence[bytes], out: TextIO) -> None:
    """`status --format json` of every release from their parts (newest first): the bytes
    one orjson.dumps of the whole would give, compact as it writes."""
    text = b'{"releases":[' + b",".join(parts) + b"]}\n"
    binary = getattr(out, "buffer", None)
    if binary is None:
        out.write(text.decode("utf-8"))
        return
    out.flush()                 # the bytes as they are, not decoded to be encoded again
    binary.write(text)


def _status_markdown(view: StatusView, out: TextIO) -> None:
    from . import markdown
    out.write("\n".join(markdown.release_markdown(r) for r in view.reports) + "\n")


def _status_text(view: StatusView, out: TextIO) -> None:
    warnings = [w for r in view.reports for w in expiring(r, view.as_of, view.warn_days)]
    from . import text  # rich: only for the terminal formats
    text.write_status(out, view.reports, warnings, detail=view.one_release)


def _check_json(view: CheckView, out: TextIO) -> None:
    out.write(json.dumps(check_json(view.problems, view.changes, view.expiring), indent=2)
              + "\n")


def _check_github(view: CheckView, out: TextIO) -> None:
    from . import github
    out.write(github.annotations(view.problems, summary=view.summary) + "\n")


def _check_sarif(view: CheckView, out: TextIO) -> None:
    from . import sarif
    out.write(json.dumps(sarif.sarif_log(view.problems), indent=2, ensure_ascii=False) + "\n")


def _check_junit(view: CheckView, out: TextIO) -> None:
    from . import junit
    out.write(junit.junit_xml(view.problems, view.checked) + "\n")


def _check_gitlab(view: CheckView, out: TextIO) -> None:
    from . import gitlab
    out.write(json.dumps(gitlab.code_quality(view.problems), indent=2, ensure_ascii=False) + "\n")


def _check_text(view: CheckView, out: TextIO) -> None:
    from . import text
    text.write_problems(out, view.problems)
    if view.changes is not None:
        from . import changes
        out.write(changes.changeset_text(view.changes) + "\n")


def _diff_json(diff: ReleaseDiff, out: TextIO) -> None:
    from . import changes
    out.write(json.dumps(changes.diff_json(diff), indent=2) + "\n")


def _diff_markdown(diff: ReleaseDiff, out: TextIO) -> None:
    from . import changes
    out.write(changes.diff_markdown(diff) + "\n")


def _diff_text(diff: ReleaseDiff, out: TextIO) -> None:
    from . import changes
    out.write(changes.diff_text(diff) + "\n")


STATUS_FORMATS: dict[str, Callable[[StatusView, TextIO], None]] = {
    "text": _status_text, "json": _status_json, "markdown": _status_markdown}
CHECK_FORMATS: dict[str, Callable[[CheckView, TextIO], None]] = {
    "text": _check_text, "json": _check_json, "github": _check_github, "sarif": _check_sarif,
    "junit": _check_junit, "gitlab": _check_gitlab}
DIFF_FORMATS: dict[str, Callable[[ReleaseDiff, TextIO], None]] = {
    "text": _diff_text, "json": _diff_json, "markdown": _diff_markdown}

# `evidence export FORMAT RELEASE`: one release as a document another tool reads.
def _export_oscal(report: ReleaseReport) -> str:
    from . import oscal
    return oscal.assessment_results_text(report)


EXPORT_FORMATS: dict[str, Callable[[ReleaseReport], str]] = {"oscal": _export_oscal}
