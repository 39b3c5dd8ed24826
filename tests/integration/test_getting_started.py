"""docs/getting-started.md, walked: a new team from an empty folder to a built site and pack,
with the real command line and nothing but what the page tells them."""
from __future__ import annotations

import json
import re
import shlex
import ssl
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.helpers.gitrepo import ADA, GitRepo, isolate_git
from tests.helpers.keys import server_certificate
from tests.helpers.paths import ROOT
from tests.helpers.pdf import pdf_text

pytestmark = pytest.mark.slow

GUIDE = ROOT / "docs" / "getting-started.md"
CHECKLIST_MD = """\
# Shop Release Checklist

## Security
- [ ] **HTTPS everywhere**. Every page is served over `https://` with HSTS.
- [ ] **Tests pass**: the CI test report is green.

## Approval
- [ ] Release owner signs off
"""
JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="2" failures="0" errors="0" skipped="0"
 timestamp="{time}"><testcase classname="shop" name="test_cart"/>
<testcase classname="shop" name="test_checkout"/></testsuite></testsuites>
"""


class Shop(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Strict-Transport-Security", "max-age=63072000")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def shop(tmp_path, monkeypatch):
    """https://127.0.0.1:PORT/ and http://127.0.0.1:PORT/, the certificate trusted."""
    cert, key = server_certificate(tmp_path / "tls")
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    servers = {"https": ThreadingHTTPServer(("127.0.0.1", 0), Shop),
               "http": ThreadingHTTPServer(("127.0.0.1", 0), Shop)}
    servers["https"].socket = context.wrap_socket(servers["https"].socket, server_side=True)
    for server in servers.values():
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {scheme: f"{scheme}://127.0.0.1:{s.server_address[1]}/"
           for scheme, s in servers.items()}
    for server in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture
def team(tmp_path, monkeypatch):
    """Step 2: `git init`, `evidence init --from`, the first commit. Commits are dated from
    now on: `evidence collect` stamps the wall clock, and evidence may not predate its
    collection."""
    isolate_git(monkeypatch, tmp_path / "home")
    repo = GitRepo(tmp_path / "shop-releases", author=ADA, user=ADA)
    repo.clock = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(minutes=1)
    (tmp_path / "our-release-checklist.md").write_text(CHECKLIST_MD)
    run(repo, "init", "--name", "Shop", "--from", str(tmp_path / "our-release-checklist.md"))
    repo.commit("Start release evidence")
    return repo


def run(repo: GitRepo, *args: str, code: int = 0):
    result = repo.evidence(*args)
    assert result.returncode == code, (args, result.stdout, result.stderr)
    return result


def make_it_ours(repo: GitRepo, https_capture_of: str = "https-everywhere") -> None:
    """Step 3: the requirements of the page's example, typed into the imported definition."""
    path = repo.root / "content" / "checklists" / "shop-release.yml"
    text = path.read_text()
    text = text.replace("            title: HTTPS everywhere\n", """\
            title: HTTPS everywhere
            requires:
              - kind: http-headers
                check: {status: 200, https: true, require: [strict-transport-security]}
""").replace("            title: Tests pass\n", """\
            title: Tests pass
            requires:
              - kind: junit
                check: {min_tests: 1}
""").replace("            title: Release owner signs off\n", """\
            title: Release owner signs off
            signoff: {role: release-owner}
""")
    path.write_text(text)


def test_a_new_team_gets_from_an_empty_folder_to_a_site_and_a_pack(team, shop, tmp_path):
    repo = team
    checklist = (repo.root / "content/checklists/shop-release.yml").read_text()
    assert checklist.count("yaml-language-server") == 1
    assert "id: prefer" not in checklist and "id: https-everywhere" in checklist
    make_it_ours(repo)
    assert run(repo, "check").stdout.strip() == "no problems"
    repo.commit("Our requirements")

    run(repo, "release", "new", "v1.0.0", "--title", "Spring launch",
        "--target-date", "2027-03-01")
    repo.commit("Release v1.0.0")

    junit = tmp_path / "test-results.xml"
    junit.write_text(JUNIT.format(time=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")))
    run(repo, "collect", "http", shop["https"], "--item", "security/https-everywhere")
    run(repo, "collect", "junit", str(junit), "--item", "security/tests-pass")
    repo.commit("Evidence for v1.0.0")
    status = json.loads(run(repo, "status", "v1.0.0", "--format", "json").stdout)
    assert {i["ref"]: i["status"] for i in status["items"]} == {
        "security/https-everywhere": "complete", "security/tests-pass": "complete",
        "approval/release-owner-signs-off": "missing"}

    signed = run(repo, "signoff", "v1.0.0", "--role", "release-owner")
    assert "git add -- evidence/v1.0.0/signoffs/release-owner.yml" in signed.stdout
    repo.commit("Sign off v1.0.0 as release-owner")

    assert run(repo, "check").stdout.strip() == "no problems"
    run(repo, "status", "v1.0.0", "--require-ready")
    run(repo, "build")
    site = repo.root / "site"
    assert json.loads((site / "versions.json").read_text())[0]["version"] == "v1.0.0"
    assert json.loads((site / "v1.0.0" / "status.json").read_text())["ready"] is True
    item = (site / "v1.0.0/items/security/https-everywhere/index.html").read_text()
    assert "Every page is served over <code>https&#58;//</code> with HSTS." in item
    pages = pdf_text(site / "v1.0.0" / "v1.0.0-audit-pack.pdf")
    assert "Shop" in pages[0] and "v1.0.0" in pages[0]
    assert any("Ada Lovelace" in page for page in pages)


def test_an_https_requirement_fails_on_an_http_capture(team, shop):
    make_it_ours(team)
    run(team, "release", "new", "v1.0.0")
    run(team, "collect", "http", shop["http"], "--item", "security/https-everywhere")
    team.commit("Evidence, fetched over plain HTTP")
    items = json.loads(run(team, "status", "v1.0.0", "--format", "json").stdout)["items"]
    https = next(i for i in items if i["ref"] == "security/https-everywhere")
    assert https["status"] == "failed"
    assert any(f"came over http:// ({shop['http']}), not HTTPS" in r for r in https["reasons"])


def guide_commands() -> list[list[str]]:
    """Every `evidence ...` line of the page's code blocks, as words."""
    blocks = re.findall(r"```sh\n(.*?)```", GUIDE.read_text(), re.S)
    lines = [line.split("#")[0].split("&&")[0].strip() for b in blocks for line in b.splitlines()]
    return [shlex.split(line) for line in lines if line.startswith("evidence ")]


def test_every_command_and_option_the_guide_shows_exists(team):
    commands = guide_commands()
    assert len(commands) >= 12
    for words in commands:
        path = [w for w in words[1:3] if not w.startswith("-")]
        if not path:
            continue
        known = {"release": 2}.get(path[0], 1)
        usage = run(team, *path[:known], "--help").stdout
        for option in (w for w in words if w.startswith("--")):
            assert option in usage, (words, option)
