"""The pages of one release's site: which pages exist, their navigation, and what each shows.

Pure: builds plain dictionaries (view models) for the templates from ReleaseReports. Evidence
views (rendered content) are computed by the caller and passed in. Each evidence record of an
item page (its provenance, check details and content), and each item's list of evidence on
its section page, is HTML that the engine never sees: the caller's `hold` keeps it and gives
the placeholder the page holds (slots.py).
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import yaml

from ...model.results import ItemResult, ReleaseReport
from ...model.status import DISPLAY_ORDER
from ...model.times import iso, long_duration
from ..blockers import blocker_lines
from ..charts import arrival_timeline, section_bars, site_figure
from . import links, stamp
from .details import details_html
from .evidence_view import EvidenceView, render_markdown
from .render import render_page


@dataclass(frozen=True)
class Page:
    path: str                  # docs-relative Markdown path
    template: str
    title: str
    context: Mapping[str, Any] = field(default_factory=dict)
    searched: bool = True      # in the site's search index


@dataclass(frozen=True)
class SiteLinks:
    """Things outside the report that pages link to."""
    pdf_name: str | None = None
    repo_url: str | None = None
    handwritten_nav: tuple = ()


def counts_list(counts: Mapping[str, int]) -> list[dict[str, Any]]:
    return [{"status": s, "count": counts.get(s, 0)} for s in DISPLAY_ORDER]


Hold = Callable[[str], Any]     # HTML -> the placeholder written in its place


def release_pages(report: ReleaseReport, views: Mapping[str, EvidenceView],
                  site: SiteLinks, hold: Hold) -> list[Page]:
    """Every page of one release, from that release alone: what is across releases (the
    release list, the matrix, the changes) is on the root pages (root_pages.py)."""
    pages = [Page(links.OVERVIEW, "overview.md.j2", "Overview", overview(report, site, hold))]
    for section in report.sections:
        page = links.section_page(section.section.id)
        pages.append(Page(page, "section.md.j2", section.section.title,
                          section_context(section, page, hold)))
        for item in section.items:
            item_page = links.item_page(item.item.ref)
            pages.append(Page(item_page, "item.md.j2", item.item.title,
                              {**item_context(report, item, item_page, views, site, hold),
                               "meta_title": json.dumps(nav_title(item.item.title))}))
    pages += [
        Page(links.SIGNOFFS, "signoffs.md.j2", "Sign-offs", signoffs_context(report)),
        Page(links.WAIVERS, "waivers.md.j2", "Waivers", waivers_context(report)),
        Page(links.ACROSS, "across.md.j2", "All releases", across_context(report)),
    ]
    return pages


def navigation(report: ReleaseReport, handwritten_nav: tuple = ()) -> list:
    """mkdocs.yml `nav`: phases, their sections, then the fixed pages. Item pages are reached
    from their section (and search, and the matrix), not from the sidebar: Material renders
    the whole nav into every page, which grows with pages x nav entries.

    MkDocs themes print nav titles as they are, so titles are HTML-escaped; Material also
    prints them through `striptags` (which unescapes) into <title>, so angle brackets become
    look-alike quotation marks first."""
    def entry(title: str, target: Any) -> dict:
        return {nav_title(title): target}

    phases = []
    for phase in report.phases:
        sections = []
        for section in phase.sections:
            sections.append(entry(section.section.title, links.section_page(section.section.id)))
        phases.append(entry(phase.phase.title, sections))
    nav = [entry("Overview", links.OVERVIEW), *phases,
           entry("Sign-offs", links.SIGNOFFS), entry("Waivers", links.WAIVERS),
           entry("All releases", links.ACROSS)]
    if handwritten_nav:
        nav.append(entry("Guides", list(handwritten_nav)))
    return nav


def nav_title(title: str) -> str:
    return html.escape(title.replace("<", "\u2039").replace(">", "\u203a"))


def overview(report: ReleaseReport, site: SiteLinks, hold: Hold) -> dict[str, Any]:
    release = report.release
    return {
        "version": release.version, "title": release.title, "state": release.status,
        "product": report.product_name, "target_date": iso(release.target_date),
        "released_at": iso(release.released_at), "tags": list(release.tags),
        "ready": report.ready, "blockers": blocker_lines(report),
        "completion": report.completion.percent, "formula": report.completion.formula,
        "completion_words": report.completion.headline,
        "counts": counts_list(report.counts), "total": len(report.items),
        "phases": [{"title": p.phase.title,
                    "sections": [section_row(s, links.OVERVIEW) for s in p.sections]}
                   for p in report.phases],
        "signoffs": [signoff_row(s, report) for s in report.signoffs],
        # stamped after the build (site/stamp.py), so a new commit alone rebuilds nothing
        "evaluated_at": stamp.EVALUATED_AT, "source_commit": stamp.SOURCE_COMMIT,
        "checklists": [{"title": c.title, "version": c.version} for c in report.checklists],
        "pdf_name": site.pdf_name, "warnings": list(report.warnings),
        # written in after the engine, like evidence: no Markdown pass, no SVG text in search
        "section_chart": hold(site_figure(lambda width: section_bars(report, width=width))),
        "timeline_chart": hold(site_figure(lambda width: arrival_timeline(report, width=width))),
    }


def section_row(section, from_page: str) -> dict[str, Any]:
    counts = section.counts
    return {"title": section.section.title,
            "link": links.md_link(from_page, links.section_page(section.section.id)),
            "completion": section.completion.percent, "total": len(section.items),
            "completion_words": section.completion.words,
            "counts": [c for c in counts_list(counts) if c["count"]]}


def section_context(section, page: str, hold: Hold) -> dict[str, Any]:
    return {
        "title": section.section.title, "id": section.section.id,
        "owner": section.section.owner, "completion": section.completion.percent,
        "completion_words": section.completion.headline,
        "counts": [c for c in counts_list(section.counts) if c["count"]],
        "items": [{"title": i.item.title, "ref": i.item.ref, "status": i.status,
                   "link": links.md_link(page, links.item_page(i.item.ref)),
                   "reasons": list(i.reasons),
                   "evidence": hold(render_page("section_evidence.html.j2", {"evidence": [
                       {"path": e.file.path, "verdict": e.verdict.verdict,
                        "link": links.html_link(page, links.item_page(i.item.ref))
                        + "#" + links.evidence_anchor(e.file.path)}
                       for e in i.evidence]}))}
                  for i in section.items],
    }


def item_context(report: ReleaseReport, result: ItemResult, page: str,
                 views: Mapping[str, EvidenceView], site: SiteLinks,
                 hold: Hold) -> dict[str, Any]:
    item = result.item
    return {
        "title": item.title, "ref": item.ref, "status": result.status,
        "reasons": list(result.reasons),
        "description": render_markdown(item.description, css_class="item-description")
        if item.description else None,
        "section_link": links.md_link(page, links.section_page(item.section_id)),
        "requires": [{"kind": r.kind, "check": {k: option_text(v) for k, v in r.check.items()}}
                     for r in item.requires],
        "max_age": long_duration(item.max_age) if item.max_age else None,
        "applies_if": item.applies_if, "signoff_role": item.signoff_role,
        "waiver": waiver_row(result.waiver, report) if result.waiver else None,
        "signoff": signoff_row(result.signoff, report) if result.signoff else None,
        "evidence": [evidence_record(evidence_entry(e, views.get(e.file.path), site), hold)
                     for e in result.evidence],
    }


class _OptionDumper(yaml.SafeDumper):
    """Dumps the loader's position-keeping dict and list subclasses as plain ones."""


