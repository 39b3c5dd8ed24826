"""A real repository evaluated by the pipeline, its audit pack, and edits of that pack.

    repo = evaluated_repo(tmp_path / "repo")             # every status but waived
    pack = render(repo.root, tmp_path / "pack.pdf")      # load_and_evaluate + the real pack
    rewrite_pack(pack, tmp_path / "edited.pdf", replace={"status.json": b"..."}, remove={...})

Unlike pack_fixtures (a report built by hand, for the pack's pages), these packs' statuses
follow from their files, so `evidence verify` re-evaluates them to the same answer.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable, Mapping

import pikepdf

from generator.outputs.pdf.command import pack_for_release
from generator.pipeline import load_and_evaluate
from tests.helpers.gitrepo import BOB, GitRepo
from tests.helpers.mini_project import SAM, mini_repo, release_yml

VERSION = "v1.0.0"
BASE = f"evidence/{VERSION}"
FAILING = f"{BASE}/security/headers/www.http"           # lacks x-frame-options: failed
REVIEW = f"{BASE}/security/review/notes.md"
SCAN = f"{BASE}/security/scan/scan.txt"                 # collected long ago (sidecar): stale
SIGNOFF = f"{BASE}/signoffs/security.yml"
COMMON_DOC = "evidence/_common/policies/retention.md"
SECRET = f"{BASE}/security/review/deploy.env"
AWS_KEY = "AKIA" + "QWERTYUIOPASDFGH"                    # split: no scanner flags this source
SECRET_TEXT = f"region=eu-west-1\naws_access_key_id={AWS_KEY}\n"


def evaluated_repo(root: Path, *, secret: bool = False) -> GitRepo:
    repo = mini_repo(root)
    repo.write(f"{BASE}/release.yml", release_yml(VERSION, status="in-progress"))
    repo.write(FAILING, "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n\r\n")
    repo.write(REVIEW, "# Review\n\nReviewed by two people.\n")
    repo.write(SCAN, "0 findings\n")
    repo.write(SCAN + ".meta.yml", "collected: 2026-09-01T08:00:00Z\n")
    repo.write(COMMON_DOC, "---\nitems: [security/review]\n---\n# Retention\n\n90 days.\n")
    if secret:
        repo.write(SECRET, SECRET_TEXT)
    repo.commit("Evidence for v1.0.0 (#12)", author=BOB, date="2026-11-01T09:00:00+00:00")
    repo.write(SIGNOFF, "kind: signoff\nrole: security\napprover: sam@example.com\n"
                        "decision: approved\ndate: 2026-11-02\n")
    repo.commit("Security sign-off\n\nApproved-by: Sam Shield <sam@example.com>", author=SAM,
                date="2026-11-02T09:00:00+00:00")
    return repo


def render(root: Path, out: Path, version: str = VERSION, as_of=None) -> Path:
    evaluation = load_and_evaluate(root, as_of)
    history = evaluation.history_record(evaluation.report(version))
    return pack_for_release(evaluation.reports, root, version, out, history=history).path


def attachments(pack: Path) -> dict[str, bytes]:
    with pikepdf.open(pack) as pdf:
        return {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}


def rewrite_pack(pack: Path, out: Path, replace: Mapping[str, bytes] | None = None,
                 remove: Iterable[str] = ()) -> Path:
    """A copy of the pack with attachments replaced, added or removed (as a PDF editor
    would: the pages stay, the embedded files change)."""
    with pikepdf.open(pack) as pdf:
        for name in remove:
            del pdf.attachments[name]
        for name, data in (replace or {}).items():
            pdf.attachments[name] = pikepdf.AttachedFileSpec(pdf, data, filename=name)
        pdf.save(out)
    return out


def edit_json(pack: Path, name: str, change: Callable[[dict], None]) -> bytes:
    """The attachment `name` of the pack as JSON, changed in place by `change`, as bytes."""
    data = json.loads(attachments(pack)[name])
    change(data)
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


def manifest_entry(data: dict, path: str) -> dict:
    return next(f for f in data["files"] if f["path"] == path)


def item_entry(data: dict, ref: str) -> dict:
    return next(i for i in data["items"] if i["ref"] == ref)


def pack_files(evaluation, version: str, root: Path) -> dict[str, bytes]:
    """What the pack of `version` would embed, name -> bytes, without laying out a PDF."""
    from generator.outputs.pdf import render

    report = evaluation.report(version)
    warnings: list[str] = []
    records = render.pack_records(report, evaluation.history_record(report))
    return {**{name: data for name, (data, _) in records.items()},
            **render._read_inputs(report, root, warnings),
            **render._read_contents(report, root, warnings)}
