"""Builds the bundled example under evidence/ as real commits, the way a team would.

Three releases of the Production Deployment Checklist:
- v1.0.0, released and complete, every sign-off committed by its approver;
- v1.1.0, released with a deferred waiver and a not-applicable waiver;
- v1.2.0, in progress: missing, failed, stale, unverified and not-due items, a sign-off
  committed by someone other than its approver, and one made stale by later evidence.

Run it once from a clean work tree at the repository root (it refuses otherwise):
    .venv/bin/python scripts/make_example.py
Every file and commit it makes is under evidence/; authors and dates are fixed.
"""
from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.load.definitions import load_checklists, load_roles  # noqa: E402

ENGINEERS = [("Jordan Blake", "jordan.blake@example.com"), ("Mei Chen", "mei.chen@example.com"),
             ("Lucas Ferreira", "lucas.ferreira@example.com"),
             ("Amara Nwosu", "amara.nwosu@example.com")]
SIGNERS = {"technical": ("Priya Raman", "priya.raman@example.com"),
           "product": ("Sofia Lindqvist", "sofia.lindqvist@example.com"),
           "security": ("Tomás Herrera", "tomas.herrera@example.com"),
           "legal": ("Daniel Mensah", "daniel.mensah@example.com"),
           "executive": ("Helen Whitfield", "helen.whitfield@example.com")}
HOST = "app.example.com"
SECURE_HEADERS = {
    "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
    "content-security-policy": "default-src 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff", "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "geolocation=(), camera=()",
    "access-control-allow-origin": f"https://{HOST}",
    "ratelimit-limit": "100", "ratelimit-remaining": "99", "ratelimit-reset": "60",
    "retry-after": "60",
}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- evidence content by kind ------------------------------------------------------------

def http_dump(required: list[str], when: datetime, drop: tuple[str, ...] = (),
              status: int = 200) -> str:
    lines = [f"HTTP/2 {status}", f"date: {when.strftime('%a, %d %b %Y %H:%M:%S GMT')}",
             "content-type: text/html; charset=utf-8", "server: envoy"]
    names = dict.fromkeys([*SECURE_HEADERS, *required])
    lines += [f"{name}: {SECURE_HEADERS.get(name, 'on')}" for name in names if name not in drop]
    return "\r\n".join(lines) + "\r\n\r\n"


def junit_xml(suite: str, count: int, when: datetime, failures: int = 0) -> str:
    cases = []
    for n in range(count):
        name = f"test_{suite.replace('-', '_')}_{n:03d}"
        body = ""
        if n < failures:
            body = ('<failure message="AssertionError: expected 201, got 500">'
                    "assert response.status_code == 201\nE  assert 500 == 201</failure>")
        cases.append(f'    <testcase classname="tests.{suite.replace("-", "_")}" name="{name}" '
                     f'time="{0.004 + (n * 37 % 11) / 100:.3f}">{body}</testcase>')
    total = sum(0.004 + (n * 37 % 11) / 100 for n in range(count))
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="pytest tests">'
            f'<testsuite name="pytest" errors="0" failures="{failures}" skipped="0" '
            f'tests="{count}" time="{total:.3f}" timestamp="{when.isoformat()}" '
            f'hostname="ci-runner-4">\n' + "\n".join(cases) + "\n</testsuite></testsuites>\n")


def sarif(tool: str, when: datetime, errors: int = 0) -> str:
    results = [{"ruleId": "S608", "level": "warning", "kind": "fail",
                "message": {"text": "Possible SQL injection vector through string-based query"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/reports.py"},
                                                    "region": {"startLine": 88}}}]}]
    results += [{"ruleId": "S105", "level": "error", "kind": "fail",
                 "message": {"text": "Possible hardcoded password assigned to: 'admin_password'"},
                 "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/seed.py"},
                                                     "region": {"startLine": 12 + n}}}]}
                for n in range(errors)]
    return json.dumps({"version": "2.1.0",
                       "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                       "runs": [{"tool": {"driver": {"name": tool, "version": "0.8.4",
                                                     "rules": [{"id": "S608"}, {"id": "S105"}]}},
                                 "invocations": [{"executionSuccessful": True,
                                                  "endTimeUtc": stamp(when)}],
                                 "results": results}]}, indent=2) + "\n"


