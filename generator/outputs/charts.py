"""Static SVG charts for the site and the pack: status bars, the evidence timeline, the trend.

Pure: numbers in, markup out, no script and no event attributes. Every text and attribute
value is XML-escaped here. Each status pairs its colour with its own pattern (solid, lines,
hatching, dots), so the charts read in greyscale print and without telling hues apart; each
chart comes with a sentence and a table holding the same numbers (`Chart`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from html import escape
from typing import Callable, Iterable, Mapping, Sequence

from ..model.results import ReleaseReport
from ..model.status import DISPLAY_ORDER, NOT_COUNTED

# Counted statuses keep the site's badge colours (white text passes 4.5:1 on each); the two
# that do not count are light tints with dark marks, so they read as "outside the figure".
FILL: dict[str, str] = {
    "complete": "#2e7d32", "waived": "#00796b", "failed": "#c62828", "missing": "#e65100",
    "unverified": "#6a1b9a", "stale": "#b26a00", "not-due": "#cfd8dc",
    "not-applicable": "#eeeeee",
}
INK: dict[str, str] = {s: ("#263238" if s in NOT_COUNTED else "#ffffff") for s in FILL}
# Marks drawn over the fill in an 8×8 tile; "complete" is the one solid fill.
MARKS: dict[str, str] = {
    "complete": "",
    "waived": '<path d="M-2 2L2 -2M0 8L8 0M6 10L10 6" stroke-width="1.6"/>',
    "failed": '<path d="M0 0L8 8M8 0L0 8" stroke-width="1.4"/>',
    "missing": '<circle cx="4" cy="4" r="1.7" stroke="none"/>',
    "unverified": '<path d="M0 2H8M0 6H8" stroke-width="1.4"/>',
    "stale": '<path d="M-2 6L2 10M0 0L8 8M6 -2L10 2" stroke-width="1.6"/>',
    "not-due": '<path d="M2 0V8M6 0V8" stroke-width="1.2"/>',
    "not-applicable": '<path d="M0 4H8M4 0V8" stroke-width="0.8"/>',
}
FONT = 'font-family="DejaVu Sans, Verdana, sans-serif"'
WIDTH = 480
# The site draws each chart a second time on this narrower canvas for phones, where the
# 480-wide one shrinks its text to 7 px: on a 350 px screen this one's text stays near 12 px.
PHONE_WIDTH = 300


@dataclass(frozen=True)
class Chart:
    """One figure: the SVG, a sentence saying what it shows, and its numbers as a table."""
    key: str                     # unique on a page: prefixes the SVG's ids
    title: str
    svg: str                     # one line of SVG markup
    summary: str                 # the figure in one or two sentences, with its numbers
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""            # shown under the figure; the summary when empty


def _x(value: object) -> str:
    """Text or attribute value, XML-escaped (quotes too)."""
    return escape(str(value), quote=True)


def _svg(key: str, title: str, summary: str, height: float, body: str,
         width: int = WIDTH) -> str:
    kind = "ev-chart__svg" + (" ev-chart__svg--phone" if width < WIDTH else "")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="{kind}" '
            f'viewBox="0 0 {width} {height:g}" width="100%" '
            f'aria-labelledby="{_x(key)}-title {_x(key)}-desc" {FONT} font-size="12">'
            f'<title id="{_x(key)}-title">{_x(title)}</title>'
            f'<desc id="{_x(key)}-desc">{_x(summary)}</desc>{body}</svg>')


def _keyed(key: str, width: int) -> str:
    """The ids' prefix: a phone drawing sits beside the wide one in the same page."""
    return key if width >= WIDTH else f"{key}-phone"


def pattern_id(key: str, status: str) -> str:
    return f"{key}-{status}"


def patterns(key: str, statuses: Iterable[str]) -> str:
    tiles = []
    for status in statuses:
        marks = MARKS[status]
        tiles.append(f'<pattern id="{_x(pattern_id(key, status))}" width="8" height="8" '
                     f'patternUnits="userSpaceOnUse"><rect width="8" height="8" '
                     f'fill="{FILL[status]}"/>'
                     + (f'<g stroke="{INK[status]}" fill="{INK[status]}">{marks}</g>'
                        if marks else "") + '</pattern>')
    return "<defs>" + "".join(tiles) + "</defs>"