_OptionDumper.add_multi_representer(dict, yaml.SafeDumper.represent_dict)
_OptionDumper.add_multi_representer(list, yaml.SafeDumper.represent_list)


def option_text(value: Any) -> str:
    """A check option as its checklist writes it: YAML in flow style (`true`, `[200, 301]`)."""
    text = yaml.dump(value, Dumper=_OptionDumper, default_flow_style=True, sort_keys=False,
                     width=1 << 20)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def evidence_entry(result, view: EvidenceView | None, site: SiteLinks) -> dict[str, Any]:
    f, history = result.file, result.history
    return {
        "path": f.path, "name": f.path.rsplit("/", 1)[-1], "anchor": links.evidence_anchor(f.path),
        "kind": f.kind, "size": f.size, "sha256": f.sha256,
        "verdict": result.verdict.verdict, "verdict_reasons": list(result.verdict.reasons),
        "collected_at": iso(result.collected_at), "refused_time": result.refused_time,
        "state": history.state,
        "added": commit_row(history.added, site),
        "changed": commit_row(history.changed, site)
        if history.changed is not history.added else None,
        "details": details_html(result.verdict.details),
        "view": view.view if view else "unreadable",
        "html": view.html if view else "",
    }


def evidence_record(entry: dict[str, Any], hold: Hold) -> dict[str, Any]:
    """The entry with its record: the HTML below its heading, held out of the Markdown."""
    return {**entry, "record": hold(render_page("evidence.html.j2", {"e": entry}))}


