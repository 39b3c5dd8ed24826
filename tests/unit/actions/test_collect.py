import shutil
import ssl
import subprocess
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from generator.actions.collect import (
    CollectError,
    collect_file,
    collect_http,
    default_release,
    existing_releases,
)
from generator.kinds import check_evidence
from tests.helpers.paths import KIND_FIXTURES

FIXTURES = KIND_FIXTURES
NOW = datetime(2026, 11, 20, 10, 30, tzinfo=timezone.utc)
REF = "security-configuration/headers"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes = {
        "/secure": (200, [("Strict-Transport-Security", "max-age=63072000"),
                          ("X-Content-Type-Options", "nosniff")]),
        "/redirect": (301, [("Location", "/secure")]),
        "/loop": (302, [("Location", "/loop")]),
        "/ftp": (302, [("Location", "ftp://127.0.0.1/file")]),
        "/cookie": (200, [("Set-Cookie", "session=s3cr3t-token; Path=/; HttpOnly"),
                          ("Set-Cookie", "theme=dark")]),
        "/credentials": (200, [("Authorization", "Bearer eyJhbGciOi.secret"),
                               ("Set-Cookie2", "sid=abc123; Version=1, pref=x; Version=1"),
                               ("WWW-Authenticate", 'Basic realm="x", token=t0ps3cret'),
                               ("X-Api-Key", "k-123456"), ("Proxy-Authorization", "Basic Zm9v"),
                               ("X-Request-Id", "not-a-secret")]),
    }

    def do_GET(self):
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/trickle":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for _ in range(40):                     # a header byte a second: never "idle"
                self.wfile.write(b"X")
                self.wfile.flush()
                time.sleep(0.25)
            return
        status, headers = self.routes.get(self.path, (404, []))
        body = b"ok\n"
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass        # clients that time out or refuse the certificate are expected here


def serve(tls_context=None):
    server = QuietServer(("127.0.0.1", 0), Handler)
    if tls_context:
        server.socket = tls_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    return server


@pytest.fixture
def server():
    running = serve()
    yield f"http://127.0.0.1:{running.server_address[1]}"
    running.shutdown()
    running.server_close()


@pytest.fixture
def repo(tmp_path):
    for version in ("v1.10.0", "v1.9.0"):
        folder = tmp_path / "evidence" / version
        folder.mkdir(parents=True)
        (folder / "release.yml").write_text(f"version: {version}\n")
    return tmp_path


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_collect_http_records_every_response_and_a_sidecar(repo, server):
    paths = collect_http(repo, f"{server}/redirect", REF, "v1.9.0", now=NOW)
    port = server.rsplit(":", 1)[1]
    item = repo / "evidence" / "v1.9.0" / "security-configuration" / "headers"
    assert paths == [item / f"127.0.0.1-{port}.http", item / f"127.0.0.1-{port}.http.meta.yml"]
    verdict = check_evidence("http-headers", paths[0].read_bytes(),
                             {"require": ["x-content-type-options"], "status": 200}, str(paths[0]))
    assert verdict.passed
    assert verdict.details["chain"] == ["HTTP/1.1 301 Moved Permanently", "HTTP/1.1 200 OK"]
    meta = yaml.safe_load(paths[1].read_text())
    assert meta == {"items": [REF], "kind": "http-headers", "collected": "2026-11-20T10:30:00Z",
                    "source": f"{server}/redirect"}
    assert files_under(item) == [p.name for p in paths]


def test_collecting_again_replaces_the_files_and_leaves_no_temporary_files(repo, server):
    first = collect_http(repo, f"{server}/secure", REF, "v1.9.0", now=NOW)
    second = collect_http(repo, f"{server}/secure", REF, "v1.9.0")
    assert first == second
    assert yaml.safe_load(second[1].read_text())["collected"] != "2026-11-20T10:30:00Z"
    assert files_under(second[0].parent) == sorted(p.name for p in second)


