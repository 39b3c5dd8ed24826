"""Walking evidence/: binding files to items, reading each file once.

One pass over every file: read its bytes, hash them, recognise its kind, parse front matter,
sidecar or record, and check it against every requirement it can serve. The bytes are not kept.
What the bytes say is cached by the file's git identity (`contents`: path -> blob id of the
files whose working-tree bytes are committed or staged), so an unchanged file is not read.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import astuple, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Mapping

from ..kinds import (
    KINDS,
    Verdict,
    can_serve,
    check_evidence,
    detect_kind,
    invalid,
    option_problems,
)
from ..kinds.documents import split_front_matter
from ..model.problems import Problem, problem
from ..model.project import COMMON, EvidenceFile, Item, Location, Requirement
from ..model.times import parse_datetime
from . import parallel
from .definitions import did_you_mean
from .factcache import FactCache, as_cached, decode_verdict, encode_verdict
from .loadcache import LoadCache, context_digest, listing_key
from .records import signoff_record, waiver_record
from .schema import dated, schema_problems
from .secrets import SecretFinding, find_secrets_in_bytes, secret_problems
from .yamlsafe import Node, YamlError, from_plain, load_text, position, to_plain

SIDECAR = ".meta.yml"
# Files not in the fact cache from which a second process scans about half of the folders:
# below that, forking and handing back its scans costs about what it saves.
PARALLEL_FROM = 500


@dataclass
class Scan:
    files: list[EvidenceFile] = field(default_factory=list)
    signoffs: list = field(default_factory=list)
    waivers: list = field(default_factory=list)
    # (path, item ref, requirement index) -> verdict of that file against that requirement
    verdicts: dict[tuple[str, str, int], Verdict] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, other: "Scan") -> None:
        self.files += other.files
        self.signoffs += other.signoffs
        self.waivers += other.waivers
        self.verdicts.update(other.verdicts)
        self.problems += other.problems


@dataclass(frozen=True)
class Context:
    root: Path
    items: dict[str, Item]
    sections: dict[str, set[str]]          # section id -> item ids
    signoff_items: dict[str, list[str]]    # role -> refs of items signed off by that role
    roles: dict
    allow_secrets: frozenset[str] = frozenset()
    cache: FactCache = FactCache(None)
    broken: dict[tuple[str, int], str] = field(default_factory=dict)   # unusable requirements
    complete: bool = True                  # every definition loaded
    contents: Mapping[str, str] = field(default_factory=dict)   # path -> git blob id

    @cached_property
    def secrets_key(self) -> str:
        """The allow-list's part of a secret scan's cache key."""
        return hashlib.sha256("\0".join(sorted(self.allow_secrets)).encode()).hexdigest()[:12]

    @cached_property
    def check_keys(self) -> dict[tuple[str, int], str]:
        """(item ref, requirement index) -> its check options as they key a verdict."""
        return {(ref, index): json.dumps(dict(r.check), sort_keys=True, default=str)
                for ref, item in self.items.items() for index, r in enumerate(item.requires)}


class Content:
    """One file's bytes, read only when a fact asked of them is not in its cache entry."""

    def __init__(self, context: Context, relpath: str):
        self.relpath, self.root = relpath, context.root
        self.cache = context.cache
        blob = context.contents.get(relpath)
        self.facts = self.cache.entry(f"{blob}:{relpath}" if blob else None)
        self._data: bytes | None = None

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = read_file(self.root, self.relpath)
        return self._data

    def fact(self, name: str, compute: Callable[[bytes], Any], decode: Callable[[Any], Any]):
        """compute(bytes) once per content; a cached value that does not decode (a damaged
        cache) is computed again. One that cannot be kept as JSON is computed every time."""
        if name in self.facts:
            try:
                return decode(self.facts[name])
            except (KeyError, TypeError, ValueError, AttributeError, IndexError):
                pass
        value = compute(self.data)
        if type(value) in _PLAIN:           # as JSON gives it back
            self.facts[name] = value
            self.cache.learnt()
            return decode(value)
        try:
            self.facts[name] = as_cached(value)
        except (TypeError, ValueError):
            self.facts.pop(name, None)
            return decode(value)
        self.cache.learnt()
        return decode(self.facts[name])


