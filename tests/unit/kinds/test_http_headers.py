import pytest

from generator.kinds import check_evidence
from generator.kinds.http_headers import parse_responses
from tests.helpers.paths import KIND_FIXTURES

FIXTURES = KIND_FIXTURES
SECURITY = {
    "require": ["strict-transport-security", "X-CONTENT-TYPE-OPTIONS"],
    "rules": {
        "strict-transport-security": {"max_age_min": 31536000},
        "x-content-type-options": {"equals": "nosniff"},
        "content-security-policy": {"contains": "default-src"},
    },
}


def check(data: bytes, **options):
    return check_evidence("http-headers", data, options, "site.http")


def check_fixture(name: str, **options):
    return check((FIXTURES / name).read_bytes(), **options)


@pytest.mark.parametrize("name", [
    "curl-i-secure.http", "curl-I-secure.http", "curl-v-secure.txt", "curl-iL-redirect.http",
    "curl-i-continue.http",
])
def test_secure_responses_pass_the_security_rules(name):
    verdict = check_fixture(name, status=200, **SECURITY)
    assert verdict.verdict == "pass", verdict.reasons
    assert verdict.details["status_line"] == "HTTP/1.1 200 OK"


def test_plain_response_names_every_missing_header_and_rule():
    verdict = check_fixture("curl-i-plain.http", **SECURITY)
    assert verdict.verdict == "fail"
    assert "required header 'strict-transport-security' is missing from the final response" in verdict.reasons
    assert "required header 'X-CONTENT-TYPE-OPTIONS' is missing from the final response" in verdict.reasons
    assert "header 'content-security-policy' is missing, so its rules cannot hold" in verdict.reasons
    assert len(verdict.reasons) == 3


def test_a_missing_header_that_is_required_and_has_rules_is_reported_once():
    verdict = check_fixture("curl-i-plain.http", **SECURITY)
    for header in ("strict-transport-security", "x-content-type-options"):
        assert sum(header in r.lower() for r in verdict.reasons) == 1, verdict.reasons


def test_redirect_chain_is_recorded_and_the_last_block_decides():
    verdict = check_fixture("curl-iL-redirect.http", status=200)
    assert verdict.details["responses"] == 2
    assert verdict.details["chain"] == ["HTTP/1.1 301 Moved Permanently", "HTTP/1.1 200 OK"]
    assert check_fixture("curl-iL-redirect.http", status=301).verdict == "fail"


def test_continue_block_is_skipped_for_the_final_response():
    verdict = check_fixture("curl-i-continue.http", status=[200, 204])
    assert verdict.details["chain"] == ["HTTP/1.1 100 Continue", "HTTP/1.1 200 OK"]
    assert verdict.verdict == "pass"


def test_status_mismatch_reason():
    verdict = check_fixture("curl-i-secure.http", status=[301, 302])
    assert verdict.reasons == ("final response status is 200 ('HTTP/1.1 200 OK'), expected 301 or 302",)


def test_folded_and_repeated_headers():
    [response] = parse_responses((FIXTURES / "curl-i-folded.http").read_bytes())
    assert response.values("content-security-policy") == ["default-src 'self'; img-src 'self' data:"]
    assert response.values("cache-control") == ["no-store", "max-age=0"]
    verdict = check_fixture("curl-i-folded.http",
                            rules={"content-security-policy": {"contains": "img-src"},
                                   "cache-control": {"contains": "no-store"}})
    assert verdict.verdict == "pass"


def test_equals_must_hold_for_every_occurrence():
    data = b"HTTP/1.1 200 OK\nX-Frame-Options: DENY\nX-Frame-Options: SAMEORIGIN\n\n"
    verdict = check(data, rules={"x-frame-options": {"equals": "deny"}})
    assert verdict.reasons == ("header 'x-frame-options' is 'SAMEORIGIN', expected 'deny'",)
    assert check(data, rules={"x-frame-options": {"equals": ["DENY", "sameorigin"]}}).passed


def test_max_age_min_reads_the_first_occurrence():
    data = b"HTTP/2 200\nstrict-transport-security: max-age=300\nstrict-transport-security: max-age=99999999\n\n"
    verdict = check(data, rules={"strict-transport-security": {"max_age_min": 31536000}})
    assert verdict.reasons == ("header 'strict-transport-security' max-age is 300, below the minimum 31536000",)
    no_directive = b"HTTP/2 200\nstrict-transport-security: includeSubDomains\n\n"
    assert "no max-age" in check(no_directive, rules={"strict-transport-security": {"max_age_min": 1}}).reasons[0]


def test_absent_rule():
    data = b"HTTP/1.1 200 OK\r\nX-Powered-By: PHP/8.1\r\n\r\n"
    verdict = check(data, rules={"x-powered-by": {"absent": True}})
    assert verdict.reasons == ("header 'x-powered-by' must be absent but is sent: 'PHP/8.1'",)
    assert check(data, rules={"server": {"absent": True}}).passed


def test_lf_only_and_http2_lowercase_headers():
    data = b"HTTP/2 200\nratelimit-limit: 100\ncontent-length: 0\n\n"
    verdict = check(data, require=["RateLimit-Limit"], status=200)
    assert verdict.passed and verdict.details["status_line"] == "HTTP/2 200"


