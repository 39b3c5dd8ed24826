"""The JSON the tool writes matches the schemas published in docs/schemas/."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.outputs.json import manifest_json
from generator.pipeline import load_and_evaluate
from tests.helpers.mini_project import SAM, mini_repo, release_yml

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-20T12:00:00Z"


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((ROOT / "docs" / "schemas" / f"{name}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(name: str, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator(name).iter_errors(data)]


def run(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--repo", str(repo), *args],
                          capture_output=True, text=True)


def test_status_of_every_bundled_release_matches_its_schema():
    result = run(ROOT, "status", "--format", "json", "--as-of", AS_OF)
    releases = json.loads(result.stdout)["releases"]
    assert {i["status"] for r in releases for i in r["items"]} >= {"complete", "failed"}
    for release in releases:
        assert errors("status", release) == [], release["release"]
    one = json.loads(run(ROOT, "status", "v1.2.0", "--format", "json", "--as-of", AS_OF).stdout)
    assert errors("status", one) == []


def test_manifest_of_every_bundled_release_matches_its_schema():
    from generator.model.times import parse_datetime
    evaluation = load_and_evaluate(ROOT, parse_datetime(AS_OF))
    for report in evaluation.reports:
        assert errors("manifest", manifest_json(report)) == [], report.version


def test_check_with_and_without_base_matches_its_schema(tmp_path):
    repo = mini_repo(tmp_path / "repo")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.commit("Release", author=SAM, date="2026-11-01T09:00:00+00:00")
    repo.write("evidence/v1.0.0/security/review/notes.md", "# Review\n\nDone.\n")
    repo.write("evidence/v1.0.0/security/headers/www.http", "HTTP/1.1 200 OK\n\n")
    repo.write("evidence/v1.0.0/stray.txt", "not bound to anything\n")
    repo.commit("Evidence", author=SAM, date="2026-11-02T09:00:00+00:00")
    repo.write("evidence/v1.0.0/security/scan/uncommitted.json", '{"status": "pass"}')
    for args in ((), ("--base", "HEAD~1")):
        result = run(repo.root, "check", "--format", "json", *args)
        data = json.loads(result.stdout)
        assert data["problems"] and errors("check", data) == [], args
        assert (data["changes"] is None) == (not args)
    status = json.loads(run(repo.root, "status", "v1.0.0", "--format", "json").stdout)
    assert errors("status", status) == []
    uncommitted = [e for i in status["items"] for e in i["evidence"] if e["state"] != "committed"]
    assert uncommitted and uncommitted[0]["commit"] is None


@pytest.mark.parametrize("name", ["status", "manifest", "check"])
def test_a_missing_key_is_caught(name):
    """The schemas require every key: an output that drops one does not validate."""
    schema = json.loads((ROOT / "docs" / "schemas" / f"{name}.schema.json").read_text())
    assert set(schema["required"]) == set(schema["properties"])


def test_status_carries_the_dates_it_judged_by():
    from datetime import timedelta

    from generator.model.times import parse_datetime
    releases = json.loads(run(ROOT, "status", "--format", "json", "--as-of", AS_OF).stdout)
    released = next(r for r in releases["releases"] if r["released_at"])
    assert released["target_date"]
    after = [i for i in released["items"] if i["due_after_release"]]
    assert after and all(i["due_by"] for i in after)
    item = after[0]
    hours = int(item["due_after_release"][:-1]) * (24 if item["due_after_release"][-1] == "d"
                                                    else 1)
    gap = parse_datetime(item["due_by"]) - parse_datetime(released["released_at"])
    assert gap.total_seconds() == hours * 3600
    fresh = [i for r in releases["releases"] for i in r["items"] if i["fresh_until"]]
    assert fresh and all(i["max_age"] for i in fresh)
    single = [i for i in fresh if len(i["evidence"]) == 1 and i["max_age"].endswith("d")]
    assert single
    for i in single:
        window = timedelta(days=int(i["max_age"][:-1]))
        collected = parse_datetime(i["evidence"][0]["collected_at"])
        assert parse_datetime(i["fresh_until"]) == collected + window, i["ref"]


def test_check_lists_what_is_about_to_lapse_with_its_dates():
    data = json.loads(run(ROOT, "check", "--format", "json", "--warn-days", "60",
                          "--as-of", AS_OF).stdout)
    assert errors("check", data) == []
    expiring = data["expiring"]
    lapsing = [p for p in data["problems"] if p["code"].endswith("-expiring")]
    assert expiring and [(e["code"], e["path"]) for e in expiring] == [
        (p["code"], p["path"]) for p in lapsing]
    assert all(e["days_left"] <= 60 and e["expires_at"] for e in expiring)


def test_history_and_attestation_predicate_of_a_pack_match_their_schemas(tmp_path):
    from generator.actions.attest import release_predicate
    from generator.outputs.json import status_json
    from tests.helpers.evaluated_pack import evaluated_repo

    repo = evaluated_repo(tmp_path / "repo", secret=True)
    repo.write("evidence/v1.0.0/security/review/draft.md", "# Not committed\n")
    evaluation = load_and_evaluate(repo.root)
    report = evaluation.report("v1.0.0")
    history = json.loads(json.dumps(evaluation.history_record(report)))
    assert {f["state"] for f in history["files"].values()} == {"committed", "uncommitted"}
    assert history["rosters"] and history["graph"]["mainline"]
    assert errors("history", history) == []
    predicate = release_predicate(json.loads(json.dumps(status_json(report))),
                                  json.loads(json.dumps(manifest_json(report))), history)
    assert predicate["withheld_files"] and errors("release-status-predicate", predicate) == []