def read_file(root: Path, relpath: str) -> bytes:
    """The file's bytes in as few system calls as can be (open, fstat, read, close): a
    buffered `open().read()` makes twice as many, a tenth of a cold scan's time."""
    fd = os.open(os.path.join(root, relpath), os.O_RDONLY)    # no Path: 20,000 files
    try:
        size = os.fstat(fd).st_size
        data = os.read(fd, size + 1)
        if len(data) == size:
            return data
        chunks = [data]             # it grew or shrank meanwhile, or a short read: read on
        while chunk := os.read(fd, max(size, 1 << 16)):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _typed(*types: type) -> Callable[[Any], Any]:
    """A decoder that lets through a cached value of one of `types` only."""
    def decode(value):
        if type(value) not in types:
            raise TypeError(f"a cached fact of type {type(value).__name__}")
        return value
    return decode


TEXT, NUMBER, FLAG = _typed(str), _typed(int), _typed(bool)
_PLAIN = (str, int, bool, type(None))


def scan_evidence(root: Path, items: dict[str, Item], roles, releases: list[str],
                  allow_secrets: frozenset[str] = frozenset(),
                  cache: FactCache | None = None, complete: bool = True,
                  contents: Mapping[str, str] | None = None,
                  folders: LoadCache | None = None,
                  meanwhile: Callable[[], Any] | None = None) -> Scan:
    """Every file under evidence/_common/ and the release folders: what it is, what it binds
    to, its verdicts, the records it holds, and the problems found (Scan.problems).
    `complete`: every definition loaded; when one did not, a file bound to nothing (or to an
    unknown item) is not reported, since the definition's own errors say why.
    `folders`: scans of folders kept from earlier runs, reused while their key holds.
    `meanwhile()`: other work of the caller's, done here while a second process starts
    scanning, if one does (the caller keeps what it returns)."""
    sections: dict[str, set[str]] = {}
    signoff_items: dict[str, list[str]] = {}
    for item in items.values():
        sections.setdefault(item.section_id, set()).add(item.id)
        if item.signoff_role:
            signoff_items.setdefault(item.signoff_role, []).append(item.ref)
    broken = {(ref, index): problems[0] for ref, item in items.items()
              for index, r in enumerate(item.requires)
              if (problems := option_problems(r.kind, r.check))}
    context = Context(root, items, sections, signoff_items, roles, allow_secrets,
                      cache or FactCache(None), broken, complete and bool(items),
                      contents or {})
    folders = folders or LoadCache(None)
    depends = context_digest(items, roles, sorted(allow_secrets), context.complete, broken)
    folder_names = [COMMON, *releases]

    def key(folder: str) -> str | None:
        return listing_key(root, f"evidence/{folder}", context.contents, depends) \
            if folders.home else None
    # a folder with nothing kept is keyed where it is scanned (on either core)
    keys = {folder: key(folder) for folder in folder_names if folders.has(f"evidence/{folder}")}
    kept = {folder: part for folder in keys
            if (part := folders.get(f"evidence/{folder}", keys[folder])) is not None}

    def scanned_and_kept(folder: str) -> dict:
        return _scan_and_keep(context, folders, folder,
                              keys[folder] if folder in keys else key(folder))
    scanned = _scanned_now(context, [f for f in folder_names if f not in kept], scanned_and_kept,
                           meanwhile)
    scan = Scan()
    for folder in folder_names:
        if folder in kept:
            scan.add(_kept(context, folders, folder, keys[folder], kept[folder]))
        else:
            scan.add(Scan(**(scanned.get(folder) or scanned_and_kept(folder))))
    return scan


def _kept(context: Context, folders: LoadCache, folder: str, key: str | None,
          part: dict) -> Scan:
    """The folder's scan as kept; its facts stay in the fact cache, should that be written."""
    context.cache.keep_later(lambda: folders.get(f"evidence/{folder} facts", key) or ())
    return Scan(**part)


