"""A small release in a real git repository, and its ReleaseReport built by hand.

Every status appears once or more, with sign-offs (one verified, one not, one role unsigned),
a waiver, a not-applicable item, and evidence of several kinds (headers, SARIF, JUnit,
Markdown runbook with non-Latin text, screenshot, long log, binary, a common document).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from generator.kinds import Verdict
from generator.model.project import Checklist, Commit, Item, Member, Phase, Role, Section
from generator.model.results import (
    EvidenceResult,
    ReleaseReport,
    SignoffResult,
    WaiverResult,
)
from tests.helpers import reports
from tests.helpers.gitrepo import GitRepo

UTC = timezone.utc
RELEASE = "v1.4.0"
BASE = f"evidence/{RELEASE}"
EVALUATED_AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
MULTILINGUAL = "Русский текст · Ελληνικά γράμματα · العربية نص · 中文测试 日本語"
PEOPLE = {"alice": ("Alice Example", "alice@example.com"),
          "jane": ("Jane Doe", "jane@example.com"),
          "bob": ("Bob Builder", "bob@example.com")}


def png_bytes() -> bytes:
    from PIL import Image, ImageDraw
    image = Image.new("RGB", (240, 120), "#e3f2fd")
    ImageDraw.Draw(image).rectangle((20, 20, 220, 100), fill="#1565c0")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def evidence_files(runbook_extra: str = "") -> dict[str, tuple[bytes, str, tuple[str, ...]]]:
    """path -> (bytes, kind, item refs)."""
    log = "\n".join(f"2026-11-01T09:{n // 60:02d}:{n % 60:02d}Z step {n}: ok" for n in range(300))
    runbook = (f"# Backup runbook\n\nRestore tested on **staging**.\n\n{MULTILINGUAL}\n\n"
               "| step | result |\n|---|---|\n| dump | ok |\n| restore | ok |\n\n"
               "![dashboard](../../application-health/dashboard/dashboard.png)\n\n"
               f"{runbook_extra}\n")
    return {
        f"{BASE}/security-configuration/rate-limiting/api.http": (
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n", "http-headers",
            ("security-configuration/rate-limiting",)),
        f"{BASE}/security-configuration/tls/scan.sarif.json": (
            b'{"version": "2.1.0", "runs": [{"results": []}]}\n', "sarif",
            ("security-configuration/tls",)),
        f"{BASE}/security-configuration/tls/build.log": (log.encode() + b"\n", "any",
                                                          ("security-configuration/tls",)),
        f"{BASE}/database-setup/backups/runbook.md": (runbook.encode(), "runbook",
                                                      ("database-setup/backups",)),
        f"{BASE}/database-setup/migrations/junit.xml": (
            b'<testsuite name="migrations" tests="12" failures="0" errors="0"/>\n', "junit",
            ("database-setup/migrations",)),
        f"{BASE}/database-setup/migrations/schema.bin": (bytes(range(256)) * 4, "any",
                                                         ("database-setup/migrations",)),
        f"{BASE}/database-setup/replication/probe.json": (
            b'{"status": "pass", "observed_at": "2026-11-02T08:00:00Z"}\n', "probe",
            ("database-setup/replication",)),
        f"{BASE}/application-health/dashboard/dashboard.png": (
            png_bytes(), "screenshot", ("application-health/dashboard",)),
        "evidence/_common/policies/retention.md": (
            b"# Data retention policy\n\nLogs are kept 90 days.\n", "document",
            ("database-setup/backups",)),
    }


SIGNOFF_FILES = {
    f"{BASE}/signoffs/security.yml": (
        b"kind: signoff\nrole: security\napprover: jane@example.com\n"
        b"decision: approved-with-conditions\ndate: 2026-11-10\n"
        b"conditions: Rotate the staging keys within 30 days.\n", "jane"),
    f"{BASE}/signoffs/qa.yml": (
        b"kind: signoff\nrole: qa\napprover: bob@example.com\ndecision: approved\n"
        b"date: 2026-11-12\n", "bob"),
    f"{BASE}/waivers/legacy-ciphers.yml": (
        b"kind: waiver\nitems: [security-configuration/legacy-ciphers]\ntype: accepted-risk\n"
        b"reason: Two partner integrations still need TLS 1.1.\napproved_by: jane@example.com\n"
        b"expires: 2027-01-31\n", "jane"),
}


def head_commit(repo: GitRepo) -> Commit:
    fields = repo.git("log", "-1",
                      "--format=%H%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%s")
    sha, an, ae, ad, cn, ce, cd, subject = fields.strip().split("\x00")
    return Commit(sha, an, ae, datetime.fromisoformat(ad), cn, ce, datetime.fromisoformat(cd),
                  subject)


@dataclass(frozen=True)
class Fixture:
    root: Path
    report: ReleaseReport
    files: dict[str, bytes]        # every evidence path -> bytes (signoffs included)


def make_repo(root: Path, runbook_extra: str = "") -> tuple[dict[str, bytes], dict[str, Commit]]:
    repo = GitRepo(root)
    repo.write("mkdocs.yml", b"site_name: Payments Platform\n")
    repo.write(f"{BASE}/release.yml", b"version: v1.4.0\ntitle: Winter release\n")
    files, commits = {}, {}
    for path, (data, _, _) in evidence_files(runbook_extra).items():
        repo.write(path, data)
        files[path] = data
    repo.commit("Evidence for v1.4.0", PEOPLE["alice"], date="2026-11-01T09:00:00Z")
    first = head_commit(repo)
    commits.update(dict.fromkeys(files, first))
    for n, (path, (data, who)) in enumerate(SIGNOFF_FILES.items()):
        repo.write(path, data)
        repo.commit(f"Record {path.rsplit('/', 1)[-1]}", PEOPLE[who],
                    date=f"2026-11-1{n}T12:00:00Z")
        files[path] = data
        commits[path] = head_commit(repo)
    return files, commits


def evidence_result(path: str, data: bytes, kind: str, items: tuple[str, ...],
                    commit: Commit, verdict: str = "pass") -> EvidenceResult:
    reasons = ("header ratelimit-limit is absent",) if verdict == "fail" else ()
    return reports.evidence(path, data, items=items, kind=kind, verdict=Verdict(verdict, reasons),
                            commits=(commit,), collected_at=commit.committed_at)


def build_fixture(root: Path, runbook_extra: str = "") -> Fixture:
    files, commits = make_repo(root, runbook_extra)
    results = {}
    for path, (data, kind, items) in evidence_files(runbook_extra).items():
        verdict = "fail" if kind == "http-headers" else "pass"
        results[path] = evidence_result(path, data, kind, items, commits[path], verdict)
    for path, (data, _) in SIGNOFF_FILES.items():
        kind = "waiver" if "/waivers/" in path else "signoff"
        results[path] = evidence_result(path, data, kind,
                                        ("stakeholder-sign-off/security-approval",), commits[path])
    report = build_report(results, commits, source_commit=GitRepo.open(root).head())
    return Fixture(root, report, files)


def item(section: str, phase: str, item_id: str, title: str, **extra) -> Item:
    return reports.item(f"{section}/{item_id}", title, phase=phase, **extra)


ITEMS = {  # ref -> (title, status, reasons, extra Item fields)
    "security-configuration/rate-limiting": ("API rate limiting is enabled", "failed",
                                             ["api.http: header ratelimit-limit is absent"], {}),
    "security-configuration/tls": ("TLS 1.2+ only, scan is clean", "complete", [], {}),
    "security-configuration/legacy-ciphers": ("Legacy ciphers are disabled", "waived",
                                              ["accepted-risk waiver until 2027-01-31"], {}),
    "database-setup/backups": ("Backups are restorable", "complete", [], {}),
    "database-setup/migrations": ("Migrations tested against a production copy", "stale",
                                  ["junit.xml is older than max_age 7d at 2026-11-20"],
                                  {"max_age": timedelta(days=7)}),
    "database-setup/pci-audit": ("PCI audit trail enabled", "not-applicable",
                                 ["release has no tag pci"], {"applies_if": "pci"}),
    "database-setup/replication": ("Replication lag under 1 s", "unverified",
                                   ["probe.json: the commit author is not a member of dba"], {}),
    "database-setup/encryption": ("Encryption at rest enabled", "missing",
                                  ["no evidence of kind any"], {}),
    "application-health/dashboard": ("Health dashboard is green", "complete", [], {}),
    "application-health/error-rates": ("Error rates below baseline for 24 h", "not-due",
                                       ["due 24h after release"], {}),
    "stakeholder-sign-off/security-approval": ("Security sign-off", "complete", [],
                                               {"signoff_role": "security"}),
    "stakeholder-sign-off/product-approval": ("Product sign-off", "missing",
                                              ["no sign-off recorded for role product"],
                                              {"signoff_role": "product"}),
}
LAYOUT = (  # phase id, title, due after release, ((section id, title, owner), ...)
    ("pre-deployment", "Pre-Deployment Checklist", None,
     (("security-configuration", "Security Configuration", "security"),
      ("database-setup", "Database Setup", "dba"))),
    ("post-deployment", "Post-Deployment Verification", timedelta(hours=24),
     (("application-health", "Application Health", None),
      ("stakeholder-sign-off", "Stakeholder Sign-off", None))),
)


def checklist() -> Checklist:
    phases = []
    for phase_id, phase_title, due, sections in LAYOUT:
        section_models = []
        for section_id, section_title, owner in sections:
            refs = [r for r in ITEMS if r.startswith(section_id + "/")]
            items = tuple(item(section_id, phase_id, r.split("/")[1], ITEMS[r][0], **ITEMS[r][3])
                          for r in refs)
            section_models.append(Section(section_id, section_title, phase_id, items, owner))
        phases.append(Phase(phase_id, phase_title, tuple(section_models), due))
    return Checklist("production-deployment", "Production Deployment Checklist", 3,
                     tuple(phases), "content/checklists/production-deployment.yml")


def build_report(results: dict[str, EvidenceResult], commits: dict[str, Commit],
                 source_commit: str) -> ReleaseReport:
    # The pack shows waivers and sign-offs from the report's own lists: its items carry none.
    return reports.report(
        RELEASE, {ref: status for ref, (_, status, _, _) in ITEMS.items()},
        checklist=checklist(), reasons={ref: reasons for ref, (_, _, reasons, _) in ITEMS.items()},
        evidence=results.values(), signoffs=signoffs(commits), waivers=waivers(commits),
        link_approvals=False, title="Winter release", target_date=date(2026, 12, 1),
        evaluated_at=EVALUATED_AT, source_commit=source_commit, ready=False,
        blockers=("security-configuration/rate-limiting is failed",
                  "database-setup/encryption is missing"),
        product_name="Payments Platform", roles=ROLES)


ROLES = (Role("security", "Security team", (Member("Jane Doe", "jane@example.com"),)),
         Role("qa", "Quality assurance", ()), Role("product", "Product team", ()))


def signoffs(commits: dict[str, Commit]) -> tuple[SignoffResult, ...]:
    security = f"{BASE}/signoffs/security.yml"
    qa = f"{BASE}/signoffs/qa.yml"
    return (reports.signoff(security, "security", "jane@example.com",
                            decision="approved-with-conditions", date=date(2026, 11, 10),
                            conditions="Rotate the staging keys within 30 days.",
                            evidence_digest="sha256:" + "ab" * 32, commits=(commits[security],),
                            digest="sha256:" + "ab" * 32),
            reports.signoff(qa, "qa", "bob@example.com", date=date(2026, 11, 12), verified=False,
                            reasons=("bob@example.com is not a member of role qa",),
                            commits=(commits[qa],), digest="sha256:" + "cd" * 32))


def waivers(commits: dict[str, Commit]) -> tuple[WaiverResult, ...]:
    path = f"{BASE}/waivers/legacy-ciphers.yml"
    return (reports.waiver(path, ("security-configuration/legacy-ciphers",),
                           expires=date(2027, 1, 31),
                           reason="Two partner integrations still need TLS 1.1.",
                           commits=(commits[path],)),)
