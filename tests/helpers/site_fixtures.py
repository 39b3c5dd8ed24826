"""Builds three ReleaseReports (v1.0.0, v1.1.0, v1.2.0) from model objects, with their
evidence files written under a repository root. Used by the site tests."""
from __future__ import annotations

import hashlib
import struct
import zlib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from generator.kinds import Verdict
from generator.model.project import Checklist, Commit, Item, Phase, Requirement, Section
from generator.model.results import EvidenceResult, ReleaseReport
from tests.helpers import reports

UTC = timezone.utc
VERSIONS = ("v1.0.0", "v1.1.0", "v1.2.0")
ODD_IMAGE = "odd name #1 ?%'\"é.png"
ODD_NOTES = "notes #2 ?&.md"

HOSTILE_MARKDOWN = """---
items: [security-configuration/tls]
---
# Hostile runbook

<script>window.__pwned = 'script';</script>
<img src="x" onerror="window.__pwned = 'onerror'">
<iframe src="javascript:window.__pwned='iframe'"></iframe>
<svg onload="window.__pwned='svg'"><circle r="5"/></svg>

[click me](javascript:window.__pwned='link')
[data link](data:text/html,<script>window.__pwned='data'</script>)
[vb](vbscript:msgbox)
<a href="JaVaScRiPt:window.__pwned='mixed'">mixed case</a>

A paragraph with an attribute list
{: onclick="window.__pwned='attr'" }

Another {: onmouseover=window.__pwned=1 } inline

--8<-- "/etc/passwd"
--8<-- "secret.txt"

{++ critic ++} :smile: $x^2$ `code`

<div markdown="1" onclick="window.__pwned='md_in_html'">*inside*</div>

Normal **bold** text and a [good link](https://example.org/ok).

<style>body { background: url(http://127.0.0.1:9/css-url) }</style>
<link rel="stylesheet" href="http://127.0.0.1:9/link.css">
<base href="http://127.0.0.1:9/">
<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/refresh">
<img src="http://127.0.0.1:9/remote.png">
<video src="http://127.0.0.1:9/video" poster="http://127.0.0.1:9/poster"></video>
<object data="http://127.0.0.1:9/object"></object>
<p style="background-image: url(http://127.0.0.1:9/inline-style)">styled</p>
![remote](http://127.0.0.1:9/md-image.png)
[ref link][evil]

[evil]: javascript:window.__pwned='ref'
"""


def tiny_png(rgb: tuple[int, int, int] = (200, 30, 30), size: int = 8) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    row = b"\x00" + bytes(rgb) * size
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b""))


def _item(section: str, item_id: str, title: str, phase: str, **kw) -> Item:
    return reports.item(f"{section}/{item_id}", title, phase=phase, **kw)


def checklist() -> Checklist:
    pre, post = "pre-deployment", "post-deployment"
    security = Section("security-configuration", "Security Configuration", pre, (
        _item("security-configuration", "rate-limiting", "API rate limiting is enabled", pre,
              requires=(Requirement("http-headers", {"require": ["ratelimit-limit"]}),)),
        _item("security-configuration", "tls", "TLS 1.2+ only <b>& HSTS</b>", pre),
        _item("security-configuration", "code-scanning", "Code scanning is clean", pre,
              requires=(Requirement("sarif"),), max_age=timedelta(days=30)),
    ), owner="security")
    testing = Section("testing", "Testing", pre, (
        _item("testing", "unit-tests", "Unit tests pass", pre, requires=(Requirement("junit"),)),
        _item("testing", "smoke", "Smoke probe passes", pre, requires=(Requirement("probe"),)),
        _item("testing", "screenshots", "UI screenshots attached", pre, applies_if="ui"),
    ))
    approvals = Section("approvals", "Approvals", pre, (
        _item("approvals", "security-signoff", "Security sign-off", pre, signoff_role="security"),
    ))
    monitoring = Section("monitoring", "Monitoring", post, (
        _item("monitoring", "dashboards", "Dashboards show normal traffic", post,
              due_after_release=timedelta(hours=24)),
    ))
    return Checklist("production-deployment", "Production Deployment Checklist", 3, (
        Phase(pre, "Pre-Deployment", (security, testing, approvals)),
        Phase(post, "Post-Deployment", (monitoring,), due_after_release=timedelta(hours=24)),
    ), "content/checklists/production-deployment.yml")


def _commit(n: int, pr: int | None = None) -> Commit:
    when = datetime(2026, 11, 1, 12, 0, tzinfo=UTC) + timedelta(days=n)
    return Commit(sha=hashlib.sha1(str(n).encode()).hexdigest(), author_name="Ann Author",
                  author_email="ann@example.com", authored_at=when, committer_name="Ann Author",
                  committer_email="ann@example.com", committed_at=when, subject=f"evidence {n}",
                  pull_request=pr)


def _evidence(root: Path, version: str, rel: str, data: bytes, kind: str, refs: tuple[str, ...],
              verdict: Verdict, n: int) -> EvidenceResult:
    path = f"evidence/{version}/{rel}"
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return reports.evidence(path, data, items=refs, kind=kind, verdict=verdict,
                            commits=(_commit(n, pr=40 + n),), collected_at=_commit(n).committed_at)