def _scan_and_keep(context: Context, folders: LoadCache, folder: str, key: str | None) -> dict:
    """The folder's scan (as Scan's fields), kept under `key` with the fact keys it asked for
    (apart, so that a run which scans nothing does not read them)."""
    touched = context.cache.touching()
    fields = vars(_scan_folder(context, folder))
    folders.put(f"evidence/{folder}", key, fields)
    folders.put(f"evidence/{folder} facts", key, sorted(touched))
    return fields


def _scan_folder(context: Context, folder: str) -> Scan:
    scan = Scan()
    for relpath, sidecar in _walk(context.root, f"evidence/{folder}", scan.problems):
        _scan_file(context, folder, relpath, sidecar, scan, scan.problems)
    return scan


def _scanned_now(context: Context, folders: list[str], scan: Callable[[str], dict],
                 meanwhile: Callable[[], Any] | None) -> dict[str, dict]:
    """With many files missing from the fact cache, and a core free, scan(folder) of each
    folder now, by this process and a second one, each taking the next folder as it is
    free; else none ({}: each folder is scanned here in its turn). A folder's scan is the
    same code on the same inputs wherever it runs, so the load is the same."""
    if len(folders) < 2 or _uncached(context, folders) < PARALLEL_FROM or not parallel.available():
        return {}
    scans, facts = parallel.share(len(folders), lambda i: scan(folders[i]),
                                  context.cache.touched_entries, meanwhile)
    for entries in facts:
        context.cache.adopt(entries)
    return {folders[i]: fields for i, fields in scans.items()}


def _uncached(context: Context, folders: list[str]) -> int:
    """How many committed files in the folders have no facts in the cache."""
    wanted, count = set(folders), 0
    for path, blob in context.contents.items():
        parts = path.split("/", 2)
        if (len(parts) == 3 and parts[0] == "evidence" and parts[1] in wanted
                and not context.cache.known(f"{blob}:{path}")):
            count += 1
    return count


def _walk(root: Path, top: str, problems: list[Problem]):
    """(path, its sidecar's directory entry or None) of regular files below `top`, sorted;
    links are refused."""
    if not (root / top).is_dir():
        return
    pending = [top]
    while pending:
        folder = pending.pop()
        with os.scandir(os.path.join(root, folder)) as scanner:
            entries = sorted(scanner, key=lambda e: e.name)
        names = {e.name: e for e in entries}
        for entry in reversed([e for e in entries if e.is_dir(follow_symlinks=False)]):
            pending.append(f"{folder}/{entry.name}")
        for entry in entries:
            yield from _regular_file(entry, folder, names, problems)


def _regular_file(entry: os.DirEntry, folder: str, names: dict[str, os.DirEntry], problems):
    relpath = f"{folder}/{entry.name}"
    name = entry.name
    if name.startswith("."):
        return
    if entry.is_symlink():
        what = "folder" if entry.is_dir() else "file"
        problems.append(problem("symlink", relpath, f"symbolic link to a {what} refused"))
    elif entry.is_dir(follow_symlinks=False):
        return
    elif not entry.is_file(follow_symlinks=False):
        problems.append(problem("special-file", relpath,
                                "not a regular file (a pipe, socket or device): not read"))
    elif name.endswith(SIDECAR):
        if name[:-len(SIDECAR)] not in names:
            problems.append(problem("orphan-sidecar", relpath,
                                    f"no file {name[:-len(SIDECAR)]!r} beside this sidecar"))
    elif not (relpath.count("/") == 2 and name == "release.yml"):
        yield relpath, names.get(name + SIDECAR)


