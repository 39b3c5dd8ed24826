"""A small but complete evidence repository used by the core tests."""
from __future__ import annotations

from tests.helpers.gitrepo import ADA, GitRepo

CHECKLIST = """\
id: mini
title: Mini Checklist
version: 2
phases:
  - id: pre
    title: Before release
    sections:
      - id: security
        title: Security
        owner: security
        items:
          - id: headers
            title: Security headers are set
            requires:
              - kind: http-headers
                check: {require: [x-frame-options]}
          - id: pci
            title: PCI DSS compliance (if applicable)
            applies_if: pci
          - id: scan
            title: Vulnerability scan
            max_age: 7d
          - id: review
            title: Code review is completed
      - id: approvals
        title: Sign-off
        items:
          - id: security-approval
            title: Security team approval
            signoff: {role: security}
  - id: post
    title: After release
    due: "after-release: 24h"
    sections:
      - id: first-day
        title: First 24 hours
        items:
          - id: error-rates
            title: Monitor error rates
"""

APPROVERS = """\
roles:
  security:
    title: Security team
    members:
      - {name: Sam Shield, email: sam@example.com, also: [sam@users.noreply.example.com]}
  product:
    title: Product
    members:
      - {name: Pat Product, email: pat@example.com}
"""

SAM = ("Sam Shield", "sam@example.com")


def release_yml(version: str, **fields) -> str:
    lines = [f"version: {version}", f"title: Release {version}", "checklists: [mini]"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def mini_repo(path) -> GitRepo:
    repo = GitRepo(path, author=ADA, user=ADA)
    repo.write("mkdocs.yml", "site_name: Mini Product\n")
    repo.write("content/checklists/mini.yml", CHECKLIST)
    repo.write("content/approvers.yml", APPROVERS)
    repo.commit("Add checklist and approvers", date="2026-10-01T09:00:00+00:00")
    return repo


def written_tree(tmp_path, files: dict[str, str], monkeypatch):
    """`files` written under tmp_path/r (the returned root), with a cache folder of its own."""
    monkeypatch.setenv("EVIDENCE_CACHE_DIR", str(tmp_path / "cache"))
    for path, text in files.items():
        (tmp_path / "r" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "r" / path).write_text(text)
    return tmp_path / "r"


# a repository without git: definitions, one release, a curl dump and a Markdown note
MINI_TREE = {
    "mkdocs.yml": "site_name: Mini\n",
    "content/checklists/mini.yml": CHECKLIST,
    "content/approvers.yml": APPROVERS,
    "evidence/v1.0.0/release.yml": release_yml("v1.0.0"),
    "evidence/v1.0.0/security/headers/curl.txt": "HTTP/1.1 200 OK\r\nX-Frame-Options: DENY\r\n\r\n",
    "evidence/v1.0.0/notes/review.md": "---\nitems: [security/review]\n---\n# Done\n",
}
