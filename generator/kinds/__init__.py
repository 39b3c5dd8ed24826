"""Evidence kinds: recognising a file's kind and checking its content.

Each kind module offers `check(data: bytes, options: Mapping, path: str) -> Verdict` and
`OPTIONS`, the `check:` keys it accepts. This module picks the kind of a file and dispatches;
it does no file I/O itself (callers pass the bytes).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Verdict:
    verdict: str                           # "pass" | "fail" | "invalid"
    reasons: tuple[str, ...] = ()
    collected_at: datetime | None = None   # time the content says it was collected, if any
    details: Mapping[str, Any] = field(default_factory=dict)   # kind-specific summary for display

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"


def invalid(*reasons: str) -> Verdict:
    return Verdict("invalid", tuple(reasons))


# Imported after Verdict: the kind modules import it from here.
from . import documents, http_headers, junit, probe, records, sarif  # noqa: E402
from ._common import OptionError  # noqa: E402

_CHECKERS: dict[str, Callable[[bytes, Mapping[str, Any], str], Verdict]] = {
    "junit": junit.check,
    "sarif": sarif.check,
    "http-headers": http_headers.check,
    "probe": probe.check,
    "signoff": records.check_signoff,
    "waiver": records.check_waiver,
    "document": documents.check_document,
    "runbook": documents.check_document,
    "release-notes": documents.check_document,
    "screenshot": documents.check_screenshot,
    "any": documents.check_any,
}

CHECK_OPTIONS: dict[str, frozenset[str]] = {
    "junit": junit.OPTIONS,
    "sarif": sarif.OPTIONS,
    "http-headers": http_headers.OPTIONS,
    "probe": probe.OPTIONS,
    "signoff": frozenset(),
    "waiver": frozenset(),
    "document": documents.DOCUMENT_OPTIONS,
    "runbook": documents.DOCUMENT_OPTIONS,
    "release-notes": documents.DOCUMENT_OPTIONS,
    "screenshot": frozenset(),
    "any": frozenset(),
}

_OPTION_READERS: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "junit": junit.read_options,
    "sarif": sarif.read_options,
    "http-headers": http_headers.read_options,
    "probe": probe.read_options,
    "document": documents.read_document_options,
    "runbook": documents.read_document_options,
    "release-notes": documents.read_document_options,
}

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(testsuites|testsuite)[\s>/]")
# XML declaration, comments and a doctype (with its internal subset), before the root element.
_PROLOG = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]*\[.*?\])?[^>]*>", re.DOTALL)
_YAML_KIND = re.compile(rb"^kind:\s*['\"]?(signoff|waiver)['\"]?\s*$", re.MULTILINE)
_FRONT_MATTER_KIND = re.compile(rb"^kind:\s*['\"]?(runbook|release-notes|document)['\"]?\s*$",
                                re.MULTILINE)
_CURL_VERBOSE = re.compile(rb"^< HTTP/\d", re.MULTILINE)


def detect_kind(path: str, head: bytes) -> str:
    """The kind a file is recognised as, from its name and its first few kilobytes."""
    name = path.lower()
    if name.endswith((".sarif", ".sarif.json")):
        return "sarif"
    if name.endswith((".http", ".headers")):
        return "http-headers"
    if name.endswith(_IMAGE_SUFFIXES):
        return "screenshot"
    if name.endswith(_MARKDOWN_SUFFIXES):
        return _document_kind(head)
    return _kind_from_content(name, head)


def _kind_from_content(name: str, head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"HTTP/") or _CURL_VERBOSE.search(head):
        return "http-headers"
    if text.startswith(b"<") and _is_junit_root(text):
        return "junit"
    if text.startswith(b"{"):
        return _json_kind(head)
    if name.endswith((".yml", ".yaml")):
        match = _YAML_KIND.search(head)
        if match:
            return match.group(1).decode()
    return "any"


def _document_kind(head: bytes) -> str:
    """`document`, or `runbook` / `release-notes` when the front matter names one."""
    text = head.lstrip(b"\xef\xbb\xbf")
    match = _FRONT_MATTER_KIND.search(text.split(b"\n---", 1)[0]) if text.startswith(b"---") else None
    return match.group(1).decode() if match else "document"


def _is_junit_root(text: bytes) -> bool:
    """True when the first element (after the prolog, comments and doctype) is a test suite."""
    body = _PROLOG.sub(b"", text).lstrip()
    return bool(_XML_ROOT.match(body))


def _json_kind(head: bytes) -> str:
    try:
        value = json.loads(head.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        # Only the head was read: recognise a large file by the keys it starts with.
        keys = set(re.findall(rb'"(\$schema|version|runs|status)"\s*:', head))
        value = {key.decode(): None for key in keys}
    if not isinstance(value, dict):
        return "any"
    if "runs" in value and ("version" in value or "$schema" in value):
        return "sarif"
    return "probe" if "status" in value else "any"


def option_problems(kind: str, options: Mapping[str, Any]) -> tuple[str, ...]:
    """What is wrong with a requirement's `check:` options for a kind (empty when fine).

    The loader calls this for every requirement, so mistakes show at the definition.
    """
    if kind not in _CHECKERS:
        return (f"unknown evidence kind '{kind}' (known: {', '.join(sorted(_CHECKERS))})",)
    if not isinstance(options, Mapping):
        return (f"check options must be a mapping, got {type(options).__name__}",)
    unknown = sorted(set(options) - CHECK_OPTIONS[kind])
    if unknown:
        accepted = ", ".join(sorted(CHECK_OPTIONS[kind])) or "none"
        listed = ", ".join(map(str, unknown))
        return (f"unknown check option(s) for kind '{kind}': {listed} (accepted: {accepted})",)
    try:
        _OPTION_READERS.get(kind, lambda _: None)(options)
    except OptionError as error:
        return (str(error),)
    return ()


def check_evidence(kind: str, data: bytes, options: Mapping[str, Any], path: str) -> Verdict:
    """Checks one evidence file's bytes against a requirement of the given kind."""
    problems = option_problems(kind, options or {})
    if problems:
        return invalid(*problems)
    try:
        return _CHECKERS[kind](data, options or {}, path)
    except OptionError as error:
        return invalid(str(error))