def _scan_file(context: Context, release: str, relpath: str, sidecar: os.DirEntry | None,
               scan: Scan, problems) -> None:
    content = Content(context, relpath)
    sha256 = content.fact("sha256", lambda data: hashlib.sha256(data).hexdigest(), TEXT)
    size = content.fact("size", len, NUMBER)
    secrets = _secrets(context, sha256, content)
    problems.extend(secret_problems(relpath, secrets))
    meta, meta_path = _metadata(context, content, sidecar, problems)
    kind = meta.get("kind") or content.fact("kind", lambda data: detect_kind(relpath, data), TEXT)
    record, record_items = _record(context, kind, release, relpath, content, scan, problems)
    kind_error = None
    if kind not in KINDS:
        line, column = position(meta, "kind")
        problems.append(problem("unknown-kind", _origin(meta, "kind", relpath),
                                f"unknown kind {kind!r}{did_you_mean(kind, KINDS)}", line, column))
        kind_error, kind = f"it declares the unknown kind {str(kind)!r}", "any"
    refs, named_unknown = _bindings(context, relpath, meta, record, record_items, problems)
    # A record that did not parse, or a path naming an unknown item, was reported already;
    # with no checklist loaded, the definition's own error says why nothing binds.
    already_told = kind in ("signoff", "waiver") or not context.complete or named_unknown
    if not refs and record is None and not already_told:
        problems.append(problem("unbound-file", relpath, "this file is evidence for no item"))
    evidence = EvidenceFile(
        path=relpath, release=release, items=refs, kind=kind,
        sha256=sha256, size=size,
        collected=dated(meta, "collected", parse_datetime, _origin(meta, "collected", relpath),
                        problems),
        meta_path=meta_path,
        location=Location(meta_path or relpath), kind_declared="kind" in meta,
        has_secret=bool(secrets),
        collected_location=Location(_origin(meta, "collected", relpath),
                                    *position(meta, "collected")) if "collected" in meta else None,
        kind_error=kind_error, source=_source(meta))
    scan.files.append(evidence)
    verdicts = _check_against_requirements(context, evidence, content, scan)
    for verdict in verdicts if kind_error is None else ():
        if verdict.verdict == "invalid":
            code = "kind-mismatch" if evidence.kind_declared else "unreadable-evidence"
            reason = "; ".join(verdict.reasons) or "unreadable"
            problems.append(problem(code, relpath, f"not readable as {evidence.kind}: {reason}"))
            break
    for code, message in dict.fromkeys(note for v in verdicts for note in v.notes):
        problems.append(problem(code, relpath, message))
    problems.extend(_serving_nothing(context, evidence, scan))


def _secrets(context: Context, sha256: str, content: Content) -> list[SecretFinding]:
    return context.cache.remember(
        f"{sha256}:secrets:{context.secrets_key}",
        lambda: find_secrets_in_bytes(content.data, context.allow_secrets),
        lambda found: [[f.line, f.column, f.kind, f.start, f.end] for f in found],
        lambda rows: [SecretFinding(*row) for row in rows])


def _metadata(context: Context, content: Content, sidecar: os.DirEntry | None,
              problems) -> tuple[dict, str | None]:
    """Front matter (Markdown) merged with the sidecar; the sidecar wins."""
    relpath = content.relpath
    meta: dict = {}
    if relpath.endswith((".md", ".markdown")) and content.fact(
            "front", lambda data: data.startswith(b"---"), FLAG):
        meta = _parsed(content, "front_matter", lambda data, found: _front_matter(
            relpath, data, found), problems)
    if sidecar is None or not sidecar.is_file():
        return meta, None
    sidecar_path = relpath + SIDECAR
    if sidecar.is_symlink():
        problems.append(problem("symlink", sidecar_path, "symbolic link refused"))
        return meta, None
    sidecar_content = Content(context, sidecar_path)
    parsed = _parsed(sidecar_content, "sidecar", lambda data, found: _parse_yaml(
        sidecar_path, data, found), problems)
    # what makes its cache entry well formed
    sidecar_content.fact("sha256", lambda data: hashlib.sha256(data).hexdigest(), TEXT)
    sidecar_content.fact("size", len, NUMBER)
    return _merge(meta, relpath, parsed, sidecar_path), sidecar_path


def _parsed(content: Content, name: str, parse: Callable[[bytes, list], Any], problems):
    """What parse(bytes, problems) returned and reported, kept with the file's facts."""
    def compute(data: bytes):
        found: list[Problem] = []
        value = parse(data, found)
        return {"value": to_plain(value), "problems": [list(astuple(p)) for p in found]}

    def decode(kept):
        value = from_plain(kept["value"])
        if not isinstance(value, dict):
            raise TypeError("cached metadata that is no mapping")
        return value, [Problem(*row) for row in kept["problems"]]

    try:
        value, found = content.fact(name, compute, decode)
    except TypeError:            # not keepable as JSON: parsed every time
        found = []
        value = parse(content.data, found)
    problems.extend(found)
    return value