def test_a_body_cannot_fake_a_later_response_block():
    body = b"HTTP/1.1 200 OK\nStrict-Transport-Security: max-age=99999999\n\n"
    data = (b"HTTP/1.1 200 OK\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    verdict = check(data, require=["strict-transport-security"])
    assert verdict.details["responses"] == 1
    assert verdict.verdict == "fail"


def test_head_output_with_redirects_keeps_every_block():
    data = (b"HTTP/1.1 302 Found\r\nLocation: /a\r\nContent-Length: 120\r\n\r\n"
            b"HTTP/1.1 200 OK\r\nContent-Length: 42\r\nX-Content-Type-Options: nosniff\r\n\r\n")
    verdict = check(data, require=["x-content-type-options"])
    assert verdict.details["responses"] == 2 and verdict.passed


def test_verbose_output_with_redirect_follows_to_the_last_block():
    data = (b"* Trying\n> GET / HTTP/1.1\n> Host: x\n>\n< HTTP/1.1 301 Moved\n< Location: /b\n<\n"
            b"* Issue another request\n> GET /b HTTP/1.1\n>\n< HTTP/1.1 200 OK\n< X-A: 1\n<\n{ [5 bytes data]\n")
    verdict = check(data, require=["x-a"], status=200)
    assert verdict.passed and verdict.details["responses"] == 2


def test_text_without_a_response_is_invalid():
    verdict = check(b"<html>hello</html>")
    assert verdict.verdict == "invalid" and "no HTTP response" in verdict.reasons[0]
    assert check((FIXTURES / "malformed-binary.bin").read_bytes()).verdict == "invalid"


@pytest.mark.parametrize("options, word", [
    ({"require": "x-a"}, None),
    ({"require": [1]}, "require"),
    ({"status": "200"}, "status"),
    ({"status": [99]}, "status"),
    ({"rules": {"x-a": {"startswith": "a"}}}, "startswith"),
    ({"rules": {"x-a": {"max_age_min": "1y"}}}, "max_age_min"),
    ({"rules": {"x-a": "nosniff"}}, "x-a"),
    ({"rules": ["x-a"]}, "rules"),
])
def test_option_validation(options, word):
    data = b"HTTP/1.1 200 OK\nX-A: 1\n\n"
    verdict = check(data, **options)
    if word is None:
        assert verdict.passed          # a single name is accepted as a list of one
    else:
        assert verdict.verdict == "invalid" and word in verdict.reasons[0]


def test_iL_output_with_a_redirect_body():
    body = b"<a href=/b>moved</a>\n"
    data = (b"HTTP/1.1 301 Moved Permanently\r\nLocation: /b\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n" + body
            + b"HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nok")
    verdict = check(data, require=["x-a"])
    assert verdict.details["chain"] == ["HTTP/1.1 301 Moved Permanently", "HTTP/1.1 200 OK"]
    assert verdict.passed


def check_https(data: bytes, source: str | None):
    return check_evidence("http-headers", data, {"https": True}, "site.http", source)


@pytest.mark.parametrize("source, verdict", [
    ("https://shop.example/", "pass"),
    ("HTTPS://shop.example/", "pass"),
    ("http://shop.example/", "fail"),
    (None, "fail"),
    ("report.xml", "fail"),
])
def test_https_reads_the_scheme_of_the_source(source, verdict):
    result = check_https((FIXTURES / "curl-i-secure.http").read_bytes(), source)
    assert result.verdict == verdict
    if source == "http://shop.example/":
        assert result.reasons == (
            "the final response came over http:// (http://shop.example/), not HTTPS",)
    if source is None:
        assert "evidence collect http https://" in result.reasons[0]


def test_https_follows_redirects_from_the_source():
    downgrade = (b"HTTP/1.1 301 Moved\r\nLocation: http://shop.example/plain\r\n\r\n"
                 b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    upgrade = downgrade.replace(b"http://shop.example/plain", b"https://shop.example/")
    relative = (FIXTURES / "curl-iL-redirect.http").read_bytes()
    assert check_https(downgrade, "https://shop.example/").verdict == "fail"
    assert check_https(upgrade, "http://shop.example/").verdict == "pass"
    assert check_https(relative, "https://shop.example/").verdict == "pass"
    assert check_https(relative, "http://shop.example/").verdict == "fail"


@pytest.mark.parametrize("name, verdict", [
    ("real/curl-v-L-https-redirect-loop.txt", "pass"),          # macOS curl, TLS handshake lines
    ("real/curl-v-win-schannel-long-preamble-crlf.txt", "pass"),  # Windows schannel
    ("curl-v-secure.txt", "fail"),                            # plain HTTP to a local server
])
def test_https_from_curl_verbose_tls_lines(name, verdict):
    assert check_https((FIXTURES / name).read_bytes(), None).verdict == verdict


def test_https_must_be_true_or_false():
    result = check_evidence("http-headers", b"HTTP/1.1 200 OK\r\n\r\n", {"https": "yes"}, "x")
    assert result.verdict == "invalid" and "'https' must be true or false" in result.reasons[0]
