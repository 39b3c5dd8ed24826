"""Jinja2 rendering of the Markdown pages (templates in generator/outputs/site/templates/).

Autoescape is on, and every value printed with `{{ }}` that is not already Markup is escaped
for Markdown too (escape.md_inline), so a template cannot forget to escape data.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ...model.status import STATUSES
from .escape import md_inline, url_link, url_path

TEMPLATES = Path(__file__).resolve().parent / "templates"
VERDICTS = ("pass", "fail", "invalid")


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return md_inline(value)


def status_badge(status: str | None) -> Markup:
    if status is None:
        return Markup('<span class="ev-status ev-status--none">—</span>')
    css = status if status in STATUSES else "unknown"
    return Markup('<span class="ev-status ev-status--{}">{}</span>').format(css, md_inline(status))


def verdict_badge(verdict: str) -> Markup:
    css = verdict if verdict in VERDICTS else "invalid"
    badge = Markup('<span class="ev-verdict ev-verdict--{}">{}</span>')
    return badge.format(css, md_inline(verdict))


def progress_bar(percent: int) -> Markup:
    percent = max(0, min(100, int(percent)))
    return Markup('<span class="ev-progress" role="progressbar" aria-valuenow="{0}" '
                  'aria-valuemin="0" aria-valuemax="100"><span class="ev-progress__bar" '
                  'style="width: {0}%"></span></span>').format(percent)


def short_sha(sha: str | None) -> str:
    return (sha or "")[:10]


def human_size(size: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


def trusted(html: str) -> Markup:
    """HTML this package produced and made inert (escape.inert_html)."""
    return Markup(html)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             finalize=_finalize, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters.update(badge=status_badge, verdict=verdict_badge, bar=progress_bar,
                       short_sha=short_sha, size=human_size, trusted=trusted, url=url_path,
                       link=url_link,
                       md=md_inline)
    return env


def render_page(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(**context)


def page_source(template: str, context: dict[str, Any], searched: bool = True) -> str:
    """A generated page: its front matter, then the template's Markdown.

    `markdown: gfm` says the page is GitHub Flavored Markdown, which the build engine's worker
    renders with cmark-gfm (engine_worker.py); any other engine reads it with its own
    Markdown as the same page. `meta_title`, where the page has one, is its title (JSON,
    which YAML reads as it is). A page not `searched` is left out of the search index
    (Material's `search: exclude`), which then does not parse it either."""
    front = [f"title: {context['meta_title']}"] if "meta_title" in context else []
    front += [] if searched else ["search:", "  exclude: true"]
    return "\n".join(["---", *front, "markdown: gfm", "---", render_page(template, context)])