def probe(target: str, when: datetime, expect: dict, status: str = "pass") -> str:
    data: dict = {"status": status, "observed_at": stamp(when), "target": target,
                  "latency_ms": 84}
    for path, value in expect.items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    data.setdefault("checks", {}).setdefault("http", "ok")
    return json.dumps(data, indent=2) + "\n"


RUNBOOK_STEPS = """
## Procedure

1. Announce the start in the #release channel and open the incident timeline document.
2. Confirm the current production version from the deployment dashboard and write it down.
3. Check the health endpoint and the error-rate panel; stop if either is already degraded.
4. Run the procedure's script from the release tag with `--dry-run` first, then for real.
5. Watch error rates, latency and queue depth for fifteen minutes after each step.
6. If any alert fires, roll back with the documented command and page the on-call lead.
7. Record every command, its output and the time in the timeline document.
8. Close the timeline, link it from this folder, and announce completion in the channel.

## Contacts

The on-call lead for the week owns the procedure; the database owner joins for any step that
touches schema or data. Escalate to the engineering manager when a step fails twice.
"""


def markdown(title: str, kind: str, release: str, author: str) -> str:
    heading = {"runbook": "Runbook", "release-notes": "Release notes"}.get(kind, "Record")
    steps = RUNBOOK_STEPS if kind == "runbook" else ""
    return (f"# {heading}: {title}\n\nRelease {release}. Prepared by {author}.\n\n"
            f"## What was done\n\n- Checked *{title.lower()}* against the production "
            "configuration.\n- Findings reviewed in the release meeting; no open actions.\n\n"
            "## How to repeat it\n\n1. Follow the steps in the team wiki page of the same name.\n"
            "2. Record the outcome in this folder with the date.\n" + steps)


def png(width: int = 64, height: int = 40) -> bytes:
    rows = b"".join(b"\x00" + bytes((40 + x * 3) % 256 for x in range(width * 3))
                    for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(
            ">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def evidence_for(item, release: str, when: datetime, author: str, **flaws) -> tuple[str, str | bytes]:
    """File name and content proving `item` (first requirement decides the kind)."""
    requirement = item.requires[0]
    check = dict(requirement.check)
    kind = requirement.kind
    if kind == "http-headers":
        status = check.get("status", 200)
        status = status[0] if isinstance(status, list) else status
        return f"{HOST}.http", http_dump(list(check.get("require", [])), when,
                                         flaws.get("drop", ()), int(status))
    if kind == "junit":
        count = max(int(check.get("min_tests", 1)) * 4, 12)
        return "junit.xml", junit_xml(item.id, count, when, flaws.get("failures", 0))
    if kind == "sarif":
        return "scan.sarif", sarif("ruff", when, flaws.get("errors", 0))
    if kind == "probe":
        return "probe.json", probe(f"https://{HOST}/healthz", when, dict(check.get("expect", {})))
    if kind in ("runbook", "release-notes", "document"):
        return f"{kind}.md", markdown(item.title, kind, release, author)
    return "record.md", markdown(item.title, "document", release, author)


# ---- git -----------------------------------------------------------------------------------

def git(*args: str, env: dict | None = None) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}).stdout


def commit(message: str, author: tuple[str, str], when: datetime, paths: list[str]) -> None:
    git("add", "--", *paths)
    git("commit", "-q", "-m", message, env={
        "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
        "GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_NAME": author[0],
        "GIT_COMMITTER_EMAIL": author[1], "GIT_COMMITTER_DATE": when.isoformat()})


def write(relpath: str, content: str | bytes) -> str:
    target = ROOT / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    return relpath