def _merge(front: dict, relpath: str, sidecar: dict, sidecar_path: str) -> Node:
    """Front matter and sidecar fields in one mapping that remembers, for each field, the
    file and position it was written at (so problems point at the right line)."""
    merged = Node({**front, **sidecar})
    merged.positions, merged.origins = {}, {}
    for source, path in ((front, relpath), (sidecar, sidecar_path)):
        for key in source:
            merged.positions[key] = position(source, key)
            merged.origins[key] = path
    return merged


def _source(meta: dict) -> str | None:
    source = meta.get("source")
    return source if isinstance(source, str) and source.strip() else None


def _origin(meta: dict, key: str, default: str) -> str:
    """The file a metadata field was written in (the sidecar or the Markdown file)."""
    return getattr(meta, "origins", {}).get(key, default)


def _front_matter(relpath: str, data: bytes, problems) -> dict:
    front = split_front_matter(data.decode("utf-8", errors="replace"))
    if front.unclosed:
        problems.append(problem("bad-front-matter", relpath, "front matter is not closed by `---`"))
    if front.yaml is None:
        return {}
    # a blank first line stands for the opening `---`, so positions are the file's own lines
    parsed = _parse_yaml(relpath, ("\n" + front.yaml).encode(), problems)
    return parsed if isinstance(parsed, dict) else {}


def _parse_yaml(relpath: str, data: bytes, problems):
    try:
        parsed = load_text(data.decode("utf-8", errors="replace"))
    except YamlError as error:
        problems.append(problem(error.code, relpath, str(error), error.line, error.column))
        return {}
    if parsed is None:
        return {}
    found = schema_problems(parsed, "meta", relpath, "bad-front-matter") if isinstance(
        parsed, dict) else [problem("bad-front-matter", relpath, "expected a mapping of fields")]
    problems.extend(found)
    return {} if found else parsed


def _record(context: Context, kind, release, relpath, content: Content, scan: Scan, problems):
    """Sign-off and waiver records become model objects besides being evidence."""
    if kind not in ("signoff", "waiver"):
        return None, None
    if release == COMMON:
        problems.append(problem(f"bad-{kind}", relpath, f"a {kind} belongs to a release folder, "
                                "not evidence/_common"))
        return None, None
    try:
        parsed = load_text(content.data.decode("utf-8", errors="replace"))
    except YamlError as error:
        problems.append(problem(error.code, relpath, str(error), error.line, error.column))
        return None, None
    if kind == "signoff":
        record = signoff_record(parsed, relpath, release, context.roles, problems)
        if record:
            _once_per_role(record, scan.signoffs, problems)
            scan.signoffs.append(record)
        return record, None
    record = waiver_record(parsed, relpath, release, context.sections, problems)
    if record:
        scan.waivers.append(record)
    return record, (parsed.get("items") if isinstance(parsed, dict) else None)


def _once_per_role(record, signoffs, problems) -> None:
    for other in signoffs:
        if other.release == record.release and other.role == record.role:
            problems.append(problem("duplicate-signoff", record.path,
                                    f"role {record.role!r} already signed off in {other.path}"))


def _bindings(context: Context, relpath, meta, record, record_items,
              problems) -> tuple[tuple[str, ...], bool]:
    """The item refs a file is bound to, and whether the file itself names an unknown item."""
    found: list[Problem] = []
    refs = set(_path_binding(context, relpath, found))
    listed = meta.get("items") or ()
    listed_in = _origin(meta, "items", relpath)
    for index, ref in enumerate(listed):
        if _known_ref(context, str(ref), listed_in, position(listed, index), found):
            refs.add(str(ref))
    if record is not None:
        refs.update(_record_binding(context, record, record_items, found))
    problems.extend(found)
    return tuple(sorted(refs)), any(p.path == relpath for p in found)


def _path_binding(context: Context, relpath: str, problems) -> list[str]:
    parts = relpath.split("/")[2:]       # drop evidence/<release>
    if len(parts) < 3 or parts[0] not in context.sections:
        return []
    ref = f"{parts[0]}/{parts[1]}"
    if parts[1] in context.sections[parts[0]]:
        return [ref]
    problems.append(problem("unknown-item", relpath, f"folder names unknown item {ref!r}"
                            f"{did_you_mean(parts[1], context.sections[parts[0]])}"))
    return []


