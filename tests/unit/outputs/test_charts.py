"""The charts: what each SVG shows, that it is inert and escaped, and its text alternative."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone

from generator.model.status import DISPLAY_ORDER
from generator.outputs import charts

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script>" onload="x'


def parse(chart: charts.Chart) -> ET.Element:
    return ET.fromstring(chart.svg)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def assert_inert(root: ET.Element) -> None:
    for element in root.iter():
        assert not element.tag.endswith("script")
        assert not element.tag.endswith("foreignObject")
        assert not [a for a in element.attrib if a.lower().startswith("on")]
        for value in element.attrib.values():
            assert "javascript:" not in value.lower()


def assert_accessible(root: ET.Element, chart: charts.Chart) -> None:
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == chart.title
    assert root.find(f"{SVG}desc").text == chart.summary


def at(day: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=timezone.utc)


def test_status_bars_show_each_section_counts_and_a_pattern_per_status():
    counts = {"complete": 3, "failed": 1, "not-due": 2}
    chart = charts.status_bars("bars", [("Build", counts), ("Empty", {})])
    root = parse(chart)
    assert_inert(root)
    assert_accessible(root, chart)
    shown = texts(root)
    assert {"Build", "Empty", "3", "1", "2", "6", "0", "no items"} <= set(shown)
    ids = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert ids == {"bars-complete", "bars-failed", "bars-not-due"}
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect")}
    assert {"url(#bars-complete)", "url(#bars-failed)", "url(#bars-not-due)"} <= fills
    # the legend names each status used, beside a swatch of its pattern
    assert {"complete", "failed", "not-due"} <= set(shown)
    assert chart.columns == ("Section", "complete", "failed", "not-due", "items")
    assert chart.rows == (("Build", "3", "1", "2", "6"), ("Empty", "0", "0", "0", "0"))
    assert "Build: 3 complete, 1 failed, 2 not-due" in chart.summary


def test_every_status_has_its_own_pattern_and_a_distinct_look():
    everything = {s: 1 for s in DISPLAY_ORDER}
    root = parse(charts.status_bars("all", [("All", everything)]))
    looks = set()
    for pattern in root.iter(f"{SVG}pattern"):
        looks.add(ET.tostring(pattern).decode().split(">", 1)[1])
    assert len(looks) == len(DISPLAY_ORDER)


def test_segment_widths_are_proportional_to_the_counts():
    root = parse(charts.status_bars("w", [("S", {"complete": 3, "missing": 1})]))
    widths = {r.get("fill"): float(r.get("width")) for r in root.iter(f"{SVG}rect")
              if (r.get("fill") or "").startswith("url(") and r.get("height") == "14"}
    assert abs(widths["url(#w-complete)"] - 3 * widths["url(#w-missing)"]) < 0.1


def test_timeline_counts_files_up_to_each_marker():
    chart = charts.evidence_timeline("t", [at(1), at(1), at(5), at(20)],
                                     target_date=date(2026, 3, 10),
                                     released_at=at(25), uncommitted=1)
    root = parse(chart)
    assert_inert(root)
    assert_accessible(root, chart)
    shown = texts(root)
    assert "4 files" in shown
    assert "target 2026-03-10" in shown and "released 2026-03-25" in shown
    assert chart.rows == (("2026-03-01", "2", "2"), ("2026-03-05", "1", "3"),
                          ("2026-03-20", "1", "4"))
    assert "3 had arrived by the target date (2026-03-10)" in chart.summary
    assert "4 had arrived by the release (2026-03-25)" in chart.summary
    assert "1 more is not committed" in chart.summary
    lines = list(root.iter(f"{SVG}line"))
    assert len(lines) == 2 and lines[0].get("stroke-dasharray") and \
        not lines[1].get("stroke-dasharray")
    step = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#1565c0"][0]
    assert step.get("d").count("V") == 4          # one rise per file


def test_timeline_without_evidence_says_so():
    chart = charts.evidence_timeline("t", [])
    assert "No evidence file committed yet." in texts(parse(chart))
    assert chart.rows == ()


def test_trend_labels_each_point_and_shows_nothing_due_as_such():
    points = [charts.TrendPoint("v1.0.0", 100), charts.TrendPoint("v1.1.0", None),
              charts.TrendPoint("v1.2.0", 40, HOSTILE)]
    chart = charts.completion_trend("trend", points)
    root = parse(chart)
    assert_inert(root)
    assert_accessible(root, chart)
    shown = texts(root)
    assert {"v1.0.0", "v1.1.0", "v1.2.0", "100%", "40%", "nothing due"} <= set(shown)
    assert shown.count("100%") == 2 and "0%" in shown   # axis labels and the first point
    assert chart.rows == (("v1.0.0", "100%"), ("v1.1.0", "nothing due"), ("v1.2.0", "40%"))
    # no line runs through the release with nothing due
    assert not list(root.iter(f"{SVG}polyline"))
    hollow = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == "#ffffff"]
    assert len(hollow) == 1
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert f"v1.2.0 — {HOSTILE}: 40%" in titles


def test_hostile_text_is_escaped_everywhere():
    bars = charts.status_bars(HOSTILE, [(HOSTILE, {"complete": 1})], title=HOSTILE)
    html = charts.figure_html(bars)
    assert "<script" not in bars.svg and "<script" not in html
    root = parse(bars)
    assert_inert(root)
    assert root.find(f"{SVG}title").text == HOSTILE
    figure = ET.fromstring(html)
    assert_inert(figure)
    assert figure.get("id") == HOSTILE        # the whole text stayed one attribute value
    assert HOSTILE in [t.text for t in figure.iter("td")]


def test_figure_holds_the_svg_caption_and_the_same_numbers():
    chart = charts.status_bars("f", [("Build", {"complete": 2, "stale": 1})])
    for mode in ("details", "table", "hidden"):
        figure = ET.fromstring(charts.figure_html(chart, data=mode))
        assert figure.tag == "figure" and figure.get("id") == "f"
        assert figure.find(f"{SVG}svg") is not None
        assert figure.find("figcaption").text == chart.caption
        table = figure.find(".//table")
        cells = [[c.text for c in row] for row in table.iter("tr")]
        assert cells == [list(chart.columns), ["Build", "2", "1", "3"]]
    assert ET.fromstring(charts.figure_html(chart)).find("details/summary") is not None


SECTIONS = [("Environment Setup", {"complete": 4, "failed": 1}),
            ("A section whose name runs on and on", {"missing": 2})]


def test_the_phone_drawing_is_narrower_with_each_name_above_its_bar():
    wide = parse(charts.status_bars("s", SECTIONS))
    phone = parse(charts.status_bars("s", SECTIONS, width=charts.PHONE_WIDTH))
    assert wide.get("viewBox").split()[2] == str(charts.WIDTH)
    assert phone.get("viewBox").split()[2] == str(charts.PHONE_WIDTH)
    assert "ev-chart__svg--phone" in phone.get("class")
    assert "A section whose name runs on and on" in texts(phone)        # room for it whole
    label = next(t for t in phone.iter(f"{SVG}text") if t.text == "Environment Setup")
    bar = next(r for r in phone.iter(f"{SVG}rect") if r.get("fill", "").startswith("url("))
    assert float(bar.get("y")) > float(label.get("y"))                   # the bar below
    assert float(bar.get("x")) == 0 and float(bar.get("width")) > 0.7 * charts.PHONE_WIDTH


def test_a_site_figure_holds_both_drawings_with_ids_of_their_own():
    html = charts.site_figure(lambda width: charts.status_bars("s", SECTIONS, width=width))
    root = ET.fromstring(html)
    drawings = root.findall(f"{SVG}svg")
    assert [("--phone" in d.get("class")) for d in drawings] == [False, True]
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    for drawing in drawings:
        for reference in drawing.get("aria-labelledby").split():
            assert drawing.find(f".//*[@id='{reference}']") is not None


def test_timeline_and_trend_draw_on_the_phone_canvas_too():
    timeline = charts.evidence_timeline("t", [at(1), at(3)], width=charts.PHONE_WIDTH)
    trend = charts.completion_trend("r", [charts.TrendPoint("v1", 50)], width=charts.PHONE_WIDTH)
    for chart in (timeline, trend):
        root = parse(chart)
        assert root.get("viewBox").split()[2] == str(charts.PHONE_WIDTH)
        assert chart.key.endswith("-phone")
        assert_accessible(root, chart)
