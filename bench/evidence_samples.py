"""Realistic evidence file contents, one function per kind, each driven by a seeded Random.

Sizes follow what teams commit: JUnit reports of 20-2000 test cases, SARIF logs with a few
results, `curl -i` dumps, JSON probe results, Markdown of 200-3000 words, small PNGs.
"""
from __future__ import annotations

import json
import math
import random
import struct
import zlib
from datetime import datetime, timedelta

_WORDS = (
    "the service deploy release database migration rollback health check latency error rate "
    "monitoring alert on-call runbook step verify confirm traffic canary percentage region "
    "cluster node pod container image registry secret rotation certificate expiry TLS header "
    "cache invalidation queue worker retry backoff timeout budget threshold owner approval "
    "ticket incident review postmortem dashboard metric p95 p99 throughput capacity load test "
    "baseline regression feature flag toggle environment staging production config value "
    "endpoint webhook payment provider email SMS notification schedule window freeze change "
    "request audit log retention backup restore snapshot index query plan connection pool "
    "replica failover DNS record CDN edge origin firewall rule policy scan finding severity "
    "must should will was were is are be been has have had and or but with without for from "
    "into onto after before during while when then than this that these those each every all "
    "team engineer operator customer user account session token signed verified checked done"
).split()
_HEADINGS = ("Summary", "Scope", "Preconditions", "Procedure", "Verification", "Rollback",
             "Observations", "Open questions", "Contacts", "Timeline", "Results", "Notes")


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def markdown(rng: random.Random, title: str, front_matter: dict | None = None) -> bytes:
    """A Markdown note or runbook of 200-3000 words with headings, lists and a code block."""
    target = int(math.exp(rng.uniform(math.log(200), math.log(3000))))
    parts = [f"# {title}\n"]
    written = 0
    while written < target:
        parts.append(f"\n## {rng.choice(_HEADINGS)}\n\n")
        for _ in range(rng.randint(1, 4)):
            count = rng.randint(30, 120)
            parts.append(" ".join(rng.choices(_WORDS, k=count)).capitalize() + ".\n\n")
            written += count
        if rng.random() < 0.4:
            steps = rng.randint(3, 8)
            for n in range(1, steps + 1):
                parts.append(f"{n}. " + " ".join(rng.choices(_WORDS, k=rng.randint(5, 15))) + "\n")
                written += 10
        if rng.random() < 0.2:
            parts.append("\n```bash\nkubectl rollout status deploy/api --timeout=120s\n"
                         "curl -fsS https://api.example.com/healthz\n```\n")
    body = "".join(parts)
    if front_matter:
        body = "---\n" + _yaml_lines(front_matter) + "---\n\n" + body
    return body.encode()


def _yaml_lines(mapping: dict) -> str:
    lines = []
    for key, value in mapping.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(value)}]")
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


def junit(rng: random.Random, suite: str, when: datetime, failing: bool) -> bytes:
    """A JUnit XML report with 20-2000 test cases (log-uniform); `failing` adds failures."""
    count = int(math.exp(rng.uniform(math.log(20), math.log(2000))))
    failures = rng.randint(1, 3) if failing else 0
    failed_at = set(rng.sample(range(count), failures))
    skipped = rng.randint(0, count // 50)
    cases, total_time = [], 0.0
    for n in range(count):
        seconds = round(rng.expovariate(40), 3)
        total_time += seconds
        module = f"{suite}.{rng.choice(_WORDS).replace('-', '_')}"
        name = f"test_{rng.choice(_WORDS).replace('-', '_')}_{n}"
        if n in failed_at:
            cases.append(
                f'    <testcase classname="{module}" name="{name}" time="{seconds}">\n'
                f'      <failure message="AssertionError: expected 200, got 503" '
                f'type="AssertionError">Traceback (most recent call last):\n'
                f'  File "tests/{suite}/test_api.py", line {rng.randint(10, 400)}, in {name}\n'
                f'    assert response.status_code == 200\nAssertionError</failure>\n'
                f'    </testcase>\n')
        elif n < skipped:
            cases.append(f'    <testcase classname="{module}" name="{name}" time="0">'
                         f'<skipped message="needs staging"/></testcase>\n')
        else:
            cases.append(f'    <testcase classname="{module}" name="{name}" time="{seconds}"/>\n')
    header = (
        '<?xml version="1.0" encoding="utf-8"?>\n<testsuites>\n'
        f'  <testsuite name="{suite}" tests="{count}" failures="{failures}" errors="0" '
        f'skipped="{skipped}" time="{total_time:.3f}" timestamp="{_iso(when)}" '
        f'hostname="ci-runner-{rng.randint(1, 40)}">\n')
    return (header + "".join(cases) + "  </testsuite>\n</testsuites>\n").encode()


def sarif(rng: random.Random, tool: str, when: datetime) -> bytes:
    """A SARIF 2.1.0 log with a few results, mostly notes and warnings."""
    rules = [{"id": f"{tool}/rule-{n}", "shortDescription": {"text": " ".join(rng.choices(_WORDS, k=6))}}
             for n in range(rng.randint(3, 12))]
    results = []
    for _ in range(rng.randint(0, 5)):
        rule = rng.choice(rules)
        results.append({
            "ruleId": rule["id"], "level": rng.choice(("note", "warning", "warning", "note")),
            "kind": "fail",
            "message": {"text": " ".join(rng.choices(_WORDS, k=12))},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f"src/{rng.choice(_WORDS)}/{rng.choice(_WORDS)}.py"},
                "region": {"startLine": rng.randint(1, 900)}}}],
        })
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": tool, "version": f"{rng.randint(1, 3)}.{rng.randint(0, 20)}.0",
                                "rules": rules}},
            "invocations": [{"executionSuccessful": True, "endTimeUtc": _iso(when)}],
            "results": results,
        }],
    }
    return json.dumps(log, indent=2).encode()


