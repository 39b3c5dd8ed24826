"""Small builders of the project model (roles, items, evidence files, a Project) for tests."""
from __future__ import annotations

import hashlib
from pathlib import Path

from generator.model.project import (
    Checklist,
    EvidenceFile,
    Item,
    Member,
    Phase,
    Project,
    Release,
    Role,
    Section,
)


def role(role_id: str, *people: tuple[str, str], also: dict[str, tuple[str, ...]] | None = None
         ) -> Role:
    also = also or {}
    return Role(role_id, role_id.title(),
                tuple(Member(name, email, also.get(email, ())) for name, email in people))


def evidence_file(root: Path, path: str, items: tuple[str, ...], kind: str = "any",
                  release: str = "v1.0.0") -> EvidenceFile:
    absolute = root / path
    return EvidenceFile(path=path, release=release, items=items, kind=kind,
                        sha256=hashlib.sha256(absolute.read_bytes()).hexdigest(), size=absolute.stat().st_size)


def item(ref: str) -> Item:
    section, _, item_id = ref.partition("/")
    return Item(ref=ref, id=item_id, title=item_id, section_id=section, phase_id="pre",
                checklist_id="deploy")


def project(root: Path, items: list[str], roles: dict[str, Role],
            evidence: list[EvidenceFile], releases=("v1.0.0",)) -> Project:
    built = [item(r) for r in items]
    sections = []
    for section_id in dict.fromkeys(i.section_id for i in built):
        owned = tuple(i for i in built if i.section_id == section_id)
        sections.append(Section(section_id, section_id, "pre", owned))
    checklist = Checklist("deploy", "Deploy", 1, (Phase("pre", "Pre", tuple(sections)),),
                          "content/checklists/deploy.yml")
    return Project(root=str(root), checklists=(checklist,), roles=roles,
                   releases=tuple(Release(v, f"evidence/{v}/release.yml") for v in releases),
                   evidence=tuple(evidence), signoffs=(), waivers=())