def sign(release: str, role: str, when: datetime, decision: str = "approved",
         conditions: str = "", author: tuple[str, str] | None = None) -> None:
    """`evidence signoff` as the approver would run it, then their commit (or, to show a
    forgery, someone else's)."""
    name, email = SIGNERS[role]
    identity = {"GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "user.name",
                "GIT_CONFIG_VALUE_0": name, "GIT_CONFIG_KEY_1": "user.email",
                "GIT_CONFIG_VALUE_1": email}
    args = [sys.executable, "-m", "generator", "signoff", release, "--role", role,
            "--decision", decision, "--date", when.date().isoformat()]
    if conditions:
        args += ["--conditions", conditions]
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, **identity})
    commit(f"Sign off {release} as {role}", author or (name, email), when,
           [f"evidence/{release}/signoffs/{role}.yml"])


# ---- the releases --------------------------------------------------------------------------

def release_yml(version: str, title: str, status: str, target: str, released: str | None,
                tags: list[str]) -> str:
    lines = [f"version: {version}", f"title: {title}", "checklists: [production-deployment]",
             f"target_date: {target}", f"status: {status}"]
    if released:
        lines.append(f"released_at: {released}")
    lines.append(f"tags: [{', '.join(tags)}]")
    return "\n".join(lines) + "\n"


def file_items(items, release: str, start: datetime, skip=(), flaws=None, step_hours=3,
               per_commit=12) -> datetime:
    """Evidence for every item not in `skip`, committed in batches by rotating engineers."""
    flaws = flaws or {}
    when, batch, n = start, [], 0
    for item in items:
        if item.ref in skip or item.signoff_role or item.applies_if:
            continue
        author = ENGINEERS[n % len(ENGINEERS)]
        name, content = evidence_for(item, release, when, author[0], **flaws.get(item.ref, {}))
        batch.append(write(f"evidence/{release}/{item.ref}/{name}", content))
        if len(batch) == per_commit:
            commit(f"Add {release} evidence: {item.section_id}", author, when, batch)
            batch, n, when = [], n + 1, when + timedelta(hours=step_hours)
    if batch:
        commit(f"Add {release} evidence", ENGINEERS[n % len(ENGINEERS)], when, batch)
    return when


def split(items):
    """Items due before release but not at go-live, go-live checks, and after-release items."""
    before = [i for i in items if i.due_after_release is None and i.section_id != "go-live"]
    go_live = [i for i in items if i.section_id == "go-live"]
    after = [i for i in items if i.due_after_release is not None]
    return before, go_live, after


def open_release(version: str, title: str, status: str, target: str, released: str | None,
                 tags: list[str], when: datetime) -> None:
    path = write(f"evidence/{version}/release.yml",
                 release_yml(version, title, status, target, released, tags))
    commit(f"Open release {version}", SIGNERS["technical"], when, [path])


def common_evidence(items) -> None:
    ref = "data-protection/data-retention-policies-are-implemented"
    item = items[ref]
    path = write(f"evidence/_common/{ref}/retention-policy.md",
                 markdown(item.title, "document", "all releases", "Daniel Mensah"))
    commit("Add the data retention policy (counts for every release)",
           SIGNERS["legal"], utc("2026-08-20T09:00:00"), [path])


def v1_0_0(items) -> None:
    version = "v1.0.0"
    open_release(version, "Launch", "released", "2026-09-15", "2026-09-15T10:00:00Z", [],
                 utc("2026-09-01T09:00:00"))
    before, go_live, after = split(items.values())
    file_items(before, version, utc("2026-09-10T09:00:00"))
    file_items(go_live, version, utc("2026-09-15T06:00:00"))
    screenshot = write(f"evidence/{version}/deployment/staging-environment-is-tested/"
                       "staging home page.png", png())
    commit("Add staging screenshot", ENGINEERS[1], utc("2026-09-12T16:00:00"), [screenshot])
    for role in SIGNERS:
        sign(version, role, utc("2026-09-15T08:00:00"))
    file_items(after, version, utc("2026-09-16T09:00:00"), step_hours=24, per_commit=5)


