"""Secret detection: planted credentials are found and redacted; hashes and prose are not."""
from __future__ import annotations

import base64
import hashlib
import json
import random
import string
import uuid
import zlib
from dataclasses import dataclass

import pytest
from detect_secrets.plugins.aws import AWSKeyDetector
from detect_secrets.plugins.github_token import GitHubTokenDetector
from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
from detect_secrets.plugins.jwt import JwtTokenDetector
from detect_secrets.plugins.mailchimp import MailchimpDetector
from detect_secrets.plugins.sendgrid import SendGridDetector
from detect_secrets.plugins.slack import SlackDetector
from detect_secrets.plugins.stripe import StripeDetector
from detect_secrets.plugins.telegram_token import TelegramBotTokenDetector
from detect_secrets.plugins.twilio import TwilioKeyDetector

from generator.kinds import is_binary, scannable_text
from generator.load.secrets import (
    ALLOW_MARKER,
    SECRET_CODE,
    find_secrets,
    find_secrets_in_bytes,
    redact,
    secret_problems,
)
from tests.helpers.paths import KIND_FIXTURES

ALNUM = string.ascii_letters + string.digits


def chars(seed: str, n: int, alphabet: str = ALNUM) -> str:
    """Deterministic random characters; tokens are assembled so no real credential appears."""
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(n))


