"""Evidence HTML kept out of the engine: a staged page holds one placeholder comment per
evidence view, and the view's HTML is written into the built page after the engine ran.

The views are sanitised HTML already (evidence_view.py). Passed through the page's Markdown
they were parsed twice more for nothing (Python-Markdown's raw-HTML pass, then the search
index), which was half of a release's engine time; and no Markdown extension can touch what
never reaches Markdown. Every engine keeps an HTML comment on a line of its own as it is.
The evidence's text is therefore not in the search index: search finds pages by their own
text (titles, statuses, reasons, paths, provenance). The charts (trusted SVG, outputs/charts.py)
are held the same way: their numbers are in the tables beside them.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Mapping

from markupsafe import Markup

_MARK = "EVIDENCESLOT"
_SLOT = re.compile(rb"<!--EVIDENCESLOT([0-9a-f]{16})-->")


class Slots:
    """The views of one release by key: the first 16 hex digits of their SHA-256, so the
    same bytes give the same placeholder in every build."""

    def __init__(self) -> None:
        self.html: dict[str, str] = {}

    def hold(self, fragment: str) -> Markup:
        key = hashlib.sha256(fragment.encode("utf-8")).hexdigest()[:16]
        self.html[key] = fragment
        return Markup(f"<!--{_MARK}{key}-->")


def fill_slots(site: Path, slots: Mapping[str, str]) -> None:
    """Put each view into the built pages of `site` in place of its placeholder, in one pass
    per page (a view's own text cannot open a comment: it is escaped)."""
    if not slots:
        return
    views = {key.encode(): fragment.encode("utf-8") for key, fragment in slots.items()}
    for page in sorted(site.rglob("*.html")):
        data = page.read_bytes()
        if _MARK.encode() in data:
            page.write_bytes(_SLOT.sub(lambda m: views.get(m.group(1), m.group(0)), data))
