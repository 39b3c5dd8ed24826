"""The "changes since the previous release" page body, from generator.evaluate.diff when present.

The diff's Markdown is treated like evidence: rendered by the minimal renderer, sanitised,
made inert. When generator.evaluate.diff is missing, the page says so.
"""
from __future__ import annotations

from ...model.results import ReleaseReport
from .evidence_view import render_markdown

UNAVAILABLE = "The comparison with the previous release is not available in this build."


def changes_html(report: ReleaseReport, all_reports: list[ReleaseReport]
                 ) -> tuple[str | None, str | None, str]:
    """(previous version, inert HTML or None, note when unavailable)."""
    previous = previous_report(report, all_reports)
    if previous is None:
        return None, None, ""
    try:
        from ...evaluate.diff import diff_reports
    except ImportError:
        return previous.version, None, UNAVAILABLE
    return previous.version, render_markdown(diff_reports(previous, report).to_markdown(),
                                             css_class="ev-changes"), ""


def previous_report(report: ReleaseReport,
                    all_reports: list[ReleaseReport]) -> ReleaseReport | None:
    versions = [r.version for r in all_reports]
    if report.previous in versions:
        return all_reports[versions.index(report.previous)]
    index = versions.index(report.version) if report.version in versions else 0
    return all_reports[index - 1] if index > 0 else None

