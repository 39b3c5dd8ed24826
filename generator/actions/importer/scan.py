"""Reading a Markdown checklist into a flat list of headings and task items.

Only the structure a checklist needs is recognised: ATX and setext headings, task-list items
(`- [ ]`, `* [x]`, `+ [ ]`, `1. [ ]`, nested at any depth), table rows with a `[ ]` cell, and
the text that continues an item. Code fences and HTML comments are skipped; front matter is
removed by the caller. Everything else is read past.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .strip import (
    bold_line,
    description_markdown,
    has_link,
    plain_text,
    split_attribute_id,
    split_bold_lead,
)

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")     # also indented, as fences inside list items are
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_ATX_CLOSING = re.compile(r"(?:^|[ \t])#+$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)(.*)$")
_CHECKBOX = re.compile(r"^\[([ xX]?)\](?:[ \t]+(.*)|$)")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_BLOCKQUOTE = re.compile(r"^ {0,3}> ?")
# A line of only bold text right before a list ("**Unit tests**") labels that list like a
# heading below all real ones: a section when the document has no other, else folded.
LABEL_LEVEL = 7


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    explicit_id: str | None
    line: int


@dataclass(frozen=True)
class Task:
    """A checklist item as written: its title, the list items it is nested in, its details."""
    title: str                   # plain text (Markdown removed); may be empty
    raw: str                     # the item's Markdown text
    parents: tuple[str, ...]     # titles of the enclosing list items, outermost first
    details: tuple[str, ...]     # Markdown paragraphs: text after a bold lead, the text when
    line: int                    # it has links, paragraphs under the item, other table cells


@dataclass(frozen=True)
class LabelEnd:
    """The list a bold label named has ended."""
    line: int


Event = Heading | Task | LabelEnd


@dataclass
class _ListEntry:
    """One list item while reading; a task when it has a checkbox."""
    raw: str
    content_column: int
    line: int
    is_task: bool
    parents: tuple["_ListEntry", ...] = ()
    # paragraphs, and (depth, entry) for plain bullets nested under this task
    details: list["str | tuple[int, _ListEntry]"] = field(default_factory=list)

    def freeze(self) -> Task:
        parents = tuple(t for t in (_title_and_rest(p.raw)[0] for p in self.parents) if t)
        title, rest = _title_and_rest(self.raw)
        return Task(title, self.raw, parents, tuple(rest + _rendered(self.details)), self.line)

    def owning_task(self) -> tuple[int, "_ListEntry"] | None:
        """For a plain bullet: the task it details, and how deep below it, if any."""
        for depth, parent in enumerate(reversed(self.parents)):
            if parent.is_task:
                return depth, parent
        return None


def _rendered(details: list["str | tuple[int, _ListEntry]"]) -> list[str]:
    """Paragraphs as they are; consecutive nested bullets as one Markdown list."""
    rendered: list[str] = []
    in_list = False
    for detail in details:
        if isinstance(detail, str):
            rendered.append(detail)
            in_list = False
            continue
        depth, entry = detail
        bullet = f"{'  ' * depth}- {entry.raw}"
        if in_list:
            rendered[-1] += f"\n{bullet}"
        else:
            rendered.append(bullet)
        in_list = True
    return rendered


def _title_and_rest(raw: str) -> tuple[str, list[str]]:
    """The item's title, and what of its text belongs in the description."""
    lead = split_bold_lead(raw)
    if lead is not None:
        rest = description_markdown(lead[1])
        return lead[0], [rest] if plain_text(rest) else []
    return plain_text(raw), [description_markdown(raw)] if has_link(raw) else []


def scan(text: str) -> list[Event]:
    """Headings and tasks in document order (plain list items only name their children)."""
    scanner = _Scanner()
    for number, line in enumerate(text.split("\n"), start=1):
        scanner.feed(line, number)
    return [e.freeze() if isinstance(e, _ListEntry) else e for e in scanner.events]


