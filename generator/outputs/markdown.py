"""`evidence status --format markdown`: a release's status as a Markdown table."""
from __future__ import annotations

from ..model.results import ReleaseReport
from ..model.status import STATUSES
from .markdown_text import escape


def release_markdown(report: ReleaseReport) -> str:
    release = report.release
    verdict = "**ready**" if report.ready else "**not ready**"
    counts = ", ".join(f"{n} {s}" for s, n in report.counts.items() if n)
    lines = [f"## {escape(release.version)} — {escape(release.title)}", "",
             f"Status: {release.status}; {verdict}; completion {report.completion.headline} "
             f"({report.completion.formula}).", "", f"Counts: {counts}.", "",
             "| Section | Completion | " + " | ".join(STATUSES) + " |",
             "|---|---:|" + "---:|" * len(STATUSES)]
    for section in report.sections:
        cells = " | ".join(str(section.counts[s]) for s in STATUSES)
        lines.append(f"| {escape(section.section.title)} | {section.completion.words} | {cells} |")
    lines += ["", "| Item | Status | Reasons |", "|---|---|---|"]
    for result in report.items:
        reasons = "; ".join(escape(r) for r in result.reasons)
        lines.append(f"| `{result.item.ref}` | {result.status} | {reasons} |")
    return "\n".join(lines) + "\n"
