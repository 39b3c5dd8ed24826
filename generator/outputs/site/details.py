"""A check's details (Verdict.details: junit totals, slowest tests, SARIF findings, headers) as
tables. The shape differs per kind, so this renders any mapping: scalars as rows, mappings as
two-column tables, lists of mappings as tables with a column per key."""
from __future__ import annotations

import html
import json
from typing import Any, Mapping

from .escape import inert_html

MAX_ROWS = 50


def details_html(details: Mapping[str, Any]) -> str:
    if not details:
        return ""
    rows, blocks = [], []
    for key, value in details.items():
        label = _label(key)
        heading = f"<h4>{label[:1].upper()}{label[1:]}</h4>"
        if isinstance(value, Mapping) and value:
            blocks.append(heading + _pairs_table(value))
        elif _is_table(value):
            blocks.append(heading + _records_table(value))
        elif _is_pairs(value):
            blocks.append(heading + _pairs_table(value))
        else:
            rows.append((label, _cell(value)))
    summary = ("<table><tbody>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
               + "</tbody></table>") if rows else ""
    body = summary + "".join(blocks)
    return str(inert_html(f'<div class="evidence-details"><h4>Check details</h4>{body}</div>'))


def _is_table(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and bool(value) and all(
        isinstance(v, Mapping) for v in value)


def _is_pairs(value: Any) -> bool:
    """A list of (name, value) pairs, such as response headers (names may repeat)."""
    return isinstance(value, (list, tuple)) and bool(value) and all(
        isinstance(v, (list, tuple)) and len(v) == 2 and
        not isinstance(v[1], (Mapping, list, tuple)) for v in value)



def _pairs_table(value) -> str:
    items = list(value.items()) if isinstance(value, Mapping) else list(value)
    body = "".join(f"<tr><th>{_label(k)}</th><td>{_cell(v)}</td></tr>"
                   for k, v in items[:MAX_ROWS])
    return "<table><tbody>" + body + "</tbody></table>" + _more(len(items))


def _records_table(records: list) -> str:
    columns: list[str] = []
    for record in records:
        columns += [k for k in record if k not in columns]
    head = "".join(f"<th>{_label(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(r.get(c))}</td>" for c in columns) + "</tr>"
                   for r in records[:MAX_ROWS])
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return table + _more(len(records))


def _more(count: int) -> str:
    return f"<p>… and {count - MAX_ROWS} more</p>" if count > MAX_ROWS else ""


def _label(key: Any) -> str:
    return html.escape(str(key).replace("_", " "))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return html.escape(f"{value:g}")
    if isinstance(value, (list, tuple)) and not value:
        return "none"
    if isinstance(value, (list, tuple)) and all(not isinstance(v, (Mapping, list)) for v in value):
        return html.escape(", ".join(str(v) for v in value))
    if isinstance(value, (Mapping, list, tuple)):
        text = json.dumps(value, default=str, ensure_ascii=False)
        return "<code>" + html.escape(text) + "</code>"
    return html.escape(str(value))