def v1_1_0(items) -> None:
    version = "v1.1.0"
    open_release(version, "Payments", "released", "2026-10-20", "2026-10-20T10:00:00Z",
                 ["pci"], utc("2026-10-01T09:00:00"))
    before, go_live, after = split(items.values())
    deferred = "code-review/accessibility-testing-is-completed"
    dropped = "external-services/pusher-is-configured-for-production"
    pci = items["security-compliance/pci-dss-compliance-if-applicable"]
    file_items(before, version, utc("2026-10-15T09:00:00"), skip={deferred, dropped})
    file_items(go_live, version, utc("2026-10-20T06:00:00"))
    pci_path = write(f"evidence/{version}/{pci.ref}/attestation-of-compliance.md",
                     markdown(pci.title, "document", version, "Daniel Mensah"))
    commit("Add PCI DSS attestation of compliance", SIGNERS["legal"],
           utc("2026-10-16T11:00:00"), [pci_path])
    waivers = [
        write(f"evidence/{version}/waivers/accessibility.yml",
              f"kind: waiver\nitems: [{deferred}]\ntype: deferred\n"
              "reason: The external accessibility audit is booked for November; the payment "
              "pages reuse audited components.\napproved_by: priya.raman@example.com\n"
              "expires: 2027-01-31\n"),
        write(f"evidence/{version}/waivers/pusher.yml",
              f"kind: waiver\nitems: [{dropped}]\ntype: not-applicable\n"
              "reason: Realtime updates moved to server-sent events; Pusher is no longer used.\n"
              "approved_by: priya.raman@example.com\n")]
    commit("Waive accessibility audit (deferred) and Pusher (not applicable)",
           SIGNERS["technical"], utc("2026-10-17T10:00:00"), waivers)
    for role in SIGNERS:
        conditions = ("Re-run the accessibility audit before v1.2.0."
                      if role == "product" else "")
        sign(version, role, utc("2026-10-20T08:00:00"),
             "approved-with-conditions" if conditions else "approved", conditions)
    file_items(after, version, utc("2026-10-21T09:00:00"), step_hours=24, per_commit=5)


def v1_2_0(items) -> None:
    version = "v1.2.0"
    open_release(version, "Winter", "in-progress", "2026-12-10", None, [],
                 utc("2026-11-02T08:00:00"))
    before, _, _ = split(items.values())
    present = [i for i in before if i.phase_id in ("pre-deployment", "deployment-steps",
                                                    "documentation", "compliance-and-legal")]
    flaws = {"build-and-test/all-integration-tests-pass": {"failures": 2},
             "security-verification/security-headers-are-present": {"drop": (
                 "content-security-policy",)},
             "security-configuration/security-headers-are-set": {"drop": (
                 "content-security-policy",)},
             "code-review/security-audit-is-performed": {"errors": 1}}
    stale_probe = items["deployment/health-checks-are-passing"]
    file_items(present, version, utc("2026-11-09T09:00:00"), skip={stale_probe.ref}, flaws=flaws)
    old = write(f"evidence/{version}/{stale_probe.ref}/probe.json",
                probe(f"https://staging.{HOST}/healthz", utc("2026-11-02T08:00:00"), {}))
    commit("Add staging health probe", ENGINEERS[2], utc("2026-11-02T08:30:00"), [old])
    sign(version, "product", utc("2026-11-12T10:00:00"))
    unit = items["build-and-test/all-unit-tests-pass"]
    rerun = write(f"evidence/{version}/{unit.ref}/junit.xml",
                  junit_xml(unit.id, 48, utc("2026-11-13T09:00:00")))
    commit("Re-run unit tests after the cache fix", ENGINEERS[3], utc("2026-11-13T09:30:00"),
           [rerun])
    sign(version, "technical", utc("2026-11-13T11:00:00"), author=ENGINEERS[0])


def main() -> int:
    if git("status", "--porcelain", "--", "evidence"):
        print("evidence/ has uncommitted changes; commit or stash them first", file=sys.stderr)
        return 1
    roles, problems = load_roles(ROOT)
    checklists, found = load_checklists(ROOT, roles)
    problems += found
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        return 1
    items = {i.ref: i for c in checklists for i in c.items}
    common_evidence(items)
    v1_0_0(items)
    v1_1_0(items)
    v1_2_0(items)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