def test_a_failed_write_leaves_no_file_behind(repo, server, monkeypatch):
    import generator.files as files

    stage = files._stage

    def failing_stage(path, data, durable):
        if path.name.endswith(".meta.yml"):
            raise OSError("disk full")
        return stage(path, data, durable)

    monkeypatch.setattr(files, "_stage", failing_stage)
    with pytest.raises(CollectError, match="could not write the evidence: disk full"):
        collect_http(repo, f"{server}/secure", REF, "v1.9.0")
    item = repo / "evidence" / "v1.9.0" / "security-configuration" / "headers"
    assert files_under(item) == []


def test_cookie_values_are_redacted(repo, server):
    [path, _] = collect_http(repo, f"{server}/cookie", REF, "v1.9.0", now=NOW)
    text = path.read_text()
    assert "s3cr3t" not in text
    assert "Set-Cookie: session=<redacted>; Path=/; HttpOnly" in text
    assert "Set-Cookie: theme=<redacted>" in text


def test_credential_headers_are_never_written(repo, server):
    [evidence, _] = collect_http(repo, f"{server}/credentials", REF, "v1.9.0", now=NOW)
    text = evidence.read_text()
    for secret in ("eyJhbGciOi", "abc123", "t0ps3cret", "k-123456", "Zm9v"):
        assert secret not in text
    assert "Authorization: <redacted>" in text and "X-Api-Key: <redacted>" in text
    assert "Set-Cookie2: sid=<redacted>; Version=1, pref=<redacted>; Version=1" in text
    assert "X-Request-Id: not-a-secret" in text


def test_a_server_trickling_bytes_is_cut_off_at_the_whole_timeout(repo, server):
    started = time.monotonic()
    with pytest.raises(CollectError, match="no complete response within 1 seconds"):
        collect_http(repo, f"{server}/trickle", REF, "v1.9.0", timeout=1)
    assert time.monotonic() - started < 3          # not 40 reads of 0.25 s each


def test_timeout_raises_and_writes_nothing(repo, server):
    with pytest.raises(CollectError, match="no complete response within 0.2 seconds"):
        collect_http(repo, f"{server}/slow", REF, "v1.9.0", timeout=0.2)
    assert files_under(repo / "evidence") == ["v1.10.0/release.yml", "v1.9.0/release.yml"]


def test_refused_connection_is_a_clear_error(repo):
    with pytest.raises(CollectError, match="request failed"):
        collect_http(repo, "http://127.0.0.1:9/", REF, "v1.9.0", timeout=2)


def test_unknown_release_names_the_existing_ones(repo, server):
    with pytest.raises(CollectError) as error:
        collect_http(repo, f"{server}/secure", REF, "v2.0.0")
    assert "evidence/v2.0.0/release.yml does not exist" in str(error.value)
    assert "existing releases: v1.9.0, v1.10.0" in str(error.value)
    assert not (repo / "evidence" / "v2.0.0").exists()


def test_no_releases_at_all_gives_a_hint(tmp_path):
    with pytest.raises(CollectError, match="create evidence/<version>/release.yml"):
        collect_file(tmp_path, "junit", FIXTURES / "pytest-pass.xml", REF, "v1.0.0")


@pytest.mark.parametrize("release", ["../v1.9.0", "v1.9.0/..", "", "."])
def test_release_names_cannot_leave_the_evidence_folder(repo, release):
    with pytest.raises(CollectError):
        collect_file(repo, "junit", FIXTURES / "pytest-pass.xml", REF, release)


@pytest.mark.parametrize("ref", ["headers", "a/b/c", "../x", "a/..", "/a/b"])
def test_item_reference_must_be_section_and_item(repo, ref):
    with pytest.raises(CollectError, match="<section-id>/<item-id>"):
        collect_file(repo, "junit", FIXTURES / "pytest-pass.xml", ref, "v1.9.0")


def test_redirect_loop_stops(repo, server):
    with pytest.raises(CollectError, match="more than 10 redirects"):
        collect_http(repo, f"{server}/loop", REF, "v1.9.0")