def _swatch(key: str, status: str, x: float, y: float, size: float = 12) -> str:
    return (f'<rect x="{x:g}" y="{y:g}" width="{size:g}" height="{size:g}" '
            f'fill="url(#{_x(pattern_id(key, status))})" stroke="#455a64" stroke-width="0.6"/>')


def _legend(key: str, statuses: Sequence[str], top: float,
            width: int = WIDTH) -> tuple[str, float]:
    """Swatches with their names, four to a row (two on a phone); returns the markup and its
    height."""
    per_row = 4 if width >= WIDTH else 2
    parts, column = [], width / per_row
    for n, status in enumerate(statuses):
        x, y = (n % per_row) * column, top + (n // per_row) * 18
        parts.append(_swatch(key, status, x, y) +
                     f'<text x="{x + 17:g}" y="{y + 10:g}" fill="#212121">{_x(status)}</text>')
    rows = (len(statuses) + per_row - 1) // per_row
    return "".join(parts), rows * 18


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ------------------------------------------------------------------ status bars

def status_bars(key: str, sections: Sequence[tuple[str, Mapping[str, int]]],
                title: str = "Items by status, per section", width: int = WIDTH) -> Chart:
    """One stacked bar per section (`(section title, counts per status)`), a segment per
    status in DISPLAY_ORDER, each segment's count written in it when it fits. Narrower
    than WIDTH (phones), each section's name goes above its bar instead of beside it."""
    key, wide = _keyed(key, width), width >= WIDTH
    used = [s for s in DISPLAY_ORDER if any(c.get(s, 0) for _, c in sections)]
    body, top = [], 2.0
    left, right = (BAR_LEFT, width - 30) if wide else (0, width)
    for name, counts in sections:
        total = sum(counts.get(s, 0) for s in DISPLAY_ORDER)
        label = (f'<g><title>{_x(name)}: {total} item{"s" if total != 1 else ""}</title>'
                 f'<text x="0" y="{top + 11:g}" font-size="11" fill="#212121">'
                 f'{_x(_shorten(name, 24 if wide else 36))}</text></g>'
                 f'<text x="{width}" y="{top + 11:g}" text-anchor="end" font-size="11" '
                 f'fill="#424242">{total}</text>')
        bar_top = top if wide else top + 15
        body.append(label + _stack(key, counts, total, bar_top, name, left, right))
        top = bar_top + BAR_ROW if wide else bar_top + BAR_HEIGHT + 8
    legend, legend_height = _legend(key, used, top + 6, width)
    height = top + 6 + legend_height
    summary = _bars_summary(sections)
    columns = ("Section", *used, "items")
    rows = tuple((name, *(str(counts.get(s, 0)) for s in used),
                  str(sum(counts.get(s, 0) for s in DISPLAY_ORDER))) for name, counts in sections)
    caption = (f"Items by status in each of the {len(sections)} sections (the number at the "
               "right of each bar is its item count).")
    svg = _svg(key, title, summary, height, patterns(key, used) + "".join(body) + legend, width)
    return Chart(key, title, svg, summary, columns, rows, caption)


BAR_ROW, BAR_LEFT, BAR_HEIGHT = 20, 150, 14


def _stack(key: str, counts: Mapping[str, int], total: int, y: float, name: str,
           left: float, right: float) -> str:
    span = right - left
    if not total:
        return (f'<rect x="{left:g}" y="{y:g}" width="{span:g}" height="{BAR_HEIGHT}" '
                f'fill="none" stroke="#9e9e9e" stroke-dasharray="3 3"/>'
                f'<text x="{left + 6:g}" y="{y + 11:g}" fill="#424242" font-size="10">'
                f'no items</text>')
    parts, x = [], float(left)
    for status in DISPLAY_ORDER:
        count = counts.get(status, 0)
        if not count:
            continue
        width, digits = span * count / total, len(str(count))
        parts.append(f'<g><title>{_x(name)}: {count} {_x(status)}</title>'
                     f'<rect x="{x:.2f}" y="{y:g}" width="{width:.2f}" height="{BAR_HEIGHT}" '
                     f'fill="url(#{_x(pattern_id(key, status))})" stroke="#ffffff" '
                     f'stroke-width="1"/>')
        if width >= 7 * digits + 6:
            parts.append(f'<rect x="{x + width / 2 - 3.5 * digits - 2:.2f}" y="{y + 1.5:g}" '
                         f'width="{7 * digits + 4}" height="11" rx="2" fill="{FILL[status]}"/>'
                         f'<text x="{x + width / 2:.2f}" y="{y + 10.5:g}" text-anchor="middle" '
                         f'font-size="10" font-weight="bold" fill="{INK[status]}">{count}</text>')
        parts.append("</g>")
        x += width
    return "".join(parts)


def _bars_summary(sections: Sequence[tuple[str, Mapping[str, int]]]) -> str:
    described = []
    for name, counts in sections:
        shown = [f"{counts[s]} {s}" for s in DISPLAY_ORDER if counts.get(s, 0)]
        described.append(f"{name}: {', '.join(shown) if shown else 'no items'}")
    return "Items by status in each section. " + "; ".join(described) + "."


# ------------------------------------------------------------------ evidence timeline

def _moment(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.combine(value, time(0), tzinfo=timezone.utc)


def _day(value: datetime) -> str:
    return value.astimezone(timezone.utc).date().isoformat()


def evidence_timeline(key: str, arrivals: Sequence[datetime], *,
                      target_date: date | None = None, released_at: datetime | None = None,
                      uncommitted: int = 0,
                      title: str = "When the evidence arrived", width: int = WIDTH) -> Chart:
    """A cumulative step line of evidence files over time (each at the commit that added it),
    with vertical markers for the target date and the release."""
    key = _keyed(key, width)
    times = sorted(_moment(t) for t in arrivals)
    markers = [(label, _moment(when), dash) for label, when, dash in
               (("target", target_date, "5 3"), ("released", released_at, ""))
               if when is not None]
    rows = _arrival_rows(times)
    summary = _timeline_summary(times, markers, uncommitted)
    left, right, top, bottom, height = 34.0, width - 56.0, 40.0, 180.0, 206.0
    if not times:
        body = (f'<text x="{width / 2:g}" y="{height / 2:g}" text-anchor="middle" '
                f'fill="#424242">No evidence file committed yet.</text>')
        return Chart(key, title, _svg(key, title, summary, height, body, width), summary,
                     ("Date", "files added", "files in all"), rows)
    start = min([times[0]] + [m[1] for m in markers])
    end = max([times[-1]] + [m[1] for m in markers])
    span = (end - start).total_seconds() or 86400.0

    def xpos(when: datetime) -> float:
        return left + (right - left) * (when - start).total_seconds() / span

    def ypos(count: int) -> float:
        return bottom - (bottom - top) * count / len(times)

    body = [_axes(left, right, top, bottom, len(times), _day(start), _day(end))]
    points, count = [f"M{xpos(start):.2f} {bottom:g}"], 0
    for when in times:
        points.append(f"H{xpos(when):.2f}")
        count += 1
        points.append(f"V{ypos(count):.2f}")
    points.append(f"H{right:g}")
    body.append(f'<path d="{" ".join(points)}" fill="none" stroke="#1565c0" '
                f'stroke-width="2"/>')
    body.append(f'<text x="{right + 4:g}" y="{ypos(count) + 4:.2f}" '
                f'fill="#0d47a1" font-weight="bold">{count} file{"s" if count != 1 else ""}</text>')
    for n, (label, when, dash) in enumerate(markers):
        x = xpos(when)
        anchor = "end" if x > (left + right) / 2 else "start"
        shift = -4 if anchor == "end" else 4
        body.append(f'<line x1="{x:.2f}" y1="{16 + 14 * n:g}" x2="{x:.2f}" '
                    f'y2="{bottom:g}" stroke="#212121" stroke-width="1.2"'
                    + (f' stroke-dasharray="{dash}"' if dash else "") + '/>'
                    f'<text x="{x + shift:.2f}" y="{12 + 14 * n + 10:g}" '
                    f'text-anchor="{anchor}" font-size="10" fill="#212121">'
                    f'{_x(label)} {_x(_day(when))}</text>')
    svg = _svg(key, title, summary, height, "".join(body), width)
    return Chart(key, title, svg, summary, ("Date", "files added", "files in all"), rows)


def _axes(left: float, right: float, top: float, bottom: float, most: int,
          first: str, last: str) -> str:
    return (f'<path d="M{left:g} {top:g}V{bottom:g}H{right:g}" fill="none" stroke="#616161"/>'
            f'<text x="{left - 4:g}" y="{bottom + 4:g}" text-anchor="end" font-size="10" '
            f'fill="#424242">0</text>'
            f'<text x="{left - 4:g}" y="{top + 4:g}" text-anchor="end" font-size="10" '
            f'fill="#424242">{most}</text>'
            f'<text x="{left:g}" y="{bottom + 16:g}" font-size="10" fill="#424242">{_x(first)}</text>'
            f'<text x="{right:g}" y="{bottom + 16:g}" text-anchor="end" font-size="10" '
            f'fill="#424242">{_x(last)}</text>')


def _arrival_rows(times: Sequence[datetime]) -> tuple[tuple[str, ...], ...]:
    per_day: dict[str, int] = {}
    for when in times:
        per_day[_day(when)] = per_day.get(_day(when), 0) + 1
    rows, running = [], 0
    for day, added in per_day.items():
        running += added
        rows.append((day, str(added), str(running)))
    return tuple(rows)


def _timeline_summary(times: Sequence[datetime], markers: Sequence[tuple[str, datetime, str]],
                      uncommitted: int) -> str:
    if not times:
        text = "No evidence file has been committed yet."
    else:
        text = (f"{len(times)} evidence file{'s' if len(times) != 1 else ''} arrived between "
                f"{_day(times[0])} and {_day(times[-1])}.")
    for label, when, _ in markers:
        by = sum(1 for t in times if t <= when)
        name = "the target date" if label == "target" else "the release"
        text += f" {by} had arrived by {name} ({_day(when)})."
    if uncommitted:
        text += f" {uncommitted} more {'are' if uncommitted != 1 else 'is'} not committed."
    return text


# ------------------------------------------------------------------ completion trend

@dataclass(frozen=True)
class TrendPoint:
    version: str
    percent: int | None          # None: nothing counts in that release
    title: str = ""
    words: str = "nothing due"   # what stands in for the percent when it is None


def completion_trend(key: str, points: Sequence[TrendPoint],
                     title: str = "Completion per release", width: int = WIDTH) -> Chart:
    """Completion % per release in version order; a release where nothing counts is a hollow
    mark on the axis labelled with its words ("nothing due yet"), not a 100 % point, and the
    line does not pass through it."""
    key = _keyed(key, width)
    left, right, top, bottom, height = 44.0, width - 28.0, 20.0, 150.0, 172.0
    step = (right - left) / max(len(points) - 1, 1)

    def xpos(n: int) -> float:
        return left + step * n if len(points) > 1 else (left + right) / 2

    def ypos(percent: int) -> float:
        return bottom - (bottom - top) * percent / 100

    body = [f'<path d="M{left:g} {top:g}V{bottom:g}H{right:g}" fill="none" stroke="#616161"/>']
    for percent in (0, 50, 100):
        body.append(f'<text x="{left - 4:g}" y="{ypos(percent) + 4:.2f}" text-anchor="end" '
                    f'font-size="10" fill="#424242">{percent}%</text>'
                    + (f'<path d="M{left:g} {ypos(percent):.2f}H{right:g}" stroke="#e0e0e0"/>'
                       if percent else ""))
    segment: list[str] = []
    for n, point in enumerate(points):
        if point.percent is None:
            if len(segment) > 1:
                body.append(_polyline(segment))
            segment = []
        else:
            segment.append(f"{xpos(n):.2f},{ypos(point.percent):.2f}")
    if len(segment) > 1:
        body.append(_polyline(segment))
    for n, point in enumerate(points):
        body.append(_trend_mark(point, xpos(n), ypos, bottom))
    summary = _trend_summary(points)
    rows = tuple((p.version, _trend_value(p)) for p in points)
    svg = _svg(key, title, summary, height, "".join(body), width)
    return Chart(key, title, svg, summary, ("Release", "completion"), rows)


def _trend_value(point: TrendPoint) -> str:
    return point.words if point.percent is None else f"{point.percent}%"


def _polyline(points: Sequence[str]) -> str:
    return (f'<polyline points="{" ".join(points)}" fill="none" stroke="#1565c0" '
            f'stroke-width="2"/>')


def _trend_mark(point: TrendPoint, x: float, ypos, bottom: float) -> str:
    name = f"{point.version} — {point.title}" if point.title else point.version
    value = _trend_value(point)
    axis = (f'<text x="{x:.2f}" y="{bottom + 16:g}" text-anchor="middle" font-size="10" '
            f'fill="#212121">{_x(_shorten(point.version, 12))}</text>')
    if point.percent is None:
        mark = (f'<circle cx="{x:.2f}" cy="{bottom:g}" r="4.5" fill="#ffffff" stroke="#546e7a" '
                f'stroke-width="2"/><text x="{x:.2f}" y="{bottom - 9:g}" text-anchor="middle" '
                f'font-size="10" fill="#37474f">{_x(point.words)}</text>')
    else:
        y = ypos(point.percent)
        label_y = y - 9 if point.percent < 90 else y + 17
        mark = (f'<circle cx="{x:.2f}" cy="{y:.2f}" r="4" fill="#1565c0"/>'
                f'<text x="{x:.2f}" y="{label_y:.2f}" text-anchor="middle" font-size="11" '
                f'font-weight="bold" fill="#0d47a1">{point.percent}%</text>')
    return f'<g><title>{_x(name)}: {_x(value)}</title>{mark}{axis}</g>'


def _trend_summary(points: Sequence[TrendPoint]) -> str:
    if not points:
        return "No release yet."
    shown = [f"{p.version} {_trend_value(p)}" for p in points]
    return "Completion per release, oldest first: " + ", ".join(shown) + "."


# ------------------------------------------------------------------ the figure around it

def figure_html(chart: Chart, data: str = "details", phone: Chart | None = None) -> str:
    """The chart with its text alternative: the sentence as caption and the numbers as a
    table, shown in a <details> (`data="details"`), always (`"table"`), or only to screen
    readers (`"hidden"`). `phone`: the same chart drawn PHONE_WIDTH wide, which the site's
    style shows instead on narrow screens."""
    head = "".join(f"<th>{_x(c)}</th>" for c in chart.columns)
    body = "".join("<tr>" + "".join(f"<td>{_x(v)}</td>" for v in row) + "</tr>"
                   for row in chart.rows)
    table = (f'<table class="ev-chart__data"><thead><tr>{head}</tr></thead>'
             f'<tbody>{body}</tbody></table>')
    if data == "details":
        table = f'<details class="ev-chart__numbers"><summary>The numbers</summary>{table}</details>'
    elif data == "hidden":
        table = f'<div class="ev-chart__hidden">{table}</div>'
    kind = "ev-chart ev-chart--phone-too" if phone else "ev-chart"
    svg = chart.svg + (phone.svg if phone else "")
    return (f'<figure class="{kind}" id="{_x(chart.key)}">{svg}'
            f'<figcaption>{_x(chart.caption or chart.summary)}</figcaption>{table}</figure>')


# ------------------------------------------------------------------ from a report

def section_bars(report: ReleaseReport, key: str = "ev-chart-sections",
                 width: int = WIDTH) -> Chart:
    return status_bars(key, [(s.section.title, s.counts) for s in report.sections],
                       width=width)


def arrival_timeline(report: ReleaseReport, key: str = "ev-chart-timeline",
                     width: int = WIDTH) -> Chart:
    """The release's own evidence files (and _common's) at the commit that added each."""
    added = [e.history.added for e in report.evidence]
    return evidence_timeline(key, [c.committed_at for c in added if c is not None],
                             target_date=report.release.target_date,
                             released_at=report.release.released_at,
                             uncommitted=sum(1 for c in added if c is None), width=width)


def release_trend(reports: Sequence[ReleaseReport], key: str = "ev-chart-trend",
                  width: int = WIDTH) -> Chart:
    """`reports` oldest first."""
    return completion_trend(key, [TrendPoint(r.version, r.completion.percent, r.release.title,
                                             r.completion.words) for r in reports], width=width)


def site_figure(draw: Callable[[int], Chart]) -> str:
    """figure_html of `draw(width)`, drawn for screens and again for phones."""
    return figure_html(draw(WIDTH), phone=draw(PHONE_WIDTH))