def http_headers(rng: random.Random, host: str, when: datetime, check: dict | None = None) -> bytes:
    """`curl -i` output: sometimes a redirect block first, then the final response.

    The final response has the status and headers the requirement's `check` asks for."""
    check = check or {}
    blocks = []
    if rng.random() < 0.3:
        blocks.append(f"HTTP/1.1 301 Moved Permanently\r\nLocation: https://{host}/\r\n"
                      "Content-Length: 0\r\n\r\n")
    stamp = when.strftime("%a, %d %b %Y %H:%M:%S GMT")
    status = int(check.get("status", 200))
    headers = [
        f"HTTP/2 {status}", f"date: {stamp}", "content-type: application/json; charset=utf-8",
        "strict-transport-security: max-age=63072000; includeSubDomains; preload",
        "x-content-type-options: nosniff", "x-frame-options: DENY",
        "content-security-policy: default-src 'self'; frame-ancestors 'none'",
        "referrer-policy: strict-origin-when-cross-origin",
        f"ratelimit-limit: {rng.choice((60, 100, 600))}",
        f"ratelimit-remaining: {rng.randint(0, 59)}", f"ratelimit-reset: {rng.randint(1, 60)}",
        f"access-control-allow-origin: https://app.{host.split('.', 1)[-1]}",
        f"x-request-id: {rng.getrandbits(64):016x}",
    ]
    present = {line.split(":", 1)[0].lower() for line in headers[1:]}
    headers += [f"{name.lower()}: {rng.randint(1, 60)}" for name in check.get("require", [])
                if name.lower() not in present]
    body = json.dumps({"status": "ok", "version": f"{rng.randint(1, 9)}.{rng.randint(0, 30)}"})
    blocks.append("\r\n".join(headers) + "\r\n\r\n" + body + "\n")
    return "".join(blocks).encode()


def probe(rng: random.Random, target: str, when: datetime, passing: bool,
          expect: dict | None = None) -> bytes:
    """A JSON probe result as a monitoring job would write it, with the `expect`ed values."""
    checks = {f"{rng.choice(_WORDS)}_{n}": {"ok": True, "ms": rng.randint(2, 400)}
              for n in range(rng.randint(1, 8))}
    result = {
        "status": "pass" if passing else "fail", "observed_at": _iso(when), "target": target,
        "latency_ms": {"p50": rng.randint(5, 80), "p95": rng.randint(80, 400)},
        "checks": checks, "runner": f"probe-{rng.randint(1, 9)}",
    }
    for dotted, value in (expect or {}).items():
        *parents, leaf = dotted.split(".")
        node = result
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = value
    return json.dumps(result, indent=2).encode()


def png(rng: random.Random) -> bytes:
    """A small valid PNG (a fake dashboard: coloured bars), a few kilobytes."""
    width, height = rng.randint(120, 320), rng.randint(80, 200)
    bars = [rng.randint(0, height) for _ in range(width // 8 + 1)]
    colour = bytes((rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            rows += colour if height - y <= bars[x // 8] else b"\xf4\xf4\xf4"
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b""))


def collected_shift(rng: random.Random) -> timedelta:
    """How long before its commit a file was produced (a CI run finishing, then a commit)."""
    return timedelta(minutes=rng.randint(5, 90))
