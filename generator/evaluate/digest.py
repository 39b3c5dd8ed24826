"""The evidence digest a sign-off records, and which evidence a sign-off's scope covers.

Canonical form (docs/provenance.md shows how to recompute it in a shell): one line per file,
sorted by path (Unicode code point order, which is byte order of UTF-8), each line
`<sha256 hex>  <path>\\n` exactly as `sha256sum` prints it, the text encoded as UTF-8; the
digest is `sha256:` followed by the hex SHA-256 of that text.
"""
from __future__ import annotations

import hashlib
from typing import Iterable, Mapping

from ..model.project import COMMON, EvidenceFile, Item

PREFIX = "sha256:"


def bare_hex(sha256: str) -> str:
    """A SHA-256 as lower-case hex, with or without a `sha256:` prefix."""
    return sha256.removeprefix(PREFIX).lower()


def sha256sum_line(path: str, sha256: str) -> str:
    """The line GNU `sha256sum` prints for path: names holding a backslash, newline or
    carriage return are escaped and the line is marked with a leading backslash."""
    hexdigest = bare_hex(sha256)
    if any(c in path for c in "\\\n\r"):
        escaped = path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        return f"\\{hexdigest}  {escaped}\n"
    return f"{hexdigest}  {path}\n"


def scope_listing(files: Iterable[tuple[str, str]]) -> str:
    """The canonical text: sha256sum lines of (path, sha256) pairs, sorted by path."""
    return "".join(sha256sum_line(path, sha) for path, sha in sorted(files))


def scope_digest(files: Iterable[tuple[str, str]]) -> str:
    """`sha256:<hex>` of the canonical listing of (repository-relative path, sha256) pairs."""
    listing = scope_listing(files).encode("utf-8", errors="surrogateescape")
    return PREFIX + hashlib.sha256(listing).hexdigest()


def evidence_in_scope(scope: str | Iterable[str], evidence: Iterable[EvidenceFile],
                      items_by_ref: Mapping[str, Item], *,
                      release: str | None = None) -> list[EvidenceFile]:
    """The evidence a sign-off's scope covers, sorted by path; never sign-off records.

    scope "release": every evidence file given (the caller passes the release's own files and
    `_common`; or pass `release=` to pick them from a whole project's evidence) that is bound
    to at least one item due before release. Evidence of after-release items (first 24 hours,
    first week...) is collected after go-live, so it cannot make a release sign-off stale.
    A list: files bound to a listed item ref, or to any item of a listed section id.
    """
    files = [f for f in evidence if f.kind != "signoff" and _of_release(f, release)]
    if isinstance(scope, str):
        if scope != "release":
            raise ValueError(f"scope {scope!r}: expected 'release' or a list of sections/items")
        return sorted((f for f in files if _due_before_release(f, items_by_ref)),
                      key=lambda f: f.path)
    wanted = set(scope)
    chosen = [f for f in files if any(_in_scope(ref, wanted, items_by_ref) for ref in f.items)]
    return sorted(chosen, key=lambda f: f.path)


def _due_before_release(file: EvidenceFile, items_by_ref: Mapping[str, Item]) -> bool:
    return any(items_by_ref[ref].due_after_release is None
               for ref in file.items if ref in items_by_ref)


def _of_release(file: EvidenceFile, release: str | None) -> bool:
    return release is None or file.release in (release, COMMON)


def _in_scope(ref: str, wanted: set[str], items_by_ref: Mapping[str, Item]) -> bool:
    if ref in wanted:
        return True
    item = items_by_ref.get(ref)
    section = item.section_id if item is not None else ref.partition("/")[0]
    return section in wanted
