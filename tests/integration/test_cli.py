"""The command line as users run it: formats, exit codes, usage errors."""
import json

import yaml

from tests.helpers.mini_project import SAM, mini_repo, release_yml
from tests.helpers.paths import DATA, KIND_FIXTURES

SEED = DATA / "production-deployment-checklist.md"


def test_import_prints_and_writes_the_same_definition(repo, tmp_path):
    printed = repo.evidence("import", str(SEED))
    assert printed.returncode == 0, printed.stderr
    out = tmp_path / "out.yml"
    written = repo.evidence("import", str(SEED), "-o", str(out))
    assert written.returncode == 0
    assert out.read_text() == printed.stdout
    data = yaml.safe_load(printed.stdout)
    assert len(data["phases"]) == 9


def test_import_of_a_file_without_items_is_a_usage_error(repo, tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("# Title\n\nJust prose.\n")
    result = repo.evidence("import", str(empty))
    assert result.returncode == 2
    assert "no checklist items" in result.stderr


def test_status_text_markdown_and_unknown_release(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0", status="in-progress"))
    repo.write("evidence/v1.0.0/security/review/review.md", "Reviewed | twice <b>.\n")
    repo.commit("Evidence")
    text = repo.evidence("status")
    assert text.returncode == 0
    assert "v1.0.0" in text.stdout and "NOT READY" in text.stdout
    assert "1 complete" in text.stdout
    detail = repo.evidence("status", "v1.0.0")
    assert "security/review" in detail.stdout
    markdown = repo.evidence("status", "v1.0.0", "--format", "markdown")
    assert "| `security/review` | complete |" in markdown.stdout
    unknown = repo.evidence("status", "v9")
    assert unknown.returncode == 2 and "unknown release 'v9'" in unknown.stderr


def test_status_json_of_all_releases_is_newest_first(tmp_path):
    repo = mini_repo(tmp_path / "r")
    for version in ("v1.2.0-rc.1", "v1.2.0", "v1.10.0", "v1.9.0"):
        repo.write(f"evidence/{version}/release.yml", release_yml(version))
    repo.commit("Releases")
    data = json.loads(repo.evidence("status", "--format", "json").stdout)
    assert [r["release"] for r in data["releases"]] == ["v1.10.0", "v1.9.0", "v1.2.0",
                                                        "v1.2.0-rc.1"]
    for key in ("release", "status", "ready", "evaluated_at", "source_commit", "completion",
                "counts", "items", "signoffs"):
        assert key in data["releases"][0]


def test_as_of_defaults_to_head_commit_time_and_can_be_overridden(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    sha = repo.commit("Release", date="2026-11-05T12:30:00+00:00")
    data = json.loads(repo.evidence("status", "v1.0.0", "--format", "json").stdout)
    assert data["evaluated_at"] == "2026-11-05T12:30:00Z"
    assert data["source_commit"] == sha
    data = json.loads(repo.evidence("status", "v1.0.0", "--format", "json",
                                    "--as-of", "2026-12-01").stdout)
    assert data["evaluated_at"] == "2026-12-01T00:00:00Z"
    bad = repo.evidence("status", "--as-of", "tomorrow")
    assert bad.returncode == 2 and "--as-of" in bad.stderr


def test_not_an_evidence_repository(tmp_path):
    from tests.helpers.gitrepo import GitRepo
    empty = GitRepo(tmp_path / "empty")
    result = empty.evidence("check")
    assert result.returncode == 2
    assert "neither content/ nor evidence/" in result.stderr


def test_signoff_command_writes_a_record_that_verifies(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.write("evidence/v1.0.0/security/review/review.md", "Reviewed.\n")
    repo.commit("Evidence")
    repo.git("config", "user.email", SAM[1])
    result = repo.evidence("signoff", "v1.0.0", "--role", "security", "--date", "2026-11-02",
                           "--yes")
    assert result.returncode == 0, result.stderr
    assert "evidence/v1.0.0/signoffs/security.yml" in result.stdout
    repo.commit("Sign off", author=SAM, date="2026-11-02T09:00:00+00:00")
    data = json.loads(repo.evidence("status", "v1.0.0", "--format", "json").stdout)
    signoff = data["signoffs"][0]
    assert signoff["verified"] and not signoff["stale"], signoff
    assert signoff["evidence_digest"] == signoff["current_digest"]
    refused = repo.evidence("signoff", "v1.0.0", "--role", "product")
    assert refused.returncode == 2 and "product" in refused.stderr


def test_collect_junit_through_the_command(tmp_path):
    fixture = KIND_FIXTURES / "pytest-pass.xml"
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.commit("Release")
    result = repo.evidence("collect", "junit", str(fixture), "--item", "security/review")
    assert result.returncode == 0, result.stderr
    assert "evidence/v1.0.0/security/review/" in result.stdout
    unknown = repo.evidence("collect", "junit", str(fixture), "--item", "security/reviw")
    assert unknown.returncode == 2 and "did you mean 'security/review'" in unknown.stderr
    broken = repo.evidence("collect", "sarif", str(fixture), "--item", "security/review")
    assert broken.returncode == 1


def test_exit_codes_tell_a_broken_config_from_a_bug(tmp_path, monkeypatch, capsys):
    from generator import cli
    from generator.cli import commands
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.write("mkdocs.yml", "site_name: [broken\n")
    built = repo.evidence("build", "--out", str(tmp_path / "site"), "--no-pdf")
    assert built.returncode == 3 and "mkdocs.yml:2" in built.stderr

    def broken(args):
        raise KeyError("a bug")
    monkeypatch.setattr(commands, "cmd_status", broken)
    assert cli.main(["--repo", str(repo.root), "status"]) == 70
    err = capsys.readouterr().err
    assert "Traceback" in err and "internal error" in err


def test_signoff_shows_readiness_and_asks_before_approving_an_unready_release(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.commit("Release")
    repo.git("config", "user.email", SAM[1])
    refused = repo.evidence("signoff", "v1.0.0", "--role", "security")
    assert refused.returncode == 2 and "not ready" in refused.stderr
    assert "blocks: security/headers is missing" in refused.stderr
    assert not (repo.root / "evidence/v1.0.0/signoffs/security.yml").exists()
    rejected = repo.evidence("signoff", "v1.0.0", "--role", "security", "--decision", "rejected",
                             "--date", "2026-12-01T10:00:00Z")
    assert rejected.returncode == 0, rejected.stderr
    assert "date: 2026-12-01" in (repo.root / "evidence/v1.0.0/signoffs/security.yml").read_text()


def test_signoff_refuses_to_replace_another_approvers_record(tmp_path):
    repo = mini_repo(tmp_path / "r")
    approvers = (repo.root / "content/approvers.yml").read_text().replace(
        "      - {name: Sam Shield", "      - {name: Kim Key, email: kim@example.com}\n"
        "      - {name: Sam Shield", 1)
    repo.write("content/approvers.yml", approvers)
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.commit("Release")
    repo.git("config", "user.email", SAM[1])
    assert repo.evidence("signoff", "v1.0.0", "--role", "security", "--yes").returncode == 0
    repo.commit("Sign off", author=SAM)
    repo.git("config", "user.email", "kim@example.com")
    again = repo.evidence("signoff", "v1.0.0", "--role", "security", "--yes")
    assert again.returncode == 2 and "sam@example.com's sign-off" in again.stderr
    assert "--force" in again.stderr
    forced = repo.evidence("signoff", "v1.0.0", "--role", "security", "--yes", "--force")
    assert forced.returncode == 0 and "kim@example.com" in (
        repo.root / "evidence/v1.0.0/signoffs/security.yml").read_text()