def b64url(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@dataclass(frozen=True)
class Family:
    kind: str
    key: str            # the key it is planted under (neutral "note" for self-evident tokens)
    value: str          # what is planted
    secret: str         # the part that must be redacted
    detector: type | None = None


def family(kind, key, value, secret=None, detector=None) -> Family:
    return Family(kind, key, value, secret if secret is not None else value, detector)


JWT = ".".join([b64url({"alg": "HS256", "typ": "JWT"}), b64url({"sub": "1234567890"}),
                chars("jwt", 43, ALNUM + "-_")])
URL_PASSWORD = chars("url-pass", 14)
FAMILIES = {
    "aws-access-key": family("aws-access-key", "note", "AKIA" + chars("aws", 16, string.ascii_uppercase + string.digits), detector=AWSKeyDetector),
    "aws-secret-key": family("aws-secret-key", "aws_secret_access_key", chars("aws-secret", 40, ALNUM + "/+")),
    "stripe-live": family("stripe-key", "note", "sk_live_" + chars("stripe", 99), detector=StripeDetector),
    "stripe-webhook": family("stripe-key", "note", "whsec_" + chars("whsec", 32)),
    "twilio": family("twilio-key", "note", "SK" + chars("twilio", 32, string.ascii_lowercase + string.digits), detector=TwilioKeyDetector),
    "sendgrid": family("sendgrid-key", "note", "SG." + chars("sg1", 22) + "." + chars("sg2", 43), detector=SendGridDetector),
    "slack-token": family("slack-token", "note", "xoxb-123456789012-1234567890123-" + chars("slack", 24), detector=SlackDetector),
    "slack-webhook": family("slack-webhook", "note", "https://hooks.slack.com/services/T0" + chars("t", 8) + "/B0" + chars("b", 8) + "/" + chars("w", 24), detector=SlackDetector),
    "github-classic": family("github-token", "note", "ghp_" + chars("gh", 36), detector=GitHubTokenDetector),
    "github-fine-grained": family("github-token", "note", "github_pat_" + chars("ghf", 22) + "_" + chars("ghf2", 59)),
    "gitlab": family("gitlab-token", "note", "glpat-" + chars("gl", 20), detector=GitLabTokenDetector),
    "jwt": family("jwt", "note", JWT, detector=JwtTokenDetector),
    "mailchimp": family("mailchimp-key", "note", chars("mc", 32, string.ascii_lowercase + string.digits) + "-us14", detector=MailchimpDetector),
    "telegram": family("telegram-token", "note", "123456789:AA" + chars("tg", 33), detector=TelegramBotTokenDetector),
    "npm": family("npm-token", "note", "npm_" + chars("npm", 36)),
    "resend": family("resend-key", "note", "re_" + chars("rs1", 8) + "_" + chars("rs2", 24) + "A1"),
    "url-password": family("url-password", "note", f"https://deploy:{URL_PASSWORD}@registry.example.com/v2/", URL_PASSWORD),
    "bearer": family("bearer-token", "note", "Bearer " + chars("opaque", 40), chars("opaque", 40)),
    "pusher": family("pusher-secret", "PUSHER_APP_SECRET", chars("pusher", 20, "0123456789abcdef")),
    "password": family("password", "db_password", "Tr0ub4dor&3-horse"),
    "api-key": family("api-key", "api_key", chars("generic", 32, "0123456789abcdef")),
    "client-secret": family("secret", "client_secret", chars("client", 30)),
}

DIGEST = hashlib.sha256(b"evidence").hexdigest()


def as_json(key: str, value: str) -> str:
    return json.dumps({"release": "v1.4.0", key: value, "sha256": DIGEST}, indent=2) + "\n"


def as_yaml(key: str, value: str) -> str:
    return f"release: v1.4.0\n{key}: {value}\nsha256: {DIGEST}\n"


def as_markdown(key: str, value: str) -> str:
    return f"# Deployment notes\n\nChecked at commit {DIGEST[:40]}.\n\n- {key}: {value}\n\nDone.\n"


def as_curl_log(key: str, value: str) -> str:
    return ("*   Trying 203.0.113.7:443...\n* Connected to api.example.com\n"
            "> GET /v1/health HTTP/2\n> Host: api.example.com\n"
            f"> {key}: {value}\n> user-agent: curl/8.5.0\n>\n< HTTP/2 200\n"
            f"< x-request-id: {uuid.UUID(int=7)}\n< ratelimit-limit: 100\n")


FORMATS = {"json": as_json, "yaml": as_yaml, "markdown": as_markdown, "curl": as_curl_log}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", FAMILIES)
def test_planted_secret_is_found_exactly_and_redacted(name, fmt):
    planted = FAMILIES[name]
    text = FORMATS[fmt](planted.key, planted.value)
    start = text.index(planted.secret)
    findings = find_secrets(text)
    assert [(f.start, f.end) for f in findings] == [(start, start + len(planted.secret))]
    redacted, _ = redact(text)
    assert planted.secret not in redacted
    assert "[REDACTED " in redacted
    assert redacted.count("\n") == text.count("\n")
    assert planted.key in redacted             # the reader still sees what was there


@pytest.mark.parametrize("name", FAMILIES)
def test_kind_names_the_family(name):
    planted = FAMILIES[name]
    (finding,) = find_secrets(as_json(planted.key, planted.value))
    assert finding.kind == planted.kind


@pytest.mark.parametrize("name", [n for n, f in FAMILIES.items() if f.detector])
def test_agrees_with_detect_secrets_detector(name):
    planted = FAMILIES[name]
    found_by_detector = list(planted.detector().analyze_string(f"x {planted.value} x"))
    assert found_by_detector, "the detector itself recognises the planted token"
    assert find_secrets(f"x {planted.value} x")


def test_curl_verbose_authorization_header():
    token = chars("curl", 48, ALNUM + "-._~")
    log = as_curl_log("Authorization", f"Bearer {token}")
    (finding,) = find_secrets(log)
    assert finding.kind == "authorization"
    line = log.splitlines()[finding.line - 1]
    assert line == f"> Authorization: Bearer {token}"
    assert finding.column == len("> Authorization: Bearer ") + 1
    redacted, _ = redact(log)
    assert "> Authorization: Bearer [REDACTED authorization]\n" in redacted


def test_basic_authorization_and_cookies():
    basic = base64.b64encode(b"deploy:" + chars("basic", 16).encode()).decode()
    session = chars("cookie", 32)
    log = f"> Authorization: Basic {basic}\n< set-cookie: session={session}; Path=/; HttpOnly\n"
    redacted, findings = redact(log)
    assert [f.kind for f in findings] == ["authorization", "cookie"]
    assert basic not in redacted and session not in redacted
    assert "Path=/; HttpOnly" in redacted


def test_private_key_block_keeps_its_lines():
    body = "\n".join(chars(f"pem{i}", 64, ALNUM + "+/") for i in range(5))
    text = f"key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----\nafter\n"
    redacted, findings = redact(text)
    assert [(f.kind, f.line, f.column) for f in findings] == [("private-key", 2, 1)]
    assert redacted.count("\n") == text.count("\n")
    assert redacted.splitlines()[-1] == "after"
    assert "-----END OPENSSH PRIVATE KEY-----" in redacted
    assert chars("pem3", 64, ALNUM + "+/") not in redacted


def test_line_and_column_are_one_based():
    text = "first line\n  token = " + "ghp_" + chars("lc", 36) + "\n"
    (finding,) = find_secrets(text)
    assert (finding.line, finding.column) == (2, len("  token = ") + 1)


def test_redaction_is_idempotent():
    text = "".join(fmt(f.key, f.value) for f in FAMILIES.values() for fmt in FORMATS.values())
    once, findings = redact(text)
    assert len(findings) == len(FAMILIES) * len(FORMATS)
    assert find_secrets(once) == []
    assert redact(once)[0] == once


def png_base64(seed: int, size: int = 3000) -> str:
    rng = random.Random(seed)
    raw = bytes(rng.getrandbits(8) for _ in range(size))
    png = b"\x89PNG\r\n\x1a\n" + zlib.compress(raw)
    return base64.b64encode(png).decode()


def hash_corpus() -> str:
    lines = []
    for i in range(400):
        data = str(i).encode()
        sha = hashlib.sha256(data).hexdigest()
        lines += [
            f"{sha}  evidence/v1.4.0/logs/run-{i}.txt",
            f"sha256:{sha.upper()}",
            f"commit {hashlib.sha1(data).hexdigest()}",
            f'{{"id": "{uuid.UUID(int=i * 7919)}", "digest": "sha256:{sha}", "commit": "{hashlib.sha1(data).hexdigest()}"}}',
            f"integrity sha512-{base64.b64encode(hashlib.sha512(data).digest()).decode()}",
            f"md5 {hashlib.md5(data).hexdigest()} etag W/\"{hashlib.md5(data).hexdigest()}\"",
            f"token bucket of {i} requests per key, reset every 60 s",
        ]
    for seed in range(20):
        lines.append(f"![screenshot](data:image/png;base64,{png_base64(seed)})")
        lines.append(png_base64(seed + 100))
    return "\n".join(lines) + "\n"


PROSE = """\
# Security configuration

The password policy requires 14 characters; passwords rotate every 90 days.
Secrets are stored in the vault, never in the repository. API keys are scoped per service.
Token: see the runbook. Password: none. Secret key rotation happened on 2026-11-02.
Authorization: required for every endpoint; bearer tokens expire after one hour.
The `api_key` parameter is documented in the API reference.
Set-Cookie: handled by the gateway.
"""

PLACEHOLDERS = """\
password: ${DB_PASSWORD}
token: ${{ secrets.GITHUB_TOKEN }}
api_key: <your-api-key>
"client_secret": ""
"password": "********"
secret: !vault |
PASSWORD=$(cat /run/secrets/db)
password = get_password()
evidence_digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
url: https://user:${PASSWORD}@db.example.com
Authorization: Bearer $TOKEN
"""


@pytest.mark.parametrize("corpus", [hash_corpus(), PROSE, PLACEHOLDERS],
                         ids=["hashes-uuids-images", "prose", "placeholders"])
def test_no_false_positives(corpus):
    assert find_secrets(corpus) == []


def test_hashes_around_a_secret_do_not_hide_it():
    token = "ghp_" + chars("mixed", 36)
    text = hash_corpus() + f"leaked {token}\n" + hash_corpus()
    findings = find_secrets(text)
    assert [text[f.start:f.end] for f in findings] == [token]


def test_tokens_inside_longer_runs_are_not_reported():
    inside = "x" + "AKIA" + "Q" * 16 + "Z"          # part of a longer identifier
    assert find_secrets(f"id {inside}\n") == []


def test_allow_marker_and_allow_list():
    token = "ghp_" + chars("allow", 36)
    marked = f"example: {token}  # {ALLOW_MARKER}\nreal: {token}\n"
    (finding,) = find_secrets(marked)
    assert finding.line == 2
    assert find_secrets(marked, allow={token}) == []
    assert redact(marked, allow={token})[0] == marked


def test_binary_content_is_skipped():
    token = ("ghp_" + chars("bin", 36)).encode()
    assert is_binary(b"\x89PNG\r\n\x1a\n\x00\x00" + token)
    assert find_secrets_in_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + token) == []
    assert len(find_secrets_in_bytes(b"log: " + token + b"\n")) == 1


