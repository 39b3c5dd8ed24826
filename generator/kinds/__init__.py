"""Evidence kinds: one module per kind, one registry entry each; recognising and checking files.

A kind module offers a `Kind` entry (kind.py): its check `(bytes, options, path) -> Verdict`,
the file names and content it is recognised by, its `check:` options, and how its content is
shown. Adding a kind is one module and one line in REGISTRY. Nothing here reads files: callers
pass the bytes.
"""
from __future__ import annotations

import codecs
from collections.abc import Mapping
from typing import Any

from ..model.results import Verdict, invalid
from . import documents, http_headers, junit, probe, records, sarif
from ._common import OptionError, parse_json
from .kind import HEAD_BYTES, Display, Kind

# Recognition order: by file name first, then by content, each in this order.
REGISTRY: tuple[Kind, ...] = (
    http_headers.KIND, junit.KIND, sarif.KIND, probe.KIND, records.SIGNOFF, records.WAIVER,
    documents.SCREENSHOT, documents.DOCUMENT, documents.RUNBOOK, documents.RELEASE_NOTES,
    documents.ANY,
)
KINDS: Mapping[str, Kind] = {kind.name: kind for kind in REGISTRY}
IMAGE_SUFFIXES = documents.IMAGE_SUFFIXES
_DISPLAY_BY_SUFFIX: Mapping[str, Display] = {
    **{s: "image" for s in IMAGE_SUFFIXES}, ".md": "markdown", ".markdown": "markdown",
    ".json": "json", ".sarif": "json"}


def detect_kind(path: str, data: bytes) -> str:
    """The kind a file is recognised as, from its name and its first bytes (HEAD_BYTES, or
    more for a kind that asks: curl -v output may start with many kilobytes of TLS chatter)."""
    name = path.lower()
    for kind in REGISTRY:
        if kind.suffixes and name.endswith(kind.suffixes):
            return (kind.refine and kind.refine(data[:HEAD_BYTES])) or kind.name
    for kind in REGISTRY:
        if kind.sniff and kind.sniff(name, data[:kind.sniff_bytes]):
            return kind.name
    return "any"


def is_binary(data: bytes) -> bool:
    """A NUL byte near the start: images, archives, PDFs. They are not scanned or shown as text."""
    return b"\x00" in data[:8192]


def scannable_text(data: bytes) -> str | None:
    """A file's text for the secret scan: UTF-16 when it starts with that byte-order mark
    (Windows PowerShell 5.1 writes redirected output so), else UTF-8 with bad bytes replaced;
    None for a binary file."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    return None if is_binary(data) else data.decode("utf-8", errors="replace")


def display_of(path: str, kind: str) -> Display:
    """How the site and the pack show a file's content: by its suffix, else by its kind."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""     # PurePosixPath's suffix
    return _DISPLAY_BY_SUFFIX.get(suffix) or (KINDS[kind].display if kind in KINDS else "text")


def can_serve(requirement_kind: str, file_kind: str, declared: bool) -> bool:
    """Whether a file of `file_kind` may satisfy a requirement of `requirement_kind`.
    Records count through the record rules only; a Markdown file nobody declared (`document`)
    may serve any document kind."""
    file_entry, wanted = KINDS.get(file_kind), KINDS.get(requirement_kind)
    if file_entry is not None and file_entry.record:
        return requirement_kind == file_kind
    if requirement_kind in ("any", file_kind):
        return True
    return (wanted is not None and wanted.document and file_kind == "document"
            and not declared)


def option_problems(kind: str, options: Mapping[str, Any]) -> tuple[str, ...]:
    """What is wrong with a requirement's `check:` options for a kind (empty when fine).

    The loader calls this for every requirement, so mistakes show at the definition.
    """
    entry = KINDS.get(kind)
    if entry is None:
        return (f"unknown evidence kind '{kind}' (known: {', '.join(sorted(KINDS))})",)
    if not isinstance(options, Mapping):
        return (f"check options must be a mapping, got {type(options).__name__}",)
    unknown = sorted(set(options) - entry.options)
    if unknown:
        accepted = ", ".join(sorted(entry.options)) or "none"
        listed = ", ".join(map(str, unknown))
        return (f"unknown check option(s) for kind '{kind}': {listed} (accepted: {accepted})",)
    try:
        if entry.read_options:
            entry.read_options(options)
    except OptionError as error:
        return (str(error),)
    return ()


def check_evidence(kind: str, data: bytes, options: Mapping[str, Any], path: str,
                   source: str | None = None) -> Verdict:
    """Checks one evidence file's bytes against a requirement of the given kind. `source`:
    the URL or file it was taken from (its sidecar's `source:`), for kinds that use it."""
    problems = option_problems(kind, options or {})
    if problems:
        return invalid(*problems)
    entry = KINDS[kind]
    try:
        if entry.takes_source:
            return entry.check(data, options or {}, path, source=source)
        return entry.check(data, options or {}, path)
    except OptionError as error:
        return invalid(str(error))


__all__ = ["IMAGE_SUFFIXES", "KINDS", "REGISTRY", "Kind", "Verdict", "can_serve", "check_evidence",
           "detect_kind", "display_of", "invalid", "is_binary", "option_problems", "parse_json",
           "scannable_text"]
