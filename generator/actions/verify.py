"""`evidence verify`: an audit pack checked on its own, and against git and an attestation.

On its own (no repository, no network):
- every embedded file's bytes against the manifest's sha256 and size, and against the PDF's
  own MD5 checksum of its stream; files the manifest lists but the pack lacks, and the
  reverse. A byte changed inside an embedded stream breaks its hash (or its compression,
  reported as an error); a byte changed elsewhere may break the PDF's structure, reported as
  an error too. Either way the pack fails;
- every status, reason, count, completion and the readiness stated in status.json, and every
  verdict of the manifest, against a re-evaluation of the attached inputs (recheck.py);
- each PAdES signature: signer, claimed time, and whether the file is as signed.
With a repository: each file against the working tree and against the blob at its commit,
and the whole release at the pack's source commit (commit_check.py). With an attestation:
its signature, subjects and predicate (attest.py).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from ..errors import GitError, PackError
from ..history.git import read_objects
from ..history.record import GitFacts, HistoryRecordError, history_from_json
from ..kinds import parse_json
from ..load.content import read_evidence_bytes
from ..load.inputs import is_release_input
from ..model.times import iso
from ..outputs.names import HISTORY, MANIFEST, STATUS
from ..outputs.pdf.signing import SignatureCheck, is_signed, read_signatures
from .attachments import Embedded, read_attachments
from .commit_check import check_commit
from .findings import Finding, Findings
from .recheck import PACK_RECORDS, recheck_pack


@dataclass(frozen=True)
class VerifyResult:
    pack: str
    release: str | None
    matches: tuple[Finding, ...]
    mismatches: tuple[Finding, ...]
    errors: tuple[str, ...] = ()
    unchecked: tuple[Finding, ...] = ()
    notes: tuple[Finding, ...] = ()
    files: int = 0                      # evidence files the manifest lists

    @property
    def ok(self) -> bool:
        return not self.mismatches and not self.errors

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def to_text(self, show_matches: bool = True) -> str:
        lines = [f"{self.pack}: release {self.release or 'unknown'}"]
        lines += [f"  note      {n}" for n in self.notes]
        lines += [f"  error     {e}" for e in self.errors]
        lines += [f"  MISMATCH  {m}" for m in self.mismatches]
        lines += [f"  unchecked {u}" for u in self.unchecked]
        lines += [f"  ok        {m}" for m in self.matches] if show_matches else []
        verdict = "verified" if self.ok else "NOT verified"
        unchecked = f", {len(self.unchecked)} unchecked" if self.unchecked else ""
        lines.append(f"{verdict}: {self.files} files, {len(self.matches)} checks passed, "
                     f"{len(self.mismatches)} mismatches, {len(self.errors)} errors{unchecked}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


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
    version = str(manifest.get("release"))
    for name in sorted(set(embedded) - set(listed)):
        if name not in PACK_RECORDS and not is_release_input(name, version):
            mismatches.append(Finding(name, "embedded but not listed in the manifest"))
        elif not _checksum_holds(embedded[name]):
            mismatches.append(Finding(name, "content differs from the PDF's own checksum of "
                                            "the stream"))
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


def _checksum_holds(entry: Embedded) -> bool:
    return not entry.checksum or entry.checksum == hashlib.md5(
        entry.data, usedforsecurity=False).hexdigest()


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


def verify_pack(pdf: Path, repo: Path | None = None, *, attestation: Path | None = None,
                key: Path | None = None, trust: Sequence[Path] = ()) -> VerifyResult:
    """Check an audit pack: its attachments against its manifest; its statuses against a
    re-evaluation of its attached inputs; its signatures (PAdES, `trust`: certificates to
    accept as trust anchors); with `repo`, against git; with `attestation`, that DSSE
    envelope, signed by `key`."""
    pdf = Path(pdf)
    try:
        embedded, errors = read_attachments(pdf)
    except Exception as error:   # pypdf raises many types on a damaged file
        return VerifyResult(str(pdf), None, (), (), (f"not a readable PDF: {error}",))
    if MANIFEST not in embedded:
        return VerifyResult(str(pdf), None, (), (), (*errors, f"no embedded {MANIFEST}"))
    manifest = _embedded_json(embedded, MANIFEST, errors)
    if not isinstance(manifest, dict):
        return VerifyResult(str(pdf), None, (), (), tuple(errors))
    found = Findings(errors=list(errors))
    more, wrong = check_embedded(manifest, embedded)
    found.matches += more
    found.mismatches += wrong
    data = {name: entry.data for name, entry in embedded.items()}
    raw_history = _embedded_json(embedded, HISTORY, found.errors)
    facts = _git_facts(raw_history, found)
    claimed = _embedded_json(embedded, STATUS, found.errors)
    supplied = _check_repository(found, Path(repo), manifest, data,
                                 raw_history if facts else None) if repo is not None else {}
    if facts is not None and isinstance(claimed, dict):
        found.add(recheck_pack(data, manifest, claimed, facts, supplied))
    found.add(signature_findings(pdf, trust))
    if attestation is not None:
        from .attest import check_attestation
        found.add(check_attestation(Path(attestation), key, pdf, data, claimed))
    return VerifyResult(str(pdf), manifest.get("release"), tuple(found.matches),
                        tuple(found.mismatches), tuple(found.errors), tuple(found.unchecked),
                        tuple(found.notes), len(manifest.get("files", [])))


def _embedded_json(embedded: Mapping[str, Embedded], name: str, errors: list[str]):
    if name not in embedded:
        errors.append(f"no embedded {name}: the statuses cannot be re-checked (a pack made "
                      "before packs carried their inputs, or one stripped of them)")
        return None
    try:
        return parse_json(embedded[name].data.decode("utf-8", "replace"))
    except ValueError as error:
        errors.append(f"{name}: not JSON ({error})")
        return None


def _git_facts(data, found: Findings) -> GitFacts | None:
    if data is None:
        return None
    try:
        return history_from_json(data)
    except HistoryRecordError as error:
        found.errors.append(f"{HISTORY}: {error}")
        return None


def _check_repository(found: Findings, repo: Path, manifest: Mapping,
                      data: Mapping[str, bytes], history: Mapping | None) -> dict[str, bytes]:
    """The working tree and git checks; returns the withheld files' bytes git holds."""
    for check in (check_working_tree, check_git):
        try:
            more, wrong = check(repo, manifest.get("files", []))
        except (OSError, GitError) as error:
            found.errors.append(f"{repo}: cannot read the repository ({error})")
            continue
        found.matches += more
        found.mismatches += wrong
    try:
        more_found, supplied = check_commit(repo, manifest, data, history)
    except (OSError, GitError) as error:
        found.errors.append(f"{repo}: cannot read the release at the pack's commit ({error})")
        return {}
    found.add(more_found)
    return supplied


