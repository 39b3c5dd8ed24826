"""One registry entry: everything the generator knows about an evidence kind."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..model.results import Verdict

Checker = Callable[[bytes, Mapping[str, Any], str], Verdict]
Display = Literal["markdown", "json", "text", "image"]   # "image": by file name only
HEAD_BYTES = 4096          # how much of a file recognition reads, unless a kind asks for more


@dataclass(frozen=True)
class Kind:
    name: str
    check: Checker                                  # (bytes, check options, path) -> Verdict
    suffixes: tuple[str, ...] = ()                  # a file named so is of this kind
    sniff: Callable[[str, bytes], bool] | None = None   # (lower-case name, head) -> is it?
    sniff_bytes: int = HEAD_BYTES                   # the head `sniff` is given
    refine: Callable[[bytes], str | None] | None = None  # a more precise kind from the head
    options: frozenset[str] = frozenset()           # the `check:` keys it accepts
    read_options: Callable[[Mapping[str, Any]], Any] | None = None   # raises OptionError
    display: Display = "text"                       # how the site and the pack show its content
    document: bool = False    # an undeclared Markdown file (kind `document`) may serve it
    record: bool = False      # a sign-off or waiver: counts through the record rules only
    takes_source: bool = False   # check() also takes `source=`: where the file was fetched from