def test_secret_problems_point_at_the_value_and_say_how_to_allow_it():
    token = "ghp_" + chars("scan", 36)
    problems = secret_problems("evidence/log.txt",
                               find_secrets_in_bytes(f"ok\nGITHUB_TOKEN={token}\n".encode()))
    assert [(p.path, p.line, p.column, p.code, p.severity) for p in problems] == [
        ("evidence/log.txt", 2, len("GITHUB_TOKEN=") + 1, SECRET_CODE, "error")]
    assert ALLOW_MARKER in problems[0].hint


def test_secret_problems_never_quote_the_secret():
    token = "ghp_" + chars("quote", 36)
    text = f"token: {token}\n"
    problems = secret_problems("evidence/x.txt", find_secrets(text))
    assert problems and all(token not in p.message + p.hint for p in problems)


def test_allow_list_from_mkdocs_config():
    from generator.errors import ConfigError
    from generator.load.secrets import allowed_secrets
    config = {"extra": {"evidence": {"allow_secrets": ["AKIAIOSFODNN7EXAMPLE"]}}}
    assert allowed_secrets(config) == {"AKIAIOSFODNN7EXAMPLE"}
    assert allowed_secrets({}) == frozenset()
    assert allowed_secrets({"extra": None}) == frozenset()
    with pytest.raises(ConfigError, match="allow_secrets must be a list of strings"):
        allowed_secrets({"extra": {"evidence": {"allow_secrets": "AKIA"}}})


