"""Terminal, site, pack and Markdown status say the same of what counts for nothing: a section
whose items are all not-due or not-applicable, and a release with nothing due, never read as a
full 100 % bar."""
import html
import io
import re

import pytest
from rich.console import Console

from generator.model.project import Checklist, Phase, Section
from generator.outputs.markdown import release_markdown
from generator.outputs.pdf.render import render_html
from generator.outputs.site.pages import SiteLinks, overview, section_context
from generator.outputs.site.render import render_page
from generator.outputs.site.slots import Slots
from generator.outputs.text import print_release
from tests.helpers import reports

STATUSES = {"later/a": "not-due", "later/b": "not-due", "skip/c": "not-applicable",
            "work/d": "complete", "work/e": "missing"}
SECTIONS = {"later": "Later Checks", "skip": "Skipped Checks", "work": "Work Checks"}


def checklist(statuses) -> Checklist:
    sections = tuple(Section(sid, title, "p", tuple(reports.item(ref, phase="p")
                                                    for ref in statuses if ref.startswith(sid)))
                     for sid, title in SECTIONS.items())
    return Checklist("production-deployment", "Checklist", 1, (Phase("p", "Phase", sections),),
                     "content/checklists/production-deployment.yml")


def report_of(statuses):
    return reports.report("v1", statuses, checklist=checklist(statuses))


def plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def terminal(report) -> str:
    out = io.StringIO()
    print_release(Console(file=out, width=200, no_color=True), report, detail=False)
    return " ".join(out.getvalue().split())


def site(report) -> str:
    page = render_page("overview.md.j2", overview(report, SiteLinks(), Slots().hold))
    sections = [render_page("section.md.j2",
                            section_context(s, "sections/x/index.md", Slots().hold))
                for s in report.sections]
    return plain(" ".join([page, *sections]))


def pack(report) -> str:
    return plain(render_html(report, {}, page_size="A4"))


def markdown(report) -> str:
    return " ".join(release_markdown(report).split())


OUTPUTS = {"terminal": terminal, "site": site, "pack": pack, "markdown": markdown}


@pytest.mark.parametrize("output", OUTPUTS)
def test_sections_that_count_for_nothing_are_worded_alike(output):
    text = OUTPUTS[output](report_of(STATUSES))
    assert re.search(r"Later Checks\W.*?nothing due yet", text), text
    assert re.search(r"Skipped Checks\W.*?not applicable", text), text
    assert "Later Checks 100%" not in text and "100%" not in text
    assert "50%" in text


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_release_with_nothing_due_shows_no_bar_and_says_so(output):
    text = OUTPUTS[output](report_of({"later/a": "not-due", "later/b": "not-due"}))
    assert "nothing due yet" in text and "100%" not in text and "█" not in text


def test_no_output_draws_a_filled_bar_for_nothing_due():
    report = report_of({"later/a": "not-due"})
    assert "█" not in terminal(report)
    assert "ev-progress" not in render_page("overview.md.j2", overview(report, SiteLinks(), Slots().hold))
    assert 'class="fill"' not in render_html(report, {}, page_size="A4")
