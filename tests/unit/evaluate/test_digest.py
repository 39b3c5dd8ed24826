"""The canonical scope digest, checked against the shell recipe in docs/provenance.md."""
from __future__ import annotations

import hashlib
import json
import random
import shutil
import subprocess

import pytest

from generator.evaluate.digest import (
    evidence_in_scope,
    scope_digest,
    scope_listing,
    sha256sum_line,
)
from generator.model.project import COMMON, EvidenceFile
from tests.helpers.projects import item


def file_sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()

NAMES = ["evidence/v1.0.0/security/scan/report.sarif", "evidence/v1.0.0/ops/a b/notes  2.md",
         "evidence/v1.0.0/sécurité/日本 語.txt", "evidence/_common/Zeta.txt",
         "evidence/v1.0.0/ops/a-b/x.txt", "evidence/v1.0.0/weird\\name.txt"]

# The recipe from docs/provenance.md, fed the repository-relative paths NUL-separated.
SHELL_RECIPE = "LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum"


def write_tree(root):
    for index, name in enumerate(NAMES):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"content {index}\n".encode() * (index + 1))


def shell_digest(root, names) -> str:
    listing = "".join(f"{n}\0" for n in names).encode()
    out = subprocess.run(["sh", "-c", SHELL_RECIPE], cwd=root, input=listing,
                         capture_output=True, check=True).stdout.decode()
    return "sha256:" + out.split()[0].lstrip("\\")


def test_digest_matches_the_shell_recipe(tmp_path):
    write_tree(tmp_path)
    pairs = [(n, file_sha256(tmp_path / n)) for n in NAMES]

    assert scope_digest(pairs) == shell_digest(tmp_path, NAMES)


def test_listing_is_sha256sum_output(tmp_path):
    write_tree(tmp_path)
    names = sorted(NAMES)
    sha256sum = subprocess.run(["sha256sum", "--", *names], cwd=tmp_path, capture_output=True,
                               check=True).stdout.decode()

    assert scope_listing((n, file_sha256(tmp_path / n)) for n in NAMES) == sha256sum


def test_digest_ignores_input_order_and_sees_every_change(tmp_path):
    write_tree(tmp_path)
    pairs = [(n, file_sha256(tmp_path / n)) for n in NAMES]
    shuffled = pairs[:]
    random.Random(4).shuffle(shuffled)
    changed = [(pairs[0][0], hashlib.sha256(b"other").hexdigest()), *pairs[1:]]
    renamed = [(pairs[0][0] + ".bak", pairs[0][1]), *pairs[1:]]

    digest = scope_digest(pairs)

    assert scope_digest(shuffled) == digest
    assert len({digest, scope_digest(changed), scope_digest(renamed), scope_digest(pairs[1:])}) == 4
    assert digest.startswith("sha256:") and len(digest) == len("sha256:") + 64


def test_prefixed_and_upper_case_hashes_give_the_same_line():
    sha = hashlib.sha256(b"x").hexdigest()
    assert sha256sum_line("a", "sha256:" + sha.upper()) == sha256sum_line("a", sha) == f"{sha}  a\n"
    assert sha256sum_line("a\nb", sha) == f"\\{sha}  a\\nb\n"


def evidence(path, items, kind="any", release="v1.0.0"):
    return EvidenceFile(path=path, release=release, items=items, kind=kind, sha256="0" * 64,
                        size=1)


FILES = [
    evidence("evidence/v1.0.0/security/scan/r.sarif", ("security/scan",), "sarif"),
    evidence("evidence/v1.0.0/security/headers/p.http", ("security/headers",)),
    evidence("evidence/v1.0.0/ops/runbook/r.md", ("ops/runbook",), "runbook"),
    evidence("evidence/v1.0.0/waivers/w.yml", ("ops/backup",), "waiver"),
    evidence("evidence/v1.0.0/signoffs/security.yml", ("security/approval",), "signoff"),
    evidence("evidence/_common/policy.md", ("ops/policy",), "document", COMMON),
    evidence("evidence/v0.9.0/ops/runbook/old.md", ("ops/runbook",), "runbook", "v0.9.0"),
]
ITEMS = {r: item(r) for r in ("security/scan", "security/headers", "security/approval",
                              "ops/runbook", "ops/backup", "ops/policy")}


def paths(files):
    return [f.path for f in files]


def test_release_scope_is_everything_but_signoffs():
    chosen = paths(evidence_in_scope("release", FILES, ITEMS, release="v1.0.0"))

    assert chosen == sorted(f.path for f in FILES
                            if f.kind != "signoff" and f.release in ("v1.0.0", COMMON))
    assert "evidence/_common/policy.md" in chosen and "evidence/v1.0.0/waivers/w.yml" in chosen


def test_list_scope_takes_sections_and_item_refs():
    chosen = paths(evidence_in_scope(["security", "ops/runbook"], FILES, ITEMS, release="v1.0.0"))

    assert chosen == ["evidence/v1.0.0/ops/runbook/r.md",
                      "evidence/v1.0.0/security/headers/p.http",
                      "evidence/v1.0.0/security/scan/r.sarif"]


def test_without_release_the_caller_has_already_chosen_the_files():
    assert "evidence/v0.9.0/ops/runbook/old.md" in paths(
        evidence_in_scope(("ops/runbook",), FILES, ITEMS))


def test_unknown_scope_word_is_refused():
    with pytest.raises(ValueError, match="expected 'release'"):
        evidence_in_scope("everything", FILES, ITEMS)


MANIFEST_RECIPE = ("jq -j '.files[] | select(.in_release_scope) | .path + \"\\u0000\"' "
                   "manifest.json | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum")
HASHES_RECIPE = ("jq -j '[.files[] | select(.in_release_scope)] | sort_by(.path)[] "
                 "| \"\\(.sha256)  \\(.path)\\n\"' manifest.json | sha256sum")


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
@pytest.mark.parametrize("recipe", [MANIFEST_RECIPE, HASHES_RECIPE])
def test_documented_recipes_over_a_manifest(tmp_path, recipe):
    names = [n for n in NAMES if "\\" not in n]      # the hashes-only recipe does not escape
    write_tree(tmp_path)
    files = [EvidenceFile(n, "v1.0.0", ("a/b",), "any", file_sha256(tmp_path / n), 1)
             for n in names]
    signoff = EvidenceFile("evidence/v1.0.0/signoffs/security.yml", "v1.0.0", ("a/b",),
                           "signoff", "f" * 64, 1)
    listed = [*files, signoff]
    random.Random(7).shuffle(listed)
    manifest = {"files": [{"path": f.path, "sha256": f.sha256, "kind": f.kind,
                           "in_release_scope": f.kind != "signoff"} for f in listed]}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))

    out = subprocess.run(["sh", "-c", recipe], cwd=tmp_path, capture_output=True, check=True)

    expected = scope_digest(
        (f.path, f.sha256) for f in evidence_in_scope("release", files + [signoff],
                                                      {"a/b": item("a/b")}))
    assert "sha256:" + out.stdout.decode().split()[0] == expected


def test_release_scope_leaves_out_evidence_due_after_release():
    from dataclasses import replace
    from datetime import timedelta

    items = {**ITEMS, "ops/runbook": replace(ITEMS["ops/runbook"],
                                             due_after_release=timedelta(days=7))}
    chosen = paths(evidence_in_scope("release", FILES, items, release="v1.0.0"))
    assert "evidence/v1.0.0/ops/runbook/r.md" not in chosen
    assert "evidence/v1.0.0/security/scan/r.sarif" in chosen