def signature_findings(pdf: Path, trust: Sequence[Path] = ()) -> Findings:
    """Each PAdES signature: who signed, when they say, whether the file is as signed."""
    found = Findings()
    data = pdf.read_bytes()
    if not is_signed(data):
        found.notes.append(Finding("signature", "the pack is not signed: nothing in it says "
                                                "who issued it (`evidence help trust`)"))
        return found
    try:
        checks = read_signatures(data, trust)
    except PackError as error:
        found.errors.append(str(error))
        return found
    except Exception as error:   # pyHanko raises many types on a damaged file
        found.mismatch("signature", f"the signatures cannot be read: {error}")
        return found
    if not checks:
        found.mismatch("signature", "the file has a signature dictionary, but no signature "
                                    "field that can be read")
    for check in checks:
        _signature_into(found, check)
    return found


def _signature_into(found: Findings, check: SignatureCheck) -> None:
    subject = f"signature {check.field}"
    if check.problem:
        found.mismatch(subject, f"cannot be validated: {check.problem}")
        return
    found.notes.append(Finding(subject, f"signed by {check.signer}, at "
                                        f"{iso(check.signed_at)} (the time the signer states)"))
    if not check.intact:
        found.mismatch(subject, "NOT intact: the signed bytes were changed after signing")
    elif not check.valid:
        found.mismatch(subject, "NOT valid: the signature does not match the certificate's key")
    elif not (check.whole_file or check.allowed_changes):
        found.mismatch(subject, "the file was changed after signing, beyond what the "
                                "signature permits")
    else:
        extent = "covers the whole file" if check.whole_file else \
            "what was added after it is what it permits (form filling, further signatures)"
        found.match(subject, f"intact: {extent}")
    if check.trusted is None:
        found.notes.append(Finding(subject, "the certificate was not checked against a trust "
                                            "anchor: pass --trust CERT.pem"))
    elif check.trusted:
        found.match(subject, "the certificate chains to a --trust certificate")
    else:
        found.mismatch(subject, "the certificate does not chain to any --trust certificate")
    if check.covered_sha256:
        found.notes.append(Finding(subject, f"covers the unsigned pack with sha256 "
                                            f"{check.covered_sha256}"))