def commit_row(commit, site: SiteLinks) -> dict[str, Any] | None:
    """A commit as the pages show it: sha, author, committer when another, date, pull request."""
    if commit is None:
        return None
    repo = site.repo_url.rstrip("/") if site.repo_url else None
    return {"sha": commit.sha, "url": f"{repo}/commit/{commit.sha}" if repo else None,
            "author": f"{commit.author_name} <{commit.author_email}>",
            "committer": None if commit.committed_by_author
            else f"{commit.committer_name} <{commit.committer_email}>",
            "committed_at": iso(commit.committed_at), "pull_request": commit.pull_request,
            "pull_request_url": f"{repo}/pull/{commit.pull_request}"
            if repo and commit.pull_request else None}


def signoff_row(result, report: ReleaseReport) -> dict[str, Any]:
    """A sign-off as readers name things: the role's title, the approver's name."""
    s = result.signoff
    return {"role": report.role_title(s.role), "role_id": s.role,
            "approver": report.person(s.approver), "approver_address": s.approver,
            "decision": s.decision, "date": iso(s.date),
            "scope": s.scope if isinstance(s.scope, str) else ", ".join(s.scope),
            "conditions": s.conditions, "verified": result.verified, "stale": result.stale,
            "reasons": list(result.reasons), "path": s.path, "proof": result.proof,
            "commits": [commit_row(c, SiteLinks()) for c in result.history.commits]}


def _named(report: ReleaseReport, address: str) -> str:
    """`Name <address>` when the roster names the address, else the address."""
    name = report.person(address)
    return address if name == address else f"{name} <{address}>"


def waiver_row(result, report: ReleaseReport) -> dict[str, Any]:
    w = result.waiver
    return {"items": list(w.items), "type": w.type, "reason": w.reason,
            "approved_by": report.person(w.approved_by), "expires": iso(w.expires),
            "verified": result.verified, "expired": result.expired, "counts": result.counts,
            "reasons": list(result.reasons), "path": w.path}


def signoffs_context(report: ReleaseReport) -> dict[str, Any]:
    required = sorted({i.item.signoff_role for i in report.items if i.item.signoff_role})
    return {"signoffs": [signoff_row(s, report) for s in report.signoffs],
            "required_roles": [report.role_title(r) for r in required],
            "roster_changes": [{"role": report.role_title(c.role),
                                "added": [_named(report, a) for a in c.added],
                                "removed": [_named(report, a) for a in c.removed],
                                "commit": commit_row(c.commit,
                                                                                 SiteLinks())}
                               for c in report.roster_changes]}


def waivers_context(report: ReleaseReport) -> dict[str, Any]:
    return {"waivers": [dict(waiver_row(w, report), item_links=[
        {"ref": ref, "link": links.md_link(links.WAIVERS, links.item_page(ref))}
        for ref in w.waiver.items if ref in {i.item.ref for i in report.items}])
        for w in report.waivers]}


def across_context(report: ReleaseReport) -> dict[str, Any]:
    """Links from this release to the root pages: relative, so this release's bytes do not
    depend on any other release."""
    up = links.to_root(links.ACROSS) + "../" + links.ROOT_FOLDER + "/"
    return {"version": report.version, "releases": up,
            "matrix": up + links.url_of(links.MATRIX),
            "changes": up + links.url_of(links.changes_page(report.version))}