def _known_ref(context: Context, ref: str, path: str, where, problems) -> bool:
    if ref in context.items:
        return True
    if not context.complete:    # a definition did not load: its own errors explain
        return False
    problems.append(problem("unknown-item", path, f"unknown item {ref!r}"
                            f"{did_you_mean(ref, context.items)}", *where))
    return False


def _record_binding(context: Context, record, written_items, problems) -> list[str]:
    if hasattr(record, "role"):
        return list(context.signoff_items.get(record.role, ()))
    refs = []
    for index, ref in enumerate(record.items):
        where = (position(written_items, index) if written_items is not None
                 else (record.location.line, 1))
        if _known_ref(context, ref, record.path, where, problems):
            refs.append(ref)
    return refs


def _verdict(context: Context, evidence: EvidenceFile, kind: str, key: str, content: Content,
             options: dict) -> Verdict:
    return context.cache.remember(f"{evidence.sha256}:{key}",
                                  lambda: check_evidence(kind, content.data, options,
                                                         evidence.path,
                                                         evidence.source),
                                  encode_verdict, decode_verdict)


def serves(requirement: Requirement, evidence: EvidenceFile) -> bool:
    return can_serve(requirement.kind, evidence.kind, evidence.kind_declared)


def _serving_nothing(context: Context, evidence: EvidenceFile, scan: Scan) -> list[Problem]:
    """A file bound to an item that serves none of its requirements, unless its kind was
    declared (the author said what it is: supporting material). Records count elsewhere."""
    if evidence.kind_declared or evidence.kind in ("signoff", "waiver"):
        return []
    found = []
    for ref in evidence.items:
        requires = context.items[ref].requires
        if any((evidence.path, ref, i) in scan.verdicts for i in range(len(requires))):
            continue
        kinds = list(dict.fromkeys(r.kind for r in requires if r.kind not in ("signoff", "any")))
        asks = (f"the item asks for {' and '.join(kinds)}" if kinds
                else "the item needs only a sign-off")
        hint = (f"if it is {' or '.join(kinds)} evidence, declare `kind: {kinds[0]}` in "
                f"{evidence.path}{SIDECAR}; if it only supports the item, declare its own kind "
                f"(`kind: {evidence.kind}`) to say so") if kinds else None
        found.append(problem("serves-no-requirement", evidence.path,
                             f"serves no requirement of {ref}: recognised as {evidence.kind}, "
                             f"{asks}", hint=hint))
    return found


def _check_against_requirements(context: Context, evidence: EvidenceFile, content: Content,
                                scan: Scan) -> list[Verdict]:
    """Check the file against every requirement it serves; each distinct check runs once. A
    file that declares its kind is checked as that kind even for `any`; one that declares an
    unknown kind is invalid for every requirement of its items."""
    done: dict[str, Verdict] = {}
    for ref in evidence.items:
        for index, requirement in enumerate(context.items[ref].requires):
            if requirement.kind in ("signoff", "waiver"):
                continue
            if evidence.kind_error:
                scan.verdicts[(evidence.path, ref, index)] = invalid(
                    f"not usable as evidence: {evidence.kind_error}")
                continue
            if not serves(requirement, evidence):
                continue
            broken = context.broken.get((ref, index))
            if broken:       # the definition's own error, reported there: not the file's
                scan.verdicts[(evidence.path, ref, index)] = invalid(
                    f"the requirement cannot be checked until its definition is fixed: "
                    f"{broken}")
                continue
            kind = evidence.kind if requirement.kind == "any" else requirement.kind
            options = dict(requirement.check) if requirement.kind != "any" else {}
            key = kind + (context.check_keys[ref, index] if options else "{}")
            if KINDS[kind].takes_source:
                key += f"@{evidence.source}"
            if key not in done:
                present = requirement.kind == "any" and not evidence.kind_declared
                done[key] = (Verdict("pass", ("present",)) if present
                             else _verdict(context, evidence, kind, key, content, options))
            scan.verdicts[(evidence.path, ref, index)] = done[key]
    return list(done.values())
