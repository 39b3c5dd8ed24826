"""What packs carry is enough to evaluate every release again to the same statuses: the
bundled example (three releases, real rosters, waivers, sign-offs, every status) and a
repository whose history has branches merged by pull requests."""
from __future__ import annotations

import json

import pytest

from generator.actions.recheck import recheck_pack
from generator.actions.verify import verify_pack
from generator.history.record import history_from_json
from generator.pipeline import load_and_evaluate
from tests.helpers.evaluated_pack import SIGNOFF, evaluated_repo, pack_files, render
from tests.helpers.gitrepo import ADA, BOB
from tests.helpers.mini_project import SAM
from tests.helpers.paths import ROOT


def rechecked(evaluation, version, root):
    files = pack_files(evaluation, version, root)
    facts = history_from_json(json.loads(files["history.json"]))
    return recheck_pack(files, json.loads(files["manifest.json"]),
                        json.loads(files["status.json"]), facts)


@pytest.mark.slow
def test_every_bundled_release_re_evaluates_from_what_its_pack_carries():
    evaluation = load_and_evaluate(ROOT)
    assert len(evaluation.reports) == 3
    for report in evaluation.reports:
        found = rechecked(evaluation, report.version, ROOT)
        assert found.mismatches == [] and found.errors == [], (report.version, found.mismatches)
        items = [m for m in found.matches if m.path.startswith("item ")]
        assert len(items) == len(report.items)


def test_merged_branches_and_pull_requests_re_evaluate(tmp_path):
    repo = evaluated_repo(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit_files({"evidence/v1.0.0/security/review/second.md": "# Second review\n"},
                      "Second review", BOB, date="2026-11-04T09:00:00+00:00")
    repo.commit_files({SIGNOFF: "kind: signoff\nrole: security\napprover: sam@example.com\n"
                                "decision: approved\ndate: 2026-11-05\n"},
                      "Sign again", SAM, date="2026-11-05T09:00:00+00:00")
    repo.git("checkout", "-q", "main")
    for n in range(20):        # commits that touch no evidence: cut from the pack's graph
        repo.commit_files({"content/docs/notes.md": f"# Notes {n}\n"}, f"Notes {n}", ADA,
                          date=f"2026-11-04T0{n // 6}:{n % 6}0:00+00:00")
    repo.commit_files({"evidence/v1.0.0/security/scan/extra.txt": "0 findings\n"}, "Scan",
                      ADA, date="2026-11-04T10:00:00+00:00")
    repo.git("merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #31 from x/feature",
             env=repo.identity(ADA, date="2026-11-06T09:00:00+00:00"))
    evaluation = load_and_evaluate(repo.root)
    history = evaluation.history_record(evaluation.report("v1.0.0"))
    merged = [c for c in history["commits"].values() if c["subject"] == "Sign again"]
    assert merged and merged[0]["pull_request"] == 31
    total = len(repo.git("rev-list", "HEAD").split())
    assert total > 25 and len(history["graph"]["parents"]) < total - 15
    found = rechecked(evaluation, "v1.0.0", repo.root)
    assert found.mismatches == [] and found.errors == [], found.mismatches
    against_git = verify_pack(render(repo.root, tmp_path / "pack.pdf"), repo.root)
    assert against_git.ok, against_git.to_text()
    assert any("every git fact it states is what git records" in m.detail
               for m in against_git.matches)
