"""GitHub Actions output: workflow-command annotations and a Markdown summary of a check.

Annotations follow the workflow-command syntax
`::error file=PATH,line=L,col=C,title=CODE::message`, escaping data (`%`, CR, LF) and
property values (also `:` and `,`) the way GitHub's own toolkit does.

GitHub keeps at most 10 error and 10 warning annotations per step and drops the rest without
a word, so the most severe come first, a notice says how many were left out, and those are
printed as plain lines. The summary lists every problem.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from ..evaluate.diff import ChangeSet
from ..model.problems import Problem
from .changes import changeset_markdown
from .markdown_text import code, escape, visible

ANNOTATION_CAP = 10         # per severity and step
SUMMARY_BYTES = 1_000_000   # GitHub refuses a step summary over 1 MiB
_COMMANDS = {"error": "error", "warning": "warning"}


def escape_data(text: str) -> str:
    """Workflow-command data: `%`, CR and LF encoded as GitHub's toolkit does, and every other
    control character shown as its escape, so a file name cannot forge a command."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    properties = [("file", problem.path), ("line", _positive(problem.line)),
                  ("col", _positive(problem.column)), ("title", problem.code)]
    rendered = ",".join(f"{name}={escape_property(str(value))}"
                        for name, value in properties if value)
    message = f"{problem.message} ({problem.hint})" if problem.hint else problem.message
    command = _COMMANDS.get(problem.severity, "notice")
    return f"::{command} {rendered}::{escape_data(message)}"


def annotations(problems: Iterable[Problem], summary: bool = False) -> str:
    """One workflow command per problem, each on its own line, up to GitHub's cap per
    severity; then a notice counting the rest, and the rest as plain lines."""
    shown: list[Problem] = []
    left: list[Problem] = []
    per_severity: dict[str, int] = {}
    for p in most_severe_first(problems):
        taken = per_severity.get(p.severity, 0)
        (shown if taken < ANNOTATION_CAP else left).append(p)
        per_severity[p.severity] = taken + 1
    lines = [annotation(p) for p in shown]
    if left:
        lines.append(_left_out_notice(left, summary))
        lines += [str(p) for p in left]
    return "".join(line + "\n" for line in lines)


def most_severe_first(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line or 0,
                                           p.column or 0))


def _left_out_notice(left: list[Problem], summary: bool) -> str:
    errors = sum(1 for p in left if p.severity == "error")
    counted = f"{_count(errors, 'error')}, {_count(len(left) - errors, 'warning')}"
    where = ("every problem is listed in the job summary" if summary else
             "run `evidence check --summary FILE` or see the lines below")
    message = (f"{_count(len(left), 'more problem')} ({counted}) not annotated: GitHub shows "
               f"at most {ANNOTATION_CAP} errors and {ANNOTATION_CAP} warnings per step; {where}")
    return f"::notice title={escape_property('evidence check')}::{escape_data(message)}"


def pr_summary(problems: Sequence[Problem], changes: ChangeSet | None) -> str:
    """Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`."""
    lines = ["## Evidence check", "", _verdict(problems), ""]
    lines += _roster_changes(changes)
    lines += _stale_signoffs(changes)
    lines += _problem_list(problems)
    if changes is not None:
        lines += ["## What this change does to the releases", ""]
        lines.append(changeset_markdown(changes, heading_level=3))
    return "\n".join(lines).rstrip("\n") + "\n"


def _positive(value: int | None) -> int | None:
    return value if value and value > 0 else None


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _verdict(problems: Sequence[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if not problems:
        return "✅ No problems found."
    mark = "❌" if errors else "⚠️"
    return f"{mark} {_count(errors, 'error')}, {_count(warnings, 'warning')}."


def _roster_changes(changes: ChangeSet | None) -> list[str]:
    if not changes or not changes.roles:
        return []
    lines = ["**⚠️ This change edits who may sign** (content/approvers.yml): a member it adds "
             "cannot sign in the same change.", ""]
    for c in changes.roles:
        parts = ([f"adds {', '.join(map(code, c.added))}"] if c.added else []) + (
            [f"removes {', '.join(map(code, c.removed))}"] if c.removed else [])
        lines.append(f"- role {code(c.role)}: {'; '.join(parts)}")
    return lines + [""]


def _stale_signoffs(changes: ChangeSet | None) -> list[str]:
    stale = [(d.new, s) for d in (changes.changed if changes else ()) for s in d.newly_stale]
    if not stale:
        return []
    lines = [f"**This change makes {_count(len(stale), 'sign-off')} stale** "
             f"(the evidence they approved changed):", ""]
    lines += [f"- {escape(release)}: {escape(s.role)} ({escape(s.after.approver)}) — "
              f"{code(s.path)}" for release, s in stale]
    return lines + [""]


def _location(problem: Problem) -> str:
    parts = [problem.path] + [str(n) for n in (problem.line, problem.column) if n and n > 0]
    return code(":".join(parts))


def _problem_list(problems: Sequence[Problem]) -> list[str]:
    """Every problem, errors first; only a list past GitHub's size limit is cut, and says so."""
    if not problems:
        return []
    ordered = most_severe_first(problems)
    lines = ["### Problems", ""]
    budget = SUMMARY_BYTES // 2          # the release changes and the rest need room too
    for n, p in enumerate(ordered):
        hint = f" — {escape(p.hint)}" if p.hint else ""
        line = (f"- **{escape(p.severity)}** {_location(p)} {code(p.code)}: "
                f"{escape(p.message)}{hint}")
        budget -= len(line.encode("utf-8")) + 1
        if budget < 0:
            lines.append(f"- … and {len(ordered) - n} more: the summary would pass GitHub's "
                         "1 MiB limit (`evidence check --format json` lists them all)")
            break
        lines.append(line)
    return lines + [""]
