"""`evidence verify`: an audit pack's embedded files against its embedded manifest, and git.

What is verifiable: every embedded file's bytes against the manifest's sha256 and size (and
against the PDF's own MD5 checksum of that stream); files the manifest lists but the pack
lacks, and the reverse; with a repository, each file against the working tree and against
the blob at the commit the manifest names. A byte changed inside an embedded stream breaks
its hash (or its compression, which is reported as an error); a byte changed elsewhere may
break the PDF's structure, which is reported as an error too. Either way the pack fails.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from ..errors import GitError
from ..history.git import read_objects
from ..kinds import parse_json
from ..load.content import read_evidence_bytes
from ..outputs.names import MANIFEST


@dataclass(frozen=True)
class Finding:
    path: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.detail}"


@dataclass(frozen=True)
class VerifyResult:
    pack: str
    release: str | None
    matches: tuple[Finding, ...]
    mismatches: tuple[Finding, ...]
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.mismatches and not self.errors

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def to_text(self, show_matches: bool = True) -> str:
        lines = [f"{self.pack}: release {self.release or 'unknown'}"]
        lines += [f"  error     {e}" for e in self.errors]
        lines += [f"  MISMATCH  {m}" for m in self.mismatches]
        lines += [f"  ok        {m}" for m in self.matches] if show_matches else []
        files = len({m.path for m in self.matches} | {m.path for m in self.mismatches})
        verdict = "verified" if self.ok else "NOT verified"
        lines.append(f"{verdict}: {files} files, {len(self.matches)} checks passed, "
                     f"{len(self.mismatches)} mismatches, {len(self.errors)} errors")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


@dataclass(frozen=True)
class Embedded:
    name: str
    data: bytes
    checksum: str | None         # the PDF's own MD5 of the stream (/Params /CheckSum), hex


def read_attachments(pdf: Path) -> tuple[dict[str, Embedded], list[str]]:
    """Embedded files by name, and errors met while reading them."""
    from pypdf import PdfReader
    errors, found = [], {}
    reader = PdfReader(pdf, strict=True)
    for entry in reader.attachment_list:
        try:
            found.setdefault(entry.name, []).append(Embedded(entry.name, entry.content,
                                                              _checksum(entry)))
        except Exception as error:  # a damaged stream: name it and keep going
            errors.append(f"{entry.name}: embedded stream unreadable ({error})")
    errors += [f"{name}: embedded {len(copies)} times" for name, copies in found.items()
               if len(copies) > 1]
    return {name: copies[0] for name, copies in found.items()}, errors


def _checksum(entry) -> str | None:
    stream = entry.pdf_object["/EF"].get("/F")
    params = stream.get_object().get("/Params") if stream is not None else None
    value = params.get("/CheckSum") if params else None
    if value is None:
        return None
    raw = value.original_bytes if hasattr(value, "original_bytes") else bytes(value)
    return raw.hex()


def check_embedded(manifest: Mapping, embedded: Mapping[str, Embedded]
                   ) -> tuple[list[Finding], list[Finding]]:
    matches, mismatches = [], []
    listed = {f["path"]: f for f in manifest.get("files", [])}
    for path, entry in sorted(listed.items()):
        if path not in embedded and entry.get("withheld"):
            matches.append(Finding(path, f"withheld on purpose: {entry['withheld']}"))
            continue
        if path not in embedded:
            mismatches.append(Finding(path, "listed in the manifest but not embedded"))
            continue
        data = embedded[path].data
        problems = _content_problems(data, entry, embedded[path].checksum)
        if problems:
            mismatches += [Finding(path, p) for p in problems]
        else:
            matches.append(Finding(path, f"embedded file matches the manifest "
                                         f"(sha256 {entry['sha256'][:12]}, {len(data)} bytes)"))
    for name in sorted(set(embedded) - set(listed) - {MANIFEST}):
        mismatches.append(Finding(name, "embedded but not listed in the manifest"))
    return matches, mismatches


def _content_problems(data: bytes, entry: Mapping, checksum: str | None) -> list[str]:
    problems = []
    actual = hashlib.sha256(data).hexdigest()
    if actual != entry.get("sha256"):
        problems.append(f"sha256 {actual} differs from the manifest's {entry.get('sha256')}")
    if len(data) != entry.get("size"):
        problems.append(f"size {len(data)} differs from the manifest's {entry.get('size')}")
    if checksum and checksum != hashlib.md5(data, usedforsecurity=False).hexdigest():
        problems.append("content differs from the PDF's own checksum of the stream")
    return problems


def check_working_tree(repo: Path, files: Iterable[Mapping]) -> tuple[list[Finding], list[Finding]]:
    matches, mismatches = [], []
    for entry in files:
        path = entry["path"]
        try:
            data = read_evidence_bytes(repo, path)
        except (OSError, ValueError) as error:
            mismatches.append(Finding(path, f"not readable in the working tree ({error})"))
            continue
        if hashlib.sha256(data).hexdigest() == entry["sha256"]:
            matches.append(Finding(path, "working tree file matches"))
        else:
            mismatches.append(Finding(path, "working tree file differs from the pack"))
    return matches, mismatches


def check_git(repo: Path, files: list[Mapping]) -> tuple[list[Finding], list[Finding]]:
    matches, mismatches = [], []
    committed = [f for f in files if f.get("commit")]
    mismatches += [Finding(f["path"], "not committed when the pack was built")
                   for f in files if not f.get("commit")]
    names = [name for f in committed
             for name in (f"{f['commit']}^{{commit}}", f"{f['commit']}:./{f['path']}")]
    objects = read_objects(repo, names)
    for n, entry in enumerate(committed):
        commit, blob = objects[2 * n], objects[2 * n + 1]
        path, sha = entry["path"], entry["commit"]
        if commit is None:
            mismatches.append(Finding(path, f"commit {sha} is not in the repository"))
        elif blob is None:
            mismatches.append(Finding(path, f"not present at commit {sha[:12]}"))
        elif hashlib.sha256(blob).hexdigest() != entry["sha256"]:
            mismatches.append(Finding(path, f"differs from the file at commit {sha[:12]}"))
        else:
            matches.append(Finding(path, f"matches git at commit {sha[:12]}"))
    return matches, mismatches


def verify_pack(pdf: Path, repo: Path | None = None) -> VerifyResult:
    """Check an audit pack's attachments against its manifest and, with `repo`, against git."""
    try:
        embedded, errors = read_attachments(Path(pdf))
    except Exception as error:   # pypdf raises many types on a damaged file
        return VerifyResult(str(pdf), None, (), (), (f"not a readable PDF: {error}",))
    if MANIFEST not in embedded:
        return VerifyResult(str(pdf), None, (), (), (*errors, f"no embedded {MANIFEST}"))
    try:
        manifest = parse_json(embedded[MANIFEST].data.decode("utf-8", "replace"))
    except ValueError as error:
        problem = f"{MANIFEST}: not JSON ({error})"
        return VerifyResult(str(pdf), None, (), (), (*errors, problem))
    matches, mismatches = check_embedded(manifest, embedded)
    if repo is not None:
        for check in (check_working_tree, check_git):
            try:
                more, wrong = check(Path(repo), manifest.get("files", []))
            except (OSError, GitError) as error:
                errors.append(f"{repo}: cannot read the repository ({error})")
                continue
            matches += more
            mismatches += wrong
    return VerifyResult(str(pdf), manifest.get("release"), tuple(matches), tuple(mismatches),
                        tuple(errors))
