"""Terminal output with rich: problem lists and status tables."""
from __future__ import annotations

from typing import Sequence, TextIO

from rich.console import Console
from rich.markup import escape as _markup_escape
from rich.table import Table
from rich.text import Text

from ..evaluate.expiry import ExpiryWarning
from ..model.problems import Problem
from ..model.results import ReleaseReport
from ..model.status import STATUSES, Completion
from .markdown_text import visible

STATUS_STYLES = {
    "complete": "green", "waived": "cyan", "not-applicable": "bright_black",
    "not-due": "blue", "missing": "dark_orange", "stale": "yellow", "unverified": "magenta",
    "failed": "bold red",
}


def escape(text: object) -> str:
    """Untrusted text for rich: control characters shown, markup inert."""
    return _markup_escape(visible(text))


def console(stderr: bool = False, file: TextIO | None = None) -> Console:
    return Console(stderr=stderr, file=file, highlight=False, soft_wrap=True)


def write_problems(stream: TextIO, problems: Sequence[Problem]) -> None:
    print_problems(console(file=stream), problems)


def write_status(stream: TextIO, reports: Sequence[ReleaseReport],
                 expiring: Sequence[ExpiryWarning], detail: bool) -> None:
    out = console(file=stream)
    for report in reports:
        print_release(out, report, detail=detail)
    for warning in expiring:
        out.print(f"[yellow]expiring:[/yellow] {escape(warning.message)}")


def print_problems(out: Console, problems: Sequence[Problem]) -> None:
    for p in problems:
        style = "red" if p.severity == "error" else "yellow"
        hint = f" [dim]({escape(p.hint)})[/dim]" if p.hint else ""
        out.print(f"{escape(p.path)}:{p.line}:{p.column}: [{style}]{p.severity} {p.code}[/{style}]: "
                  f"{escape(p.message)}{hint}")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    verdict = "[green]no problems[/green]" if not problems else (
        f"[red]{errors} error(s)[/red], [yellow]{warnings} warning(s)[/yellow]")
    out.print(verdict)


def bar(completion: Completion, width: int = 20) -> Text:
    """A filled bar, or a blank one when nothing counts (never a full bar for nothing done)."""
    if not completion.counted:
        return Text(" " * width)
    filled = round(completion.value * width)
    return Text("█" * filled, style="green") + Text("░" * (width - filled), style="bright_black")


def counts_text(counts: dict[str, int]) -> Text:
    text = Text()
    for status in STATUSES:
        if counts.get(status):
            text.append(f"{counts[status]} {status}  ", style=STATUS_STYLES[status])
    return text


def print_release(out: Console, report: ReleaseReport, detail: bool) -> None:
    release = report.release
    ready = Text("READY", style="bold green") if report.ready else Text("NOT READY",
                                                                          style="bold red")
    out.print(Text.assemble((f"{release.version}", "bold"), f"  {visible(release.title)}  ",
                            (release.status, "italic"), "  ", ready))
    out.print(Text.assemble("completion ", bar(report.completion),
                            f" {report.completion.headline}  ", (report.completion.formula, "dim")))
    out.print(counts_text(report.counts))
    table = Table(show_edge=False, pad_edge=False, box=None)
    for column in ("section", "progress", "", "counts"):
        table.add_column(column)
    for section in report.sections:
        table.add_row(escape(section.section.title), bar(section.completion, 12),
                      section.completion.words, counts_text(section.counts))
    out.print(table)
    if detail:
        _print_items(out, report)
    for blocker in report.blockers[:10]:
        out.print(f"  [red]blocks:[/red] {escape(blocker)}")
    if len(report.blockers) > 10:
        out.print(f"  … and {len(report.blockers) - 10} more blockers")
    out.print()


def _print_items(out: Console, report: ReleaseReport) -> None:
    table = Table(show_edge=False, box=None)
    table.add_column("item", overflow="fold")  # a reference is wrapped, never cut
    table.add_column("status", no_wrap=True)
    table.add_column("reasons", overflow="fold")
    for result in report.items:
        style = STATUS_STYLES[result.status]
        reasons = "\n".join(escape(r) for r in result.reasons)
        table.add_row(escape(result.item.ref), Text(result.status, style=style), reasons)
    out.print(table)
