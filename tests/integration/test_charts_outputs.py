"""The charts in the built site (overview, root releases page) and in a rendered pack."""
from __future__ import annotations

import html
import re

import pytest

from generator.outputs.charts import arrival_timeline
from generator.outputs.pdf.render import render_pack
from generator.outputs.site.build import build_site
from tests.helpers.pack_fixtures import build_fixture
from tests.helpers.pdf import pdf_text
from tests.helpers.site_fixtures import make_reports

pytestmark = pytest.mark.slow


def figure(page: str, key: str) -> str:
    found = re.search(rf'<figure class="ev-chart[^"]*" id="{key}">(.*?)</figure>', page, re.S)
    assert found, f"no {key} on the page"
    return found.group(1)


def test_overview_and_root_releases_page_hold_their_charts(tmp_path):
    reports = make_reports(tmp_path)
    build_site(reports, tmp_path, tmp_path / "site")
    site = tmp_path / "site"
    for report in reports:
        page = html.unescape((site / report.version / "index.html").read_text())
        bars = figure(page, "ev-chart-sections")
        assert 'role="img"' in bars and "<pattern" in bars and "<details" in bars
        for section in report.sections:
            assert f"<td>{section.section.title}</td>" in bars
        timeline = figure(page, "ev-chart-timeline")
        assert "When the evidence arrived" in timeline
        assert arrival_timeline(report).summary in timeline
        assert "<script" not in page.split("<figure", 1)[1].split("</figure>")[0]
    trend = figure(html.unescape((site / "releases" / "index.html").read_text()),
                   "ev-chart-trend")
    for report in reports:
        value = (f"{report.completion.percent}%" if report.completion.percent is not None
                 else report.completion.words)
        assert f"<td>{report.version}</td><td>{value}</td>" in trend


def test_the_charts_stay_out_of_the_search_index(tmp_path):
    reports = make_reports(tmp_path)
    build_site(reports, tmp_path, tmp_path / "site")
    for index in ("v1.0.0/search/search_index.json", "releases/search/search_index.json"):
        text = (tmp_path / "site" / index).read_text(encoding="utf-8")
        for drawn in ("Items by status, per section", "When the evidence arrived",
                      "Completion per release"):
            assert drawn not in text, (index, drawn)


def test_the_pack_shows_its_own_status_bars_and_timeline(tmp_path):
    fixture = build_fixture(tmp_path / "repo")
    result = render_pack(fixture.report, fixture.root, tmp_path / "pack.pdf")
    text = " ".join(pdf_text(result.path))
    assert "Progress by section" in text and "Release history" in text
    assert "Items by status in each of the" in text          # the bars' caption
    count = len([e for e in fixture.report.evidence if e.history.added])
    assert f"{count} evidence files arrived between" in text
    for section in fixture.report.sections:
        assert section.section.title in text
