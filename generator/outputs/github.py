"""GitHub Actions output: workflow-command annotations and a Markdown summary of a check.

Annotations follow the workflow-command syntax
`::error file=PATH,line=L,col=C,title=CODE::message`, escaping data (`%`, CR, LF) and
property values (also `:` and `,`) the way GitHub's own toolkit does.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from ..evaluate.diff import ChangeSet
from ..model.problems import Problem
from .changes import changeset_markdown
from .markdown_text import code, escape, visible

SUMMARY_LIMIT = 50          # problems listed in a summary; the rest are counted
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


def annotations(problems: Iterable[Problem]) -> str:
    """One workflow command per problem, each on its own line."""
    return "".join(annotation(p) + "\n" for p in problems)


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
    if not problems:
        return []
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line or 0,
                                              p.column or 0))
    lines = ["### Problems", ""]
    for p in ordered[:SUMMARY_LIMIT]:
        hint = f" — {escape(p.hint)}" if p.hint else ""
        lines.append(f"- **{escape(p.severity)}** {_location(p)} {code(p.code)}: "
                     f"{escape(p.message)}{hint}")
    if len(ordered) > SUMMARY_LIMIT:
        lines.append(f"- … and {len(ordered) - SUMMARY_LIMIT} more "
                     f"(run `evidence check` locally for the full list)")
    return lines + [""]
