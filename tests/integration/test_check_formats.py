"""`evidence check --format sarif|junit|gitlab` on a real repository, validated the way the
tools that read them would: SARIF against the official 2.1.0 schema, JUnit with a JUnit
parser, Code Quality against GitLab's documented fields."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import junitparser
import pytest
from jsonschema import Draft4Validator, Draft7Validator

from generator.model.problems import CODES
from scripts.error_codes import read_table
from tests.helpers.mini_project import SAM, mini_repo, release_yml
from tests.helpers.paths import ROOT, TESTS

SCHEMAS = TESTS / "fixtures" / "schemas"
SECRET = "aws_secret_access_key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYxyz1'\n"


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


@pytest.fixture()
def repo(tmp_path):
    repo = mini_repo(tmp_path / "repo")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0", target_date="next week"))
    repo.write("evidence/v1.0.0/security/review/notes.md", "# Review\n\nDone.\n")
    repo.write("evidence/v1.0.0/security/nope/x.md", "# Lost\n")
    repo.write("evidence/v1.0.0/stray.txt", "not bound to anything\n")
    repo.write("evidence/v1.0.0/security/scan/key.txt", SECRET)
    repo.commit("Evidence", author=SAM, date="2026-11-02T09:00:00+00:00")
    repo.write("evidence/v1.0.0/security/review/late.md", "# Late\n")       # uncommitted
    return repo


def check(repo, fmt: str):
    result = repo.evidence("check", "--format", fmt)
    assert result.returncode == 1, result.stderr                # errors were found
    return result.stdout


def problems(repo) -> list[dict]:
    return json.loads(check(repo, "json"))["problems"]


def test_sarif_is_valid_2_1_0_with_one_result_per_problem_and_documented_rules(repo):
    log = json.loads(check(repo, "sarif"))
    assert list(Draft4Validator(schema("sarif-schema-2.1.0.json")).iter_errors(log)) == []
    expected = problems(repo)
    run = log["runs"][0]
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        (p["code"], p["severity"]) for p in expected]
    documented = read_table((ROOT / "docs" / "error-codes.md").read_text(encoding="utf-8"))
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CODES)
    for rule in rules:
        assert rule["fullDescription"]["markdown"] == documented[rule["id"]]["meaning"]
        assert rule["defaultConfiguration"]["level"] == CODES[rule["id"]][0]
    for result, p in zip(run["results"], expected):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == p["path"]
        assert location["region"]["startLine"] == p["line"]
        assert p["message"] in result["message"]["text"]
    secret = next(r for r in run["results"] if r["ruleId"] == "secret-in-evidence")
    assert "wJalrXUtnFEMI" not in json.dumps(log) and secret["level"] == "error"


def test_sarif_fingerprints_follow_a_problem_when_lines_move(repo):
    def by_code(log):
        return {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]):
                (r["partialFingerprints"]["evidenceProblem/v1"],
                 r["locations"][0]["physicalLocation"]["region"]["startLine"])
                for r in log["runs"][0]["results"]}
    before = by_code(json.loads(check(repo, "sarif")))
    prints = [f for f, _ in before.values()]
    assert len(set(prints)) == len(prints)
    repo.write("evidence/v1.0.0/release.yml",
               "# moved down by a comment\n\n" + release_yml("v1.0.0", target_date="next week"))
    repo.commit("A comment", author=SAM, date="2026-11-03T09:00:00+00:00")
    after = by_code(json.loads(check(repo, "sarif")))
    key = ("bad-date", "evidence/v1.0.0/release.yml")
    assert after[key][1] == before[key][1] + 2                 # the line moved ...
    del before[("uncommitted", "evidence/v1.0.0/security/review/late.md")]   # committed too
    assert {k: f for k, (f, _) in after.items()} == {k: f for k, (f, _) in before.items()}


def test_problems_about_the_checkout_are_tool_notifications(tmp_path, repo):
    plain = tmp_path / "no-git"
    shutil.copytree(repo.root, plain, ignore=shutil.ignore_patterns(".git"))
    result = repo.evidence("--repo", str(plain), "check", "--format", "sarif")
    log = json.loads(result.stdout)
    assert list(Draft4Validator(schema("sarif-schema-2.1.0.json")).iter_errors(log)) == []
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["not-a-git-repository"]
    assert all(r["locations"] for r in log["runs"][0]["results"])


def test_junit_has_one_test_case_per_checked_file_and_fails_those_with_errors(repo, tmp_path):
    report = tmp_path / "check.xml"
    report.write_text(check(repo, "junit"), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(report))
    cases = {case.name: case for suite in xml for case in suite}
    expected = problems(repo)
    checked = {"mkdocs.yml", "content/approvers.yml", "content/checklists/mini.yml",
               "evidence/v1.0.0/release.yml", "evidence/v1.0.0/security/review/notes.md"}
    assert checked <= set(cases)
    assert {p["path"] for p in expected} <= set(cases)
    failing = {name for name, case in cases.items()
               if any(isinstance(r, junitparser.Failure) for r in case.result)}
    assert failing == {p["path"] for p in expected if p["severity"] == "error"}
    assert cases["content/checklists/mini.yml"].is_passed
    late = cases["evidence/v1.0.0/security/review/late.md"]      # a warning only
    assert late.is_passed and "uncommitted" in late.system_out
    release = cases["evidence/v1.0.0/release.yml"]
    assert "bad-date" in release.result[0].message and "target_date" in release.result[0].text
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {"content", "evidence/v1.0.0", "repository"}
    assert sum(s.tests for s in suites.values()) == len(cases)
    assert suites["evidence/v1.0.0"].failures == len(failing & {n for n in cases
                                                               if n.startswith("evidence/")})


def test_gitlab_code_quality_has_the_documented_fields_and_one_fingerprint_each(repo):
    report = json.loads(check(repo, "gitlab"))
    assert list(Draft7Validator(schema("gitlab-code-quality.schema.json")).iter_errors(report)) == []
    expected = problems(repo)
    assert [(r["check_name"], r["location"]["path"], r["location"]["lines"]["begin"])
            for r in report] == [(p["code"], p["path"], p["line"]) for p in expected]
    assert {r["severity"] for r in report} == {"major", "minor"}
    prints = [r["fingerprint"] for r in report]
    assert len(set(prints)) == len(prints)
    sarif = json.loads(check(repo, "sarif"))["runs"][0]["results"]
    assert prints == [r["partialFingerprints"]["evidenceProblem/v1"] for r in sarif]


def test_every_format_is_listed_in_the_help():
    help_text = Path(ROOT / "docs" / "pull-requests.md").read_text(encoding="utf-8")
    for name in ("sarif", "junit", "gitlab"):
        assert f"--format {name}" in help_text
