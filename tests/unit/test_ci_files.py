"""The composite action and the workflows: what they run, with data kept out of scripts."""
from __future__ import annotations

import os
import re
import shlex
import subprocess

import yaml

from generator.cli.parser import build_parser
from tests.helpers.paths import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def scripts(steps):
    return [s["run"] for s in steps if "run" in s]


def all_ci_files():
    return [ROOT / "action.yml", *sorted(WORKFLOWS.glob("*.yml"))]


def test_no_expression_is_spliced_into_a_script():
    """`${{ }}` in `run:` would let a branch name or an input inject shell; env only."""
    for path in all_ci_files():
        data = load(path)
        steps = data.get("runs", {}).get("steps", []) + [
            s for job in data.get("jobs", {}).values() for s in job.get("steps", [])]
        assert [r for r in scripts(steps) if "${{" in r] == [], path


def test_the_action_checks_with_annotations_and_a_summary():
    action = load(ROOT / "action.yml")
    assert action["runs"]["using"] == "composite"
    run = "\n".join(scripts(action["runs"]["steps"]))
    assert 'set -- check --format github --summary "$GITHUB_STEP_SUMMARY"' in run
    assert 'pip install --quiet "$ACTION_PATH"' in run
    assert {"base", "fail-on-regression", "warn-days", "python-version",
            "working-directory", "cache"} == set(action["inputs"])
    assert action["inputs"]["fail-on-regression"]["default"] == "true"
    assert "--fail-on-regression" in run


def test_the_action_parses_as_the_command_line_does():
    args = build_parser().parse_args(shlex.split(
        "check --format github --summary summary.md --warn-days 14 --base origin/main"))
    assert (args.format, args.summary, args.warn_days, args.base) == (
        "github", "summary.md", 14, "origin/main")


def test_pull_requests_use_the_action_from_this_repository():
    workflow = load(WORKFLOWS / "evidence-check.yml")
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert steps[-1] == {"uses": "./"}


def test_reminders_run_on_a_schedule_with_issue_rights_and_today_as_the_time():
    workflow = load(WORKFLOWS / "evidence-reminders.yml")
    assert workflow[True]["schedule"]                     # YAML reads `on:` as True
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}
    run = "\n".join(scripts(workflow["jobs"]["remind"]["steps"]))
    assert 'evidence check --format json --warn-days "$WARN_DAYS"' in run
    assert "--as-of \"$(date -u" in run
    assert "python -m generator.actions.reminders check.json" in run


def run_action_script(tmp_path, **env):
    """The action's check step run by bash, with `evidence` replaced by a script that prints
    its arguments one per line."""
    step = next(s for s in load(ROOT / "action.yml")["runs"]["steps"]
                if s.get("name") == "Check evidence")
    fake = tmp_path / "bin" / "evidence"
    fake.parent.mkdir(exist_ok=True)
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    fake.chmod(0o755)
    values = {"BASE": "", "BASE_REF": "", "WARN_DAYS": "14", "FAIL_ON_REGRESSION": "true",
              "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), **env}
    result = subprocess.run(["bash", "-c", step["run"]], capture_output=True, text=True,
                            env={**os.environ, **values, "PATH": f"{fake.parent}:/usr/bin:/bin"},
                            check=True)
    return result.stdout.splitlines()


def test_the_action_fails_on_regressions_on_pull_requests_unless_told_not_to(tmp_path):
    on_pr = run_action_script(tmp_path, BASE_REF="main")
    assert on_pr[-3:] == ["--base", "origin/main", "--fail-on-regression"]
    relaxed = run_action_script(tmp_path, BASE_REF="main", FAIL_ON_REGRESSION="false")
    assert "--fail-on-regression" not in relaxed and "origin/main" in relaxed
    outside_a_pr = run_action_script(tmp_path)
    assert "--base" not in outside_a_pr and "--fail-on-regression" not in outside_a_pr


STARTER_WORKFLOWS = ROOT / "generator" / "actions" / "starter" / "workflows"


def _evidence_commands(workflow) -> list[list[str]]:
    """Every `evidence ...` line of a workflow's scripts, as arguments (shell variables and
    globs stand for one argument)."""
    found = []
    for job in workflow["jobs"].values():
        for script in scripts(job.get("steps", [])):
            for line in script.splitlines():
                command = re.search(r"(?:^|[\s(])evidence\s+([^)#]*)", line)
                if command:
                    found.append(shlex.split(command.group(1)))
    return found


def test_publish_workflows_restore_the_last_site_and_save_it_after_the_build():
    for path in (WORKFLOWS / "publish-site.yml", STARTER_WORKFLOWS / "publish-site.yml",
                 STARTER_WORKFLOWS / "publish-site-matrix.yml"):
        steps = [s for job in load(path)["jobs"].values() for s in job.get("steps", [])]
        uses = [s.get("uses", "").split("@")[0] for s in steps]
        assert "actions/cache/restore" in uses and "actions/cache/save" in uses, path
        restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore")
                       and s["with"]["path"] == "site")
        assert restore["with"]["restore-keys"], path
        assert [s for s in scripts(steps) if "${{" in s] == [], path


def test_the_matrix_workflow_plans_builds_parts_and_assembles_them():
    workflow = load(STARTER_WORKFLOWS / "publish-site-matrix.yml")
    assert list(workflow["jobs"]) == ["plan", "release", "assemble", "deploy"]
    commands = _evidence_commands(workflow)
    assert [c[0] for c in commands] == ["plan", "build", "assemble"]
    parser = build_parser()
    for words in commands:
        parser.parse_args(words)
    assert "fromJSON(needs.plan.outputs.matrix)" in workflow["jobs"]["release"]["strategy"][
        "matrix"]
    upload = next(s for s in workflow["jobs"]["release"]["steps"]
                  if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["include-hidden-files"] is True


FACTS = {"~/.cache/evidence-site/*/facts.json", "~/.cache/evidence-site/*/loaded"}


def _cache_steps(steps, action):
    return [s for s in steps if s.get("uses", "").startswith(f"actions/cache/{action}")
            and set(s["with"]["path"].split()) == FACTS]


def test_publishing_keeps_the_facts_and_pull_requests_only_restore_them():
    """A pull request's check starts from the facts the default branch learnt; it never
    saves any, so no pull request can hand facts to another run."""
    for path in (WORKFLOWS / "publish-site.yml", STARTER_WORKFLOWS / "publish-site.yml",
                 STARTER_WORKFLOWS / "publish-site-matrix.yml"):
        steps = [s for job in load(path)["jobs"].values() for s in job.get("steps", [])]
        restored, saved = _cache_steps(steps, "restore"), _cache_steps(steps, "save")
        assert restored and saved, path
        assert all(s["with"]["key"] == "evidence-facts-${{ github.sha }}" for s in saved), path
        assert all(s["with"]["restore-keys"] == "evidence-facts-" for s in restored), path
    action_steps = load(ROOT / "action.yml")["runs"]["steps"]
    starter_check = load(STARTER_WORKFLOWS / "evidence-check.yml")["jobs"]["check"]["steps"]
    for steps in (action_steps, starter_check):
        assert _cache_steps(steps, "restore") and not _cache_steps(steps, "save")
        uses = [s.get("uses", "").split("@")[0] for s in steps]
        assert "actions/cache/save" not in uses and "actions/cache" not in uses
    [restore] = _cache_steps(action_steps, "restore")
    assert restore["if"] == "inputs.cache == 'true'"
