"""Evaluating a pack again from its own attachments, and comparing with what it states.

The pack carries every input of its evaluation: the evidence files, the checklist
definitions, release.yml, approvers.yml, mkdocs.yml, the sidecars, and history.json for the
git facts. They are laid out in a temporary folder as they were in the repository, loaded by
the same loaders, judged with history.json in place of git at the pack's evaluation time, and
what comes out is compared, item by item, with the pack's status.json and manifest.json.

A file withheld for a detected secret is not in the pack, so what depends on it (the items it
serves, sign-off digests, the release's totals) cannot be re-checked from the pack alone:
those differences are reported as unchecked, unless its bytes are supplied (from git, with
`--repo`).
"""
from __future__ import annotations

import json
from typing import Any, Iterator, Mapping

from ..history.record import GitFacts
from ..load.inputs import UnsafePath, repository_of
from ..load.project import load_project
from ..model.results import ReleaseReport
from ..model.times import parse_datetime
from ..outputs.json import canonical_json, manifest_json, status_json
from ..outputs.names import HISTORY, MANIFEST, STATUS
from ..pipeline import evaluate
from .findings import Finding, Findings

PACK_RECORDS = (MANIFEST, STATUS, HISTORY)
# lists whose entries are matched by a key, not by position; and how findings name them
KEYED = {"sections": "id", "items": "ref", "signoffs": "path", "waivers": "path",
         "evidence": "path", "files": "path", "checklists": "id"}
SUBJECTS = {"sections": "section ", "items": "item ", "signoffs": "sign-off ",
            "waivers": "waiver ", "files": ""}
TOTALS = ("ready", "blockers", "completion", "counts", "warnings")
Where = tuple[str, ...]


def recheck_pack(embedded: Mapping[str, bytes], manifest: Mapping, claimed: Mapping,
                 facts: GitFacts, supplied: Mapping[str, bytes] | None = None) -> Findings:
    """Re-evaluate the pack's release from `embedded` (name -> bytes; `supplied` adds the
    bytes of withheld files) with the git `facts` of its history.json, and compare with
    `claimed` (status.json) and `manifest`."""
    found = Findings()
    version = str(manifest.get("release"))
    try:
        as_of = parse_datetime(manifest.get("evaluated_at"))
    except (TypeError, ValueError):
        found.errors.append(f"{MANIFEST}: evaluated_at {manifest.get('evaluated_at')!r} is "
                            "not a time; the pack cannot be re-evaluated")
        return found
    files = {name: data for name, data in embedded.items() if name not in PACK_RECORDS}
    files.update(supplied or {})
    try:
        with repository_of(files) as folder:
            loaded = load_project(folder, use_cache=False)
    except UnsafePath as error:
        found.errors.append(f"the attachments cannot be laid out as a repository: {error}")
        return found
    report = evaluate(loaded, facts.history, as_of, facts.rosters,
                      facts.signatures).report(version)
    if report is None:
        found.mismatch(f"release {version}", "re-evaluating the attached inputs gives no such "
                                             "release (is its release.yml attached?)")
        return found
    withheld = {f["path"]: f for f in manifest.get("files", [])
                if f.get("withheld") and f["path"] not in files}
    affected = _affected_by(withheld, report)
    _compare_into(found, claimed, _plain(status_json(report)), "", version, affected)
    _compare_into(found, manifest, _plain(manifest_json(report)), "manifest ", version, affected)
    for path in sorted(withheld):
        found.unchecked.append(Finding(path, "withheld for a detected secret: its verdict and "
                                             "what depends on it need its bytes (--repo DIR)"))
    return found


def _plain(data: Any) -> Any:
    """As the pack stores it: through canonical JSON and back."""
    return json.loads(canonical_json(data))


def _affected_by(withheld: Mapping[str, Mapping], report: ReleaseReport):
    """Whether a difference at `where` may come from a withheld file's absence (None: it is
    that file's own entry, which recheck_pack reports once by itself)."""
    if not withheld:
        return lambda where: False
    refs = {ref for entry in withheld.values() for ref in entry.get("items") or ()}
    refs |= {i.item.ref for i in report.items if i.item.signoff_role}

    def affected(where: Where) -> bool | None:
        head, name = where[0], (where[1] if len(where) > 1 else None)
        if head == "files" and name in withheld:
            return None
        return head in ("sections", "signoffs") or head in TOTALS or \
            (head == "items" and name in refs)
    return affected


def _compare_into(found: Findings, claimed: Any, recomputed: Any, label: str, version: str,
                  affected) -> None:
    differing: set[str] = set()
    for where, what in differences(claimed, recomputed):
        if affected(where) is None:
            continue
        subject, rest = _subject(where, version)
        differing.add(subject)
        finding = Finding(subject, f"{label}{'.'.join(rest) or 'entry'}: {what}")
        if affected(where):
            found.unchecked.append(Finding(finding.path, finding.detail +
                                           " (depends on withheld evidence)"))
        else:
            found.mismatches.append(finding)
    _matches_into(found, claimed, label, version, differing)


def _matches_into(found: Findings, claimed: Any, label: str, version: str,
                  differing: set[str]) -> None:
    if not isinstance(claimed, Mapping):
        return
    release = f"release {version}"
    if label == "" and release not in differing:
        found.match(release, "readiness, completion, counts and blockers follow from the "
                             "attached inputs")
    for entry in claimed.get("items") or ():
        subject = f"item {entry.get('ref')}"
        if isinstance(entry, Mapping) and subject not in differing:
            found.match(subject, f"{entry.get('status')}: follows from the attached inputs")
    files = (claimed.get("files") or ()) if label else ()
    for entry in files:
        if isinstance(entry, Mapping) and entry.get("path") not in differing:
            found.match(str(entry.get("path")), f"{label}verdict {entry.get('verdict')} "
                                                "re-computed from the attached inputs")


def _subject(where: Where, version: str) -> tuple[str, Where]:
    if len(where) >= 2 and where[0] in SUBJECTS:
        return f"{SUBJECTS[where[0]]}{where[1]}", where[2:]
    return f"release {version}", where


def differences(claimed: Any, other: Any, where: Where = (),
                against: str = "re-evaluation") -> Iterator[tuple[Where, str]]:
    """(where, what differs) for every difference between what the pack claims and what
    `against` gives; lists of records match by their key."""
    if isinstance(claimed, dict) and isinstance(other, dict):
        for key in dict.fromkeys([*claimed, *other]):
            if key not in other:
                yield (*where, key), f"in the pack, but {against} has none"
            elif key not in claimed:
                yield (*where, key), f"missing from the pack; {against} gives {_short(other[key])}"
            else:
                yield from differences(claimed[key], other[key], (*where, key), against)
    elif _keyed(where, claimed) and _keyed(where, other):
        key = KEYED[where[-1]]
        old, new = ({str(e[key]): e for e in side} for side in (claimed, other))
        for name in dict.fromkeys([*old, *new]):
            if name not in new:
                yield (*where, name), f"in the pack, but {against} has no such entry"
            elif name not in old:
                yield (*where, name), f"missing from the pack, but {against} has it"
            else:
                yield from differences(old[name], new[name], (*where, name), against)
    elif claimed != other:
        yield where, f"the pack says {_short(claimed)}, {against} gives {_short(other)}"


def _keyed(where: Where, entries: Any) -> bool:
    key = KEYED.get(where[-1]) if where else None
    if key is None or not isinstance(entries, list):
        return False
    names = [e.get(key) for e in entries if isinstance(e, dict)]
    return len(names) == len(entries) and None not in names and len(set(names)) == len(names)


def _short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"
