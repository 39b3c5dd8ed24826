"""Markdown checklist -> checklist definition (the plain-dict shape of content/checklists/*.yml).

Headings map to title, phases and sections by their relative depth (see docs/checklists.md):
the one top heading is the title; of the remaining heading levels that hold items, the
shallowest are phases and the next are sections; deeper headings fold into their section.
With a single level, those headings are sections of one phase. Items outside any section
go to a section named after the heading (or checklist) they sit under.

Ids are slugs (generator.actions.importer.slugs), unique per scope. The same text always gives the same output.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import yaml

from ...errors import UsageError
from .scan import LABEL_LEVEL, Event, Heading, LabelEnd, Task, scan
from .slugs import UniqueIds, drop_trailing_word, slugify, without_leading_article
from .yaml_writer import dump_definition

__all__ = ["MarkdownImportError", "dump_definition", "import_file", "import_markdown"]

CONTEXT_SEPARATOR = " › "


class MarkdownImportError(UsageError):
    """The Markdown cannot be made into a checklist; `hint` says what would work."""

    def __init__(self, source: str, message: str, hint: str) -> None:
        self.source, self.message, self.hint = source, message, hint
        super().__init__(f"{source or '<input>'}: {message}\n  hint: {hint}")


def import_markdown(text: str, source: str = "") -> dict:
    """The checklist definition for one Markdown checklist (`source` names it in errors)."""
    body, front_title = _split_front_matter(text.replace("\r\n", "\n").lstrip("\ufeff"))
    events = scan(body)
    if not any(isinstance(event, Task) and event.title for event in events):
        raise MarkdownImportError(
            source, "no checklist items found",
            "items are task-list lines such as '- [ ] Backups are tested' (also '* [ ]', "
            "'1. [ ]', '- [x]', or a '[ ]' table cell); code blocks and HTML comments are ignored",
        )
    outline = _Outline.of(events)
    title = front_title or (outline.title.title if outline.title else _title_from_name(source))
    return _Builder(title, source).build(events, outline)


def import_file(path: Path) -> dict:
    """Read one Markdown file (UTF-8) and import it; errors name the file."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MarkdownImportError(
            str(path), f"not UTF-8 text (byte {error.start + 1})", "save the file as UTF-8",
        ) from None
    return import_markdown(text, source=str(path))


@dataclass(frozen=True)
class _Outline:
    """Which headings play which part."""
    title: Heading | None
    kept: frozenset[int]          # ids of headings with items under them
    phase_level: int | None
    section_level: int | None

    @classmethod
    def of(cls, events: list[Event]) -> "_Outline":
        with_items = _headings_with_items(events)
        kept = [h for h in events if isinstance(h, Heading) and id(h) in with_items]
        title = _title_heading(kept)
        levels = sorted({h.level for h in kept if h is not title})
        phase_level = levels[0] if len(levels) >= 2 else None
        section_level = levels[1] if len(levels) >= 2 else (levels[0] if levels else None)
        return cls(title, frozenset(id(h) for h in kept), phase_level, section_level)


def _headings_with_items(events: list[Event]) -> set[int]:
    """ids of the headings that have at least one item before the next heading as high."""
    open_headings: list[Heading] = []
    kept: set[int] = set()
    for event in events:
        if isinstance(event, Heading):
            while open_headings and open_headings[-1].level >= event.level:
                open_headings.pop()
            open_headings.append(event)
        elif isinstance(event, LabelEnd):
            if open_headings and open_headings[-1].level == LABEL_LEVEL:
                open_headings.pop()
        elif event.title:
            kept.update(id(h) for h in open_headings)
    return kept


def _title_heading(kept: list[Heading]) -> Heading | None:
    """The first heading, when it is above all others (or the document's only `#`)."""
    if not kept:
        return None
    first, rest = kept[0], kept[1:]
    if rest and all(h.level > first.level for h in rest):
        return first
    return first if not rest and first.level == 1 else None


