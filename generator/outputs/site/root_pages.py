"""The root pages: what is across releases, built once per site into site/releases/.

The release list, the items × releases matrix and each release's changes since the one
before it. They are the only pages that read more than one release, so a release's own
folder depends on that release alone. Pure: view models from ReleaseReports, as pages.py.
"""
from __future__ import annotations

from typing import Any

from ...model.results import ReleaseReport
from ...model.times import iso
from ..charts import release_trend, site_figure
from . import links
from .diffpage import changes_html
from .pages import Hold, Page, counts_list, nav_title


def root_pages(reports: list[ReleaseReport], hold: Hold) -> list[Page]:
    """`reports` oldest first; `hold` keeps the charts, which are written in after the
    engine (slots.py). The matrix and the changes pages, which repeat what each release's
    own site says (and grow with the releases: most of the root pages' build was indexing
    them), are left out of the search index; the release list is in it."""
    pages = [Page(links.RELEASE_LIST, "releases.md.j2", "Releases",
                  releases_context(reports, hold)),
             Page(links.MATRIX, "matrix.md.j2", "Release matrix", matrix_context(reports),
                  searched=False)]
    for report in reports:
        previous, diff_html = changes_html(report, reports)
        pages.append(Page(links.changes_page(report.version), "changes.md.j2",
                          f"Changes in {report.version}",
                          {"version": report.version, "previous": previous,
                           "diff_html": diff_html,
                           "release": _release_link(links.changes_page(report.version),
                                                    report.version)}, searched=False))
    return pages


def root_navigation(reports: list[ReleaseReport]) -> list:
    return [{"Releases": links.RELEASE_LIST}, {"Release matrix": links.MATRIX},
            {"Changes": [{nav_title(r.version): links.changes_page(r.version)}
                         for r in reversed(reports)]}]


def release_summary(report: ReleaseReport) -> dict[str, Any]:
    """One release as the release list shows it (and anything else about many releases)."""
    release = report.release
    return {"version": release.version, "title": release.title, "state": release.status,
            "target_date": iso(release.target_date), "released_at": iso(release.released_at),
            "evaluated_at": iso(report.evaluated_at), "ready": report.ready,
            "completion": report.completion.percent, "total": len(report.items),
            "completion_words": report.completion.headline,
            "counts": [c for c in counts_list(report.counts) if c["count"]],
            "link": _release_link(links.RELEASE_LIST, release.version),
            "changes": links.url_of(links.changes_page(release.version))}


def releases_context(reports: list[ReleaseReport], hold: Hold) -> dict[str, Any]:
    """Newest first."""
    return {"releases": [release_summary(r) for r in reversed(reports)],
            "trend_chart": hold(site_figure(lambda width: release_trend(reports, width=width)))}


def matrix_context(reports: list[ReleaseReport]) -> dict[str, Any]:
    """Items (rows, grouped by section) by releases (columns, oldest first); cells link to that
    release's item page."""
    rows: dict[str, dict[str, Any]] = {}
    sections: dict[str, str] = {}
    for other in reversed(reports):          # newest titles win
        for section in other.sections:
            sections.setdefault(section.section.id, section.section.title)
        for result in other.items:
            rows.setdefault(result.item.ref, {"ref": result.item.ref, "title": result.item.title,
                                              "section": result.item.section_id, "cells": {}})
            rows[result.item.ref]["cells"][other.version] = result.status
    versions = [r.version for r in reports]
    ordered = sorted(rows.values(), key=lambda r: _row_order(r["ref"], reports))
    return {"versions": versions, "rows": [
        {"ref": r["ref"], "title": r["title"],
         "section": sections.get(r["section"], r["section"]),
         "cells": [{"version": v, "status": r["cells"].get(v),
                    "href": _release_link(links.MATRIX, v, links.item_page(r["ref"]))
                    if v in r["cells"] else None} for v in versions]}
        for r in ordered]}


def _release_link(from_page: str, version: str, page: str = links.OVERVIEW) -> str:
    """From a root page to a page of a release: site/releases/<page> -> site/<version>/."""
    return f"{links.to_root(from_page)}../{version}/{links.url_of(page)}"


def _row_order(ref: str, reports: list[ReleaseReport]) -> tuple:
    for age, other in enumerate(reversed(reports)):
        refs = [i.item.ref for i in other.items]
        if ref in refs:
            return (age, refs.index(ref))
    return (len(reports), 0)
