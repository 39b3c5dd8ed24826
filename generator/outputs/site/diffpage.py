"""The "changes since the previous release" page body.

The diff's Markdown is treated like evidence: rendered by the minimal renderer, sanitised,
made inert.
"""
from __future__ import annotations

from ...evaluate.diff import diff_reports
from ...model.results import ReleaseReport
from ..changes import diff_markdown
from .evidence_view import render_markdown


def changes_html(report: ReleaseReport, all_reports: list[ReleaseReport]
                 ) -> tuple[str | None, str | None]:
    """(previous version, inert HTML), or (None, None) for the first release."""
    previous = previous_report(report, all_reports)
    if previous is None:
        return None, None
    diff = diff_markdown(diff_reports(previous, report))
    return previous.version, render_markdown(diff, css_class="ev-changes")


def previous_report(report: ReleaseReport,
                    all_reports: list[ReleaseReport]) -> ReleaseReport | None:
    versions = [r.version for r in all_reports]
    if report.previous in versions:
        return all_reports[versions.index(report.previous)]
    index = versions.index(report.version) if report.version in versions else 0
    return all_reports[index - 1] if index > 0 else None