def test_redirect_to_another_scheme_is_refused(repo, server):
    with pytest.raises(CollectError, match="only http:// and https://"):
        collect_http(repo, f"{server}/ftp", REF, "v1.9.0")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/", "https://user:pw@example.com/"])
def test_urls_that_cannot_be_collected(repo, url):
    with pytest.raises(CollectError):
        collect_http(repo, url, REF, "v1.9.0")


def test_symbolic_link_on_the_way_is_refused(repo, server, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (repo / "evidence" / "v1.9.0" / "security-configuration").symlink_to(outside)
    with pytest.raises(CollectError, match="symbolic links"):
        collect_http(repo, f"{server}/secure", REF, "v1.9.0")
    assert list(outside.iterdir()) == []


def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1/O=Evidence Test",
                    "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_https_records_tls_details(repo, tmp_path_factory):
    cert, key = _self_signed(tmp_path_factory.mktemp("tls"))
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    running = serve(server_context)
    try:
        url = f"https://127.0.0.1:{running.server_address[1]}/secure"
        client = ssl.create_default_context(cafile=str(cert))
        paths = collect_http(repo, url, REF, "v1.9.0", context=client, now=NOW)
        with pytest.raises(CollectError, match="TLS handshake failed"):
            collect_http(repo, url, REF, "v1.9.0", timeout=5)      # not trusted by default
    finally:
        running.shutdown()
        running.server_close()
    tls = yaml.safe_load(paths[1].read_text())["tls"]
    assert tls["protocol"].startswith("TLSv1.")
    assert tls["cipher"]
    assert tls["subject"] == "CN=127.0.0.1, O=Evidence Test"
    assert tls["issuer"] == "CN=127.0.0.1, O=Evidence Test"
    assert datetime.fromisoformat(tls["not_after"]) > NOW


def test_collect_file_copies_a_junit_report_with_its_time(repo):
    src = FIXTURES / "go-junit-report.xml"
    paths = collect_file(repo, "junit", src, "quality/unit-tests", "v1.10.0", now=NOW)
    assert paths[0] == repo / "evidence" / "v1.10.0" / "quality" / "unit-tests" / "go-junit-report.xml"
    assert paths[0].read_bytes() == src.read_bytes()
    meta = yaml.safe_load(paths[1].read_text())
    assert meta == {"items": ["quality/unit-tests"], "kind": "junit",
                    "collected": "2026-11-21T08:15:04Z", "source": "go-junit-report.xml"}


def test_collect_file_sarif_without_a_time_uses_now(repo):
    paths = collect_file(repo, "sarif", FIXTURES / "ruff.sarif", "quality/static-analysis", "v1.10.0",
                         now=NOW)
    assert yaml.safe_load(paths[1].read_text())["collected"] == "2026-11-20T10:30:00Z"


@pytest.mark.parametrize("kind, name, message", [
    ("junit", "malformed-entity-bomb.xml", "refused for safety"),
    ("junit", "ruff.sarif", "not well-formed XML"),
    ("sarif", "malformed-sarif-2.0.sarif", "only SARIF 2.1.0"),
    ("sarif", "missing.sarif", "no such file"),
    ("probe", "probe-pass.json", "use junit or sarif"),
])
def test_collect_file_refuses_what_it_cannot_use(repo, kind, name, message):
    with pytest.raises(CollectError, match=message):
        collect_file(repo, kind, FIXTURES / name, "quality/unit-tests", "v1.10.0")
    assert not (repo / "evidence" / "v1.10.0" / "quality").exists()


def test_existing_releases_sort_by_version(repo):
    (repo / "evidence" / "_common").mkdir()
    (repo / "evidence" / "v1.2.0").mkdir()             # no release.yml
    assert existing_releases(repo) == ["v1.9.0", "v1.10.0"]


def test_default_release_is_the_newest(repo, tmp_path_factory):
    assert default_release(repo) == "v1.10.0"
    with pytest.raises(CollectError, match="no release exists yet"):
        default_release(tmp_path_factory.mktemp("empty"))