class _Scanner:
    def __init__(self) -> None:
        self.events: list[Heading | LabelEnd | _ListEntry] = []
        self.fence: str | None = None
        self.in_comment = False
        self.lists: list[_ListEntry] = []
        self.last_entry: _ListEntry | None = None
        self.continues = ""            # "title" | "details" | "": where a next text line goes
        self.paragraph: list[str] = []
        self.previous = ""
        self.table_header: list[str] | None = None
        self.label: tuple[str, int] | None = None   # a bold-only line, until a list follows
        self.labelled = False                       # the open list was named by a label

    def feed(self, line: str, number: int) -> None:
        self._number = number
        if self.fence is not None:
            self._inside_fence(_unquoted(line))
            return
        visible = self._without_comments(line)
        if visible is None:
            return
        line = _unquoted(visible)
        self._classify(line, number)
        self.previous = line

    def _inside_fence(self, line: str) -> None:
        stripped = line.strip()
        if stripped.startswith(self.fence) and not stripped.strip(self.fence[0]):
            self.fence = None

    def _without_comments(self, line: str) -> str | None:
        """The line with HTML comments removed; None when nothing but comment was there."""
        kept, rest, had_comment = "", line, self.in_comment
        while rest:
            if self.in_comment:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                    break
                rest, self.in_comment = rest[end + 3:], False
            else:
                start = rest.find("<!--")
                if start < 0:
                    break
                kept, rest = kept + rest[:start], rest[start + 4:]
                self.in_comment = had_comment = True
        kept += rest
        return None if had_comment and not kept.strip() else kept

    def _classify(self, line: str, number: int) -> None:
        if not line.strip():
            self._blank()
        elif fence := _FENCE.match(line):
            self.fence = fence.group(1)[0] * len(fence.group(1))
            self._end_paragraph()
        elif heading := _ATX.match(line):
            text = (heading.group(2) or "").rstrip()
            self._heading(len(heading.group(1)), _ATX_CLOSING.sub("", text), number)
        elif _SETEXT.match(line) and self.paragraph and not self.lists:
            level = 1 if line.strip().startswith("=") else 2
            self._heading(level, " ".join(self.paragraph), number - len(self.paragraph))
        elif _THEMATIC_BREAK.match(line):
            self._close_lists()
            self.paragraph = []
        elif "|" in line and _TABLE_DELIMITER.match(line) and "|" in self.previous:
            self.table_header = _cells(self.previous)
            self._end_paragraph()
        elif self._is_table_row(line):
            self._table_row(line, number)
        elif item := _LIST_ITEM.match(line):
            self._list_item(item, number)
        else:
            self._text(line)

    def _blank(self) -> None:
        self.paragraph = []
        self.table_header = None
        if self.continues:
            self.continues = "blank"

    def _end_paragraph(self) -> None:
        self.paragraph = []
        self.continues = ""

    def _close_lists(self) -> None:
        self.lists, self.last_entry, self.continues = [], None, ""
        if self.labelled:
            self.events.append(LabelEnd(self._number))
            self.labelled = False

    def _heading(self, level: int, raw: str, number: int) -> None:
        self._close_lists()
        self.label = None
        self.paragraph, self.table_header = [], None
        text, explicit_id = split_attribute_id(raw)
        title = plain_text(text)
        if title:
            self.events.append(Heading(level, title, explicit_id, number))

    def _is_table_row(self, line: str) -> bool:
        return line.lstrip().startswith("|") or (self.table_header is not None and "|" in line)

    def _table_row(self, line: str, number: int) -> None:
        if self.lists:
            self._close_lists()
        cells = _cells(line)
        found = _task_cell(cells)
        if found is None:
            return
        title_index, raw = found
        self._emit_label()
        entry = _ListEntry(raw=raw, content_column=0, line=number, is_task=True)
        entry.details.extend(_other_cells(cells, title_index, self.table_header))
        self.events.append(entry)

    def _list_item(self, item: re.Match[str], number: int) -> None:
        indent = len(item.group(1))
        content_column = indent + len(item.group(2)) + max(1, min(len(item.group(3)), 4))
        while self.lists and indent < self.lists[-1].content_column:
            self.lists.pop()
        checkbox = _CHECKBOX.match(item.group(4))
        raw = (checkbox.group(2) or "") if checkbox else item.group(4)
        entry = _ListEntry(raw.strip(), content_column, number, bool(checkbox), tuple(self.lists))
        self.lists.append(entry)
        self.last_entry, self.continues, self.paragraph = entry, "title", []
        if not entry.parents:
            self._emit_label()
        if entry.is_task:
            self.events.append(entry)
        elif (owner := entry.owning_task()) is not None:
            owner[1].details.append((owner[0], entry))

    def _emit_label(self) -> None:
        if self.label is not None:
            self.events.append(Heading(LABEL_LEVEL, self.label[0], None, self.label[1]))
            self.labelled = True
        self.label = None

    def _text(self, line: str) -> None:
        stripped = line.strip()
        entry = self.last_entry
        if entry is not None and self.continues == "title":
            entry.raw = f"{entry.raw} {stripped}".strip()
        elif entry is not None and self.continues == "details":
            entry.details[-1] = f"{entry.details[-1]} {stripped}"
        elif self.continues == "blank" and self._owner_of_indented(line) is not None:
            owner = self._owner_of_indented(line)
            owner.details.append(stripped)
            self.last_entry, self.continues = owner, "details"
        else:
            self._close_lists()
            self.paragraph.append(stripped)
            label = bold_line(stripped) if len(self.paragraph) == 1 else None
            self.label = (label, self._number) if label else None

    def _owner_of_indented(self, line: str) -> _ListEntry | None:
        """The innermost open list entry whose content this indented line belongs to."""
        indent = len(line) - len(line.lstrip(" "))
        owners = [entry for entry in self.lists if indent >= entry.content_column]
        return owners[-1] if owners else None


def _unquoted(line: str) -> str:
    """The line without blockquote markers, tabs expanded."""
    line = line.expandtabs(4)
    while _BLOCKQUOTE.match(line):
        line = _BLOCKQUOTE.sub("", line, count=1)
    return line


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", body)]


def _task_cell(cells: list[str]) -> tuple[int, str] | None:
    """(index of the cell holding the item's text, that text) for a row with a `[ ]` cell."""
    for index, cell in enumerate(cells):
        checkbox = _CHECKBOX.match(cell)
        if not checkbox:
            continue
        if checkbox.group(2):
            return index, checkbox.group(2).strip()
        following = [(i, c) for i, c in enumerate(cells) if i > index and c]
        return following[0] if following else None
    return None


def _other_cells(cells: list[str], title_index: int, header: list[str] | None) -> list[str]:
    """The row's other non-empty cells as 'Header: value' (or the bare value without a header)."""
    details = []
    for index, cell in enumerate(cells):
        if index == title_index or not cell or _CHECKBOX.match(cell):
            continue
        name = plain_text(header[index]) if header and index < len(header) else ""
        details.append(f"{name}: {cell}" if name else cell)
    return ["; ".join(details)] if details else []