def evidence_for(root: Path, version: str, index: int) -> dict[str, list[EvidenceResult]]:
    """Evidence per item ref; later releases have more (and different) evidence."""
    ok = Verdict("pass")
    headers = (b"HTTP/2 200\r\ncontent-type: text/html\r\n"
               + (b"ratelimit-limit: 100\r\n" if index >= 1 else b"") + b"\r\n")
    junit_fail = index == 0
    junit = (f'<testsuite name="unit" tests="12" failures="{1 if junit_fail else 0}">'
             '<testcase name="test_a" time="0.5"/></testsuite>').encode()
    out: dict[str, list[EvidenceResult]] = {}

    def add(ref, rel, data, kind, verdict, n):
        out.setdefault(ref, []).append(_evidence(root, version, rel, data, kind, (ref,), verdict, n))

    add("security-configuration/rate-limiting", "security-configuration/rate-limiting/curl.http",
        headers, "http-headers",
        ok if index >= 1 else Verdict("fail", ("header ratelimit-limit is absent",)), 1)
    add("security-configuration/tls", "runbooks/hostile runbook.md", HOSTILE_MARKDOWN.encode(),
        "runbook", ok, 2)
    add("security-configuration/tls", f"security-configuration/tls/{ODD_IMAGE}", tiny_png(),
        "screenshot", ok, 3)
    add("security-configuration/tls", f"security-configuration/tls/{ODD_NOTES}",
        b"# Notes\n\nTLS *checked* with `testssl.sh`.\n", "document", ok, 4)
    add("security-configuration/tls", "security-configuration/tls/cert.der",
        b"\x30\x82\x00\x00\x00\x01binary", "any", ok, 5)
    add("testing/unit-tests", "testing/unit-tests/junit.xml", junit, "junit",
        Verdict("fail" if junit_fail else "pass",
                ("1 of 12 tests failed",) if junit_fail else (),
                details={"tests": 12, "failures": 1 if junit_fail else 0, "errors": 0,
                         "slowest": [{"name": "test_a", "time": 0.5},
                                     {"name": "test_<b>", "time": 0.25}]}), 6)
    if index >= 1:
        add("testing/smoke", "testing/smoke/probe.json",
            b'{"status": "pass", "observed_at": "2026-11-20T10:00:00Z", "note": "<b>hi</b>"}',
            "probe", ok, 7)
    if index >= 2:
        add("security-configuration/code-scanning",
            "security-configuration/code-scanning/scan.sarif",
            b'{"version": "2.1.0", "runs": []}', "sarif",
            Verdict("pass", details={"findings": [{"rule": "py/xss", "level": "note",
                                                   "message": "<script>alert(1)</script>"}]}), 8)
    return out


def _status(ref: str, index: int, evidence: dict) -> tuple[str, tuple[str, ...]]:
    table = {
        "security-configuration/rate-limiting": ("failed", "complete", "complete"),
        "security-configuration/tls": ("complete", "complete", "complete"),
        "security-configuration/code-scanning": ("missing", "waived", "complete"),
        "testing/unit-tests": ("failed", "complete", "complete"),
        "testing/smoke": ("missing", "stale", "complete"),
        "testing/screenshots": ("not-applicable", "not-applicable", "not-applicable"),
        "approvals/security-signoff": ("missing", "unverified", "complete"),
        "monitoring/dashboards": ("not-due", "not-due", "not-due"),
    }
    status = table[ref][index]
    reasons = {
        "failed": ("a requirement's deciding evidence failed its check <script>x</script>",),
        "missing": ("no evidence of kind any {: onclick=alert(1) }",),
        "stale": ("testing/smoke/probe.json is older than max_age 7d",),
        "unverified": ("sign-off signer not proven",),
        "waived": ("waived by evidence/v1.1.0/waivers/scan.yml",),
    }.get(status, ())
    return status, reasons


def make_report(root: Path, index: int) -> ReleaseReport:
    version = VERSIONS[index]
    cl = checklist()
    evidence = evidence_for(root, version, index)
    signoff = reports.signoff(f"evidence/{version}/signoffs/security.yml", "security",
                              "jane@example.com", date=date(2026, 11, 20), verified=index == 2,
                              reasons=() if index == 2 else ("approver did not author the record",))
    waiver = reports.waiver(f"evidence/{version}/waivers/scan.yml",
                            ("security-configuration/code-scanning",), type="deferred",
                            reason="Scanner rollout | next sprint", expires=date(2026, 12, 31))
    statuses, reasons = {}, {}
    for phase in cl.phases:
        for section in phase.sections:
            for item in section.items:
                statuses[item.ref], reasons[item.ref] = _status(item.ref, index, evidence)
    ready = index == 2
    return reports.report(
        version, statuses, checklist=cl, reasons=reasons,
        evidence=[e for files in evidence.values() for e in files],
        signoffs=(signoff,) if index >= 1 else (), waivers=(waiver,) if index == 1 else (),
        title=f"Release {index + 1}", target_date=date(2026, 11, 25 + index),
        status="released" if index < 2 else "in-progress",
        evaluated_at=datetime(2026, 11, 26, 9, 0, tzinfo=UTC), source_commit="c0ffee" * 6 + "abcd",
        ready=ready, blockers=() if ready else ("testing/unit-tests is failed",),
        product_name="Shop <API>", previous=VERSIONS[index - 1] if index else None)


def make_reports(root: Path) -> list[ReleaseReport]:
    """Three releases, oldest first, with evidence written under `root`."""
    (root / "content" / "docs").mkdir(parents=True, exist_ok=True)
    (root / "content" / "docs" / "index.md").write_text("# Handbook\n\nHow we release.\n")
    (root / "content" / "docs" / "rollback.md").write_text("# Rollback\n\nSteps.\n")
    return [make_report(root, i) for i in range(3)]
