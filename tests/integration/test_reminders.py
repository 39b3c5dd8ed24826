"""The reminders flow: `evidence check --format json` writes what is about to lapse, and the
reminders script keeps one GitHub issue per thing through a stand-in `gh`."""
from __future__ import annotations

import json
import subprocess
import sys

from generator.actions.reminders import LAPSED
from tests.helpers import fake_gh
from tests.helpers.paths import ROOT
from tests.unit.actions.test_reminders import EVIDENCE, WAIVER

AS_OF = "2026-11-20T12:00:00Z"


def reminders(check, env, now):
    done = subprocess.run([sys.executable, "-m", "generator.actions.reminders", str(check),
                           "--now", now], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_bundled_example_gets_one_issue_per_expiring_evidence(tmp_path):
    env = fake_gh.install(tmp_path / "bin", tmp_path / "issues.json", tmp_path / "gh.log")
    check = tmp_path / "check.json"
    result = subprocess.run([sys.executable, "-m", "generator", "--repo", str(ROOT), "check",
                             "--format", "json", "--warn-days", "60", "--as-of", AS_OF],
                            capture_output=True, text=True)
    check.write_text(result.stdout)
    expiring = json.loads(result.stdout)["expiring"]
    assert expiring
    reminders(check, env, AS_OF)
    issues = json.loads((tmp_path / "issues.json").read_text())
    assert len(issues) == len(expiring) and all(i["state"] == "OPEN" for i in issues)
    assert all(any(e["path"] in i["body"] for i in issues) for e in expiring)
    reminders(check, env, AS_OF)
    assert json.loads((tmp_path / "issues.json").read_text()) == issues


def test_the_command_keeps_one_issue_per_thing_across_runs(tmp_path):
    env = fake_gh.install(tmp_path / "bin", tmp_path / "issues.json", tmp_path / "gh.log")
    check = tmp_path / "check.json"

    def run(*expiring, now="2026-12-01T06:00:00Z"):
        check.write_text(json.dumps({"problems": [], "changes": None, "expiring": list(expiring)}))
        reminders(check, env, now)
        return json.loads((tmp_path / "issues.json").read_text())

    issues = run(WAIVER, EVIDENCE)
    assert [(i["number"], i["state"]) for i in issues] == [(1, "OPEN"), (2, "OPEN")]
    assert run(WAIVER, EVIDENCE) == issues                      # nothing new, nothing changed
    issues = run(WAIVER)                                        # the evidence was renewed
    assert [(i["number"], i["state"]) for i in issues] == [(1, "OPEN"), (2, "CLOSED")]
    assert "renewed" in issues[1]["comments"][0]
    issues = run(WAIVER, EVIDENCE)                              # about to lapse again
    assert [(i["number"], i["state"]) for i in issues] == [(1, "OPEN"), (2, "OPEN")]
    issues = run(now="2026-12-11T06:00:00Z")                    # both passed their expiry
    assert all(i["state"] == "OPEN" and i["title"].startswith(LAPSED) for i in issues)
    calls = [json.loads(line) for line in (tmp_path / "gh.log").read_text().splitlines()]
    assert sum(1 for c in calls if c[:2] == ["issue", "create"]) == 2