def test_a_real_private_key_is_reported_at_its_begin_line():
    """CPython's public test key: BEGIN on line 1, the base64 body from line 2."""
    text = (KIND_FIXTURES / "real" / "cpython-keycert.pem").read_text()
    [finding] = find_secrets(text)
    assert (finding.kind, finding.line, finding.column) == ("private-key", 1, 1)
    redacted, _ = redact(text)
    assert redacted.startswith("-----BEGIN PRIVATE KEY-----\n[REDACTED private-key]")
    assert "-----BEGIN CERTIFICATE-----" in redacted       # a certificate is not a secret


def test_the_allow_marker_on_the_begin_line_allows_the_key():
    text = (KIND_FIXTURES / "real" / "cpython-keycert.pem").read_text()
    marked = text.replace("-----BEGIN PRIVATE KEY-----",
                          "-----BEGIN PRIVATE KEY----- evidence:allow-secret", 1)
    assert find_secrets(marked) == []


def test_utf16_text_is_scanned_like_utf8():
    """Windows PowerShell 5.1 saves redirected output as UTF-16; its cookies must be found."""
    loop = (KIND_FIXTURES / "real" / "curl-v-L-https-redirect-loop.txt").read_bytes()
    as_utf8 = find_secrets_in_bytes(loop)
    as_utf16 = find_secrets_in_bytes(loop.decode("utf-8").encode("utf-16"))
    assert as_utf8 and [(f.kind, f.line) for f in as_utf16] == [(f.kind, f.line) for f in as_utf8]
    ps51 = (KIND_FIXTURES / "real" / "curl-win-ps51-utf16le-bom-v-get.txt").read_bytes()
    assert "< Server: Google Frontend" in scannable_text(ps51)
