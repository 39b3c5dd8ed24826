"""The pull-request flow through the real command: --base, annotations, summary, secrets, diff."""
import json

from generator.load.content import read_evidence_text
from tests.helpers.mini_project import SAM, mini_repo, release_yml

HEADERS_OK = "HTTP/1.1 200 OK\r\nX-Frame-Options: DENY\r\n\r\n"
STRIPE_KEY = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"


def signed_release(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.write("evidence/v1.0.0/security/headers/site.http", HEADERS_OK)
    repo.commit("Evidence", date="2026-11-01T10:00:00+00:00")
    repo.git("config", "user.email", SAM[1])
    assert repo.evidence("signoff", "v1.0.0", "--role", "security",
                         "--date", "2026-11-02", "--yes").returncode == 0
    repo.commit("Sign off", author=SAM, date="2026-11-02T10:00:00+00:00")
    return repo


def test_base_reports_status_changes_and_stale_signoffs(tmp_path):
    repo = signed_release(tmp_path)
    base = repo.git("rev-parse", "HEAD").strip()
    repo.write("evidence/v1.0.0/security/headers/site.http", "HTTP/1.1 200 OK\r\n\r\n")
    repo.write("evidence/v1.0.0/security/review/review.md", "Reviewed by two engineers.\n")
    repo.commit("Change evidence", date="2026-11-03T10:00:00+00:00")
    result = repo.evidence("check", "--base", base, "--format", "json")
    release = json.loads(result.stdout)["changes"]["releases"][0]
    moves = {c["ref"]: (c["before"], c["after"]) for c in release["status_changes"]}
    assert moves["security/headers"] == ("complete", "failed")
    assert moves["security/review"] == ("missing", "complete")
    assert moves["approvals/security-approval"] == ("complete", "stale")
    assert release["signoffs"][0]["became_stale"] is True
    human = repo.evidence("check", "--base", base)
    assert "security/headers" in human.stdout and "complete → failed" in human.stdout
    repo.git("branch", "main-line", base)
    summary = tmp_path / "summary.md"
    repo.evidence("check", "--base", "main-line", "--format", "github", "--summary", str(summary))
    assert "| | main-line (base) | this change |" in summary.read_text()
    bad = repo.evidence("check", "--base", "no-such-ref")
    assert bad.returncode == 2 and "no-such-ref" in bad.stderr


def test_github_annotations_and_summary(tmp_path):
    repo = signed_release(tmp_path)
    repo.write("evidence/v1.0.0/misc/loose, odd:name.txt", "x")
    repo.commit("Loose file")
    summary = tmp_path / "summary.md"
    result = repo.evidence("check", "--format", "github", "--summary", str(summary))
    assert result.returncode == 1
    assert ("::error file=evidence/v1.0.0/misc/loose%2C odd%3Aname.txt,line=1,col=1,"
            "title=unbound-file::") in result.stdout
    assert "unbound-file" in summary.read_text()


def test_secret_in_evidence_fails_check_and_is_redacted_for_readers(tmp_path):
    repo = signed_release(tmp_path)
    log = f"curl -v https://api.example.com\\nAuthorization: Bearer {STRIPE_KEY}\\n"
    repo.write("evidence/v1.0.0/security/review/curl.log", log.replace("\\n", "\n"))
    repo.commit("Probe log")
    result = repo.evidence("check", "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    hits = [p for p in problems if p["code"] == "secret-in-evidence"]
    assert result.returncode == 1 and hits
    assert hits[0]["path"] == "evidence/v1.0.0/security/review/curl.log" and hits[0]["line"] == 2
    shown = read_evidence_text(repo.root, "evidence/v1.0.0/security/review/curl.log", frozenset())
    assert STRIPE_KEY not in shown and "[REDACTED" in shown


def test_diff_between_releases_in_three_formats(tmp_path):
    repo = signed_release(tmp_path)
    repo.write("evidence/v1.1.0/release.yml", release_yml("v1.1.0"))
    repo.write("evidence/v1.1.0/security/review/review.md", "Reviewed.\n")
    repo.commit("Next release")
    text = repo.evidence("diff", "v1.0.0", "v1.1.0")
    assert text.returncode == 0 and "v1.0.0 → v1.1.0" in text.stdout
    data = json.loads(repo.evidence("diff", "v1.0.0", "v1.1.0", "--format", "json").stdout)
    assert data
    markdown = repo.evidence("diff", "v1.0.0", "v1.1.0", "--format", "markdown").stdout
    assert markdown.startswith("#")


def test_pack_withholds_a_file_with_a_secret_and_verify_accepts_that(tmp_path):
    from pypdf import PdfReader
    repo = signed_release(tmp_path)
    repo.write("evidence/v1.0.0/security/review/curl.log",
               f"curl -v https://api.example.com\nAuthorization: Bearer {STRIPE_KEY}\n")
    repo.commit("Probe log")
    pack = tmp_path / "pack.pdf"
    result = repo.evidence("pdf", "v1.0.0", "-o", str(pack))
    assert result.returncode == 0, result.stderr
    attached = PdfReader(pack).attachments
    assert "evidence/v1.0.0/security/review/curl.log" not in attached
    assert "evidence/v1.0.0/security/headers/site.http" in attached
    text = "".join(page.extract_text() for page in PdfReader(pack).pages)
    assert STRIPE_KEY not in text
    manifest = json.loads(attached["manifest.json"][0])
    entry = next(f for f in manifest["files"] if f["path"].endswith("curl.log"))
    assert "secret" in entry["withheld"]
    verified = repo.evidence("verify", str(pack), "--repo", str(repo.root), "-v")
    assert verified.returncode == 0, verified.stdout
    assert "withheld on purpose" in verified.stdout