@dataclass
class _Builder:
    title: str
    source: str
    phases: list[dict] = field(default_factory=list)
    phase_ids: UniqueIds = field(default_factory=UniqueIds)
    section_ids: UniqueIds = field(default_factory=UniqueIds)
    item_ids: UniqueIds = field(default_factory=UniqueIds)
    phase: dict | None = None
    section: dict | None = None
    folds: list[Heading] = field(default_factory=list)

    def build(self, events: list[Event], outline: _Outline) -> dict:
        for event in events:
            if isinstance(event, Task):
                self._item(event)
            elif isinstance(event, LabelEnd):
                self.folds = [h for h in self.folds if h.level < LABEL_LEVEL]
            elif id(event) in outline.kept and event is not outline.title:
                self._heading(event, outline)
        return {"id": _checklist_id(self.title, self.source), "title": self.title, "version": 1,
                "phases": self.phases}

    def _heading(self, heading: Heading, outline: _Outline) -> None:
        if heading.level == outline.phase_level:
            self._start_phase(heading.title, heading.explicit_id)
        elif heading.level == outline.section_level:
            self._start_section(heading.title, heading.explicit_id)
        else:
            self.folds = [h for h in self.folds if h.level < heading.level] + [heading]

    def _start_phase(self, title: str, explicit_id: str | None = None) -> None:
        wanted = slugify(explicit_id or "") or _heading_slug(title, "phase")
        self.phase = {"id": self.phase_ids.claim(wanted), "title": title, "sections": []}
        self.phases.append(self.phase)
        self.section, self.folds = None, []

    def _start_section(self, title: str, explicit_id: str | None = None) -> None:
        if self.phase is None:
            self._start_phase(self.title)
        wanted = slugify(explicit_id or "") or _heading_slug(title, "section")
        self.section = {"id": self.section_ids.claim(wanted), "title": title, "items": []}
        self.phase["sections"].append(self.section)
        self.item_ids, self.folds = UniqueIds(), []

    def _item(self, entry: Task) -> None:
        title = entry.title
        if not title:
            return
        if self.phase is None:
            self._start_phase(self.title)
        if self.section is None:
            folds = self.folds
            self._start_section(self.phase["title"])
            self.folds = folds
        item = {"id": self.item_ids.claim(slugify(title) or "item"), "title": title}
        description = self._description(entry)
        if description:
            item["description"] = description
        self.section["items"].append(item)

    def _description(self, entry: Task) -> str:
        context = [h.title for h in self.folds] + list(entry.parents)
        parts = [f"Part of: {CONTEXT_SEPARATOR.join(context)}"] if context else []
        parts.extend(entry.details)
        return "\n\n".join(parts)


def _heading_slug(title: str, fallback: str) -> str:
    """'The Release Checklist' -> 'release'; 'The Checklist' -> 'checklist'."""
    slug = without_leading_article(slugify(title, heading=True))
    return drop_trailing_word(slug, "checklist") or fallback


def _checklist_id(title: str, source: str) -> str:
    stem = PurePath(source).stem if source else ""
    return _heading_slug(title, "") or _heading_slug(stem, "") or "checklist"


def _title_from_name(source: str) -> str:
    stem = PurePath(source).stem.replace("_", " ").replace("-", " ").strip() if source else ""
    return stem[:1].upper() + stem[1:] if stem else "Checklist"


def _split_front_matter(text: str) -> tuple[str, str]:
    """(text with front matter blanked out, its title if it gives one). Line numbers kept.

    Only a block that reads as a mapping is front matter: a document may open with a rule.
    """
    lines = text.split("\n")
    fence = lines[0].strip()
    if fence not in ("---", "+++"):
        return text, ""
    closers = ("---", "...") if fence == "---" else ("+++",)
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in closers), None)
    data = _front_matter(lines[1:end], toml=fence == "+++") if end is not None else None
    if data is None:
        return text, ""
    title = data.get("title")
    body = "\n".join([""] * (end + 1) + lines[end + 1:])
    return body, " ".join(title.split()) if isinstance(title, str) else ""


def _front_matter(lines: list[str], toml: bool) -> dict | None:
    block = "\n".join(lines)
    try:
        data = tomllib.loads(block) if toml else yaml.safe_load(block)
    except (yaml.YAMLError, tomllib.TOMLDecodeError):
        return None
    if data is None and not block.strip():
        return {}
    return data if isinstance(data, dict) else None
