"""`evidence verify --repo`: the pack against its release as git records it at the pack's
source commit.

Reads every file the loaders would read for the release at that commit (one `git ls-tree`,
one `git cat-file --batch`; the working tree is not looked at), loads them as a repository,
and checks that
- every evidence file of the release at that commit is in the manifest, and nothing else is;
- every input the pack carries (definitions, release.yml, roles, settings, sidecars) is git's,
  byte for byte, and none is missing;
- each file marked withheld really holds a detected secret, and no embedded file holds one
  (the withheld files' bytes are handed on, so the statuses that depend on them are
  re-evaluated too);
- history.json states every file's commits as git records them at that commit.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Mapping

from ..errors import GitError
from ..history.git import full_sha, list_tree, read_history_at, read_objects, record_signatures
from ..history.record import history_json
from ..history.rosters import read_rosters
from ..load.config import CONFIG_FILE
from ..load.definitions import APPROVERS, CHECKLISTS
from ..load.inputs import is_release_input, release_inputs, repository_of
from ..load.project import load_project
from ..model.project import COMMON, EvidenceFile
from ..outputs.names import HISTORY
from .findings import Finding, Findings
from .recheck import PACK_RECORDS, differences


def check_commit(repo: Path, manifest: Mapping, embedded: Mapping[str, bytes],
                 history: Mapping | None) -> tuple[Findings, dict[str, bytes]]:
    """The findings, and the bytes of the withheld files that hold a secret in git.
    `history`: the pack's history.json, when it reads as one. Raises GitError when the
    repository cannot be read at all."""
    found = Findings()
    commit, version = manifest.get("source_commit"), str(manifest.get("release"))
    release = f"release {version}"
    if not commit:
        found.mismatch(release, "the pack names no source commit: it was not built from a "
                                "commit, so git cannot confirm it")
        return found, {}
    try:
        full_sha(commit)
    except GitError:
        found.mismatch(release, f"source commit {commit!r} is not a commit sha")
        return found, {}
    if "/" in version or version in ("", ".", "..", COMMON):
        found.mismatch(release, "not a release folder name")
        return found, {}
    tree = _release_tree(repo, commit, version)
    if not tree:
        found.mismatch(release, f"commit {commit} is not in the repository, or holds no "
                                "file of the release")
        return found, {}
    with repository_of(tree) as folder:
        project = load_project(folder, use_cache=False).project
        evidence = {f.path: f for f in project.evidence if f.release in (version, COMMON)}
        inputs = release_inputs(folder, version, evidence.values())
    at = f"at commit {commit[:12]}"
    _completeness(found, manifest, evidence, tree, at)
    supplied = _withheld(found, manifest, evidence, embedded, tree, at)
    _inputs(found, embedded, tree, inputs, version, at)
    if history is not None:
        _history(found, history, _recorded(repo, commit, history, project, version), at)
    return found, supplied


def _release_tree(repo: Path, commit: str, version: str) -> dict[str, bytes]:
    """What the loaders read for the release at `commit`: path -> bytes."""
    paths = list_tree(repo, commit, [CONFIG_FILE, APPROVERS, CHECKLISTS,
                                     f"evidence/{version}", f"evidence/{COMMON}"])
    blobs = read_objects(repo, [f"{commit}:./{path}" for path in paths])
    return {path: blob for path, blob in zip(paths, blobs) if blob is not None}


def _completeness(found: Findings, manifest: Mapping, evidence: Mapping[str, EvidenceFile],
                  tree: Mapping[str, bytes], at: str) -> None:
    listed = {f["path"]: f for f in manifest.get("files", [])}
    for path in sorted(set(evidence) - set(listed)):
        found.mismatch(path, f"a file of the release {at}, missing from the pack's manifest")
    for path in sorted(set(listed) - set(evidence)):
        found.mismatch(path, f"in the manifest, but not a file of the release {at}")
    for path in sorted(set(listed) & set(evidence)):
        if hashlib.sha256(tree[path]).hexdigest() == listed[path].get("sha256"):
            found.match(path, f"the release's file {at}, as listed")
        else:
            found.mismatch(path, f"the manifest's sha256 differs from the file {at}")


def _withheld(found: Findings, manifest: Mapping, evidence: Mapping[str, EvidenceFile],
              embedded: Mapping[str, bytes], tree: Mapping[str, bytes],
              at: str) -> dict[str, bytes]:
    supplied = {}
    for entry in manifest.get("files", []):
        path, known = entry["path"], evidence.get(entry["path"])
        if known is None:
            continue
        if entry.get("withheld") and known.has_secret:
            found.match(path, f"withheld: the file {at} holds a detected secret")
            supplied[path] = tree[path]
        elif entry.get("withheld"):
            found.mismatch(path, f"marked withheld, but the file {at} holds no detected "
                                 "secret: the pack hides evidence it should carry")
        elif known.has_secret and path in embedded:
            found.mismatch(path, f"the file {at} holds a detected secret, yet the pack embeds "
                                 "it")
    return supplied


def _inputs(found: Findings, embedded: Mapping[str, bytes], tree: Mapping[str, bytes],
            inputs: list[str], version: str, at: str) -> None:
    for path in inputs:
        if path not in embedded:
            found.mismatch(path, f"an input of the evaluation {at}, not attached to the pack")
        elif embedded[path] != tree[path]:
            found.mismatch(path, f"attached input differs from the file {at}")
        else:
            found.match(path, f"attached input is the file {at}")
    extra = [name for name in embedded if name not in PACK_RECORDS and name not in inputs
             and is_release_input(name, version)]
    for path in sorted(extra):
        found.mismatch(path, f"attached as an input, but not one {at}")


def _recorded(repo: Path, commit: str, claimed: Mapping, project, version: str) -> dict:
    """history.json as git gives it at `commit`, for the files the pack states facts about."""
    history = read_history_at(repo, commit)
    records = [r.path for r in (*project.signoffs, *project.waivers) if r.release == version]
    rosters = read_rosters(repo, history, records)
    signatures = record_signatures(repo, history, records) \
        if project.settings.get("require_signed_records") else None
    paths = [p for p in claimed.get("files", {}) if isinstance(p, str)]
    return history_json(history, paths, [r for r in records if r in paths],
                        str(claimed.get("evaluated_by")), rosters, signatures)


def _history(found: Findings, claimed: Mapping, recorded: Mapping, at: str) -> None:
    wrong: dict[str, list[str]] = {}
    for where, what in differences(dict(claimed), recorded, against="git"):
        if where[0] == "signatures":
            found.unchecked.append(Finding(HISTORY, f"signatures.{'.'.join(where[1:])}: {what} "
                                           f"{at}; signature checks depend on the keys git "
                                           "trusts here"))
            continue
        subject = where[1] if where[0] == "files" and len(where) > 1 else HISTORY
        wrong.setdefault(subject, []).append(f"{'.'.join(where)}: {what}")
    for subject, lines in sorted(wrong.items()):
        for line in lines[:3]:
            found.mismatch(subject, f"history.json {line} {at}")
        if len(lines) > 3:
            found.mismatch(subject, f"history.json: {len(lines) - 3} more differences {at}")
    if not wrong:
        found.match(HISTORY, f"every git fact it states is what git records {at}: commits, "
                             "graph, rosters")
