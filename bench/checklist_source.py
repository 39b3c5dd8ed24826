"""The checklist a synthetic repository is built around.

The benchmark copies the project's own checklist definition, so the generator is measured on
the real item set. `load_checklist` returns the file's text (written verbatim into the
synthetic repository) and a flat list of `ItemSpec` that the generator of evidence reads.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import yaml

CHECKLIST_ID = "production-deployment"
CHECKLIST_PATH = f"content/checklists/{CHECKLIST_ID}.yml"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
ROLES = ("technical", "product", "security", "legal", "executive")


@dataclass(frozen=True)
class ItemSpec:
    ref: str                 # "<section-id>/<item-id>"
    title: str
    kinds: tuple[str, ...]   # one evidence kind per requirement ("any" replaced by a realistic kind)
    checks: tuple[dict, ...]  # each requirement's `check`, so samples can be made to pass it
    signoff_role: str | None
    after_release: bool      # the item's phase is due after the release
    applies_if: str | None
    max_age: timedelta | None = None
    owner: str | None = None  # the section's owning role, who approves waivers


@dataclass(frozen=True)
class ChecklistSource:
    text: str                # the YAML definition, copied verbatim
    origin: str              # where it came from, for the report
    items: tuple[ItemSpec, ...]


def load_checklist() -> ChecklistSource:
    """The project's checklist: its working-tree file, else the one on branch `main`."""
    own = PROJECT_ROOT / CHECKLIST_PATH
    if own.is_file():
        return _from_yaml(own.read_text(encoding="utf-8"), str(own))
    from_main = _git_show_main(CHECKLIST_PATH)
    if from_main is not None:
        return _from_yaml(from_main, f"main:{CHECKLIST_PATH}")
    return _temporary_stand_in()


def _git_show_main(path: str) -> str | None:
    result = subprocess.run(
        ["git", "-C", str(PROJECT_ROOT), "show", f"main:{path}"],
        capture_output=True, text=True, check=False,
    )
    return result.stdout if result.returncode == 0 else None


def _from_yaml(text: str, origin: str) -> ChecklistSource:
    data = yaml.safe_load(text)
    items: list[ItemSpec] = []
    for phase in data.get("phases", []):
        for section in phase.get("sections", []):
            due = str(section.get("due", phase.get("due", "before-release")))
            after = due.startswith("after-release")
            for item in section.get("items", []):
                items.append(_item_spec(section["id"], item, after, section.get("owner")))
    return ChecklistSource(text=text, origin=origin, items=tuple(items))


def _item_spec(section_id: str, item: dict, after_release: bool, owner: str | None) -> ItemSpec:
    title = str(item.get("title", item["id"]))
    requires = item.get("requires") or [{"kind": "any"}]
    kinds = tuple(
        realistic_kind(title) if r.get("kind", "any") == "any" else r["kind"] for r in requires
    )
    signoff = item.get("signoff") or {}
    return ItemSpec(
        ref=f"{section_id}/{item['id']}", title=title, kinds=kinds,
        checks=tuple(dict(r.get("check") or {}) for r in requires),
        signoff_role=signoff.get("role"), after_release=after_release,
        applies_if=item.get("applies_if"), owner=owner, max_age=_duration(item.get("max_age")),
    )


def _duration(text: str | None) -> timedelta | None:
    """"30d", "24h" or "2w" as a timedelta; None when absent."""
    if not text:
        return None
    number, unit = int(str(text)[:-1]), str(text)[-1]
    return {"h": timedelta(hours=number), "d": timedelta(days=number), "w": timedelta(weeks=number)}[unit]


# Title words -> the kind of evidence a team would commit for such an item.
_KIND_RULES = (
    ("sarif", r"security audit|vulnerabilit|penetration|sql injection|xss|security assessment"),
    ("junit", r"\btests?\b.*\bpass|\btesting\b|tests are|unit tests|benchmarks"),
    ("http-headers", r"headers|rate limit|cors|ssl|tls|csrf"),
    ("release-notes", r"release notes|announcement"),
    ("screenshot", r"^monitor |dashboard|metrics are being tracked"),
    ("runbook", r"document|guide|runbook|procedure|plan\b|faq|materials|script"),
    ("probe", r"working|responding|active|operational|configured|enabled|accessible|passing"),
)


def realistic_kind(title: str) -> str:
    lowered = title.lower()
    for kind, pattern in _KIND_RULES:
        if re.search(pattern, lowered):
            return kind
    return "document"


# --- TEMPORARY -------------------------------------------------------------------------------
# Until the converted checklist lands at content/checklists/production-deployment.yml, a stand-in
# is made from the seed Markdown with a simple slug rule. Delete this part once the file exists.
_SEED_NAME = "shared/seed/production-deployment-checklist.md"
SEED_CANDIDATES = (PROJECT_ROOT.parent / _SEED_NAME, Path("/work") / _SEED_NAME)
_AFTER_RELEASE_PHASES = {"post-launch-monitoring": "after-release: 30d"}
_SECTION_OWNERS = {"security-configuration": "security", "security-verification": "security",
                   "security-compliance": "security", "data-protection": "legal"}


def _slug(text: str) -> str:
    text = re.sub(r"^\s*\d+[.)]\s*", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _temporary_stand_in() -> ChecklistSource:
    seed = next((p for p in SEED_CANDIDATES if p.is_file()), None)
    if seed is None:
        raise SystemExit(
            f"error: no checklist: {CHECKLIST_PATH} is not in this repository nor on branch main, "
            f"and no seed Markdown at {SEED_CANDIDATES[0]} (hint: add the checklist definition)")
    definition = _markdown_to_definition(seed.read_text(encoding="utf-8"))
    text = "# TEMPORARY stand-in made by bench/checklist_source.py from the seed Markdown\n"
    text += yaml.safe_dump(definition, sort_keys=False, allow_unicode=True)
    return _from_yaml(text, f"TEMPORARY stand-in from {seed}")


def _markdown_to_definition(markdown: str) -> dict:
    definition: dict = {"id": CHECKLIST_ID, "title": "", "version": 1, "phases": []}
    phase = section = None
    for line in markdown.splitlines():
        if line.startswith("# "):
            definition["title"] = line[2:].strip()
        elif line.startswith("## "):
            phase = {"id": _slug(line[3:]), "title": line[3:].strip(), "sections": []}
            if phase["id"] in _AFTER_RELEASE_PHASES:
                phase["due"] = _AFTER_RELEASE_PHASES[phase["id"]]
            definition["phases"].append(phase)
        elif line.startswith("### ") and phase is not None:
            section = {"id": _slug(line[4:]), "title": line[4:].strip(), "items": []}
            if section["id"] in _SECTION_OWNERS:
                section["owner"] = _SECTION_OWNERS[section["id"]]
            phase["sections"].append(section)
        elif line.startswith("- [ ]") and section is not None:
            section["items"].append(_stand_in_item(line[5:].strip(), section["items"]))
    return definition


def _stand_in_item(title: str, siblings: list[dict]) -> dict:
    base = _slug(title)
    taken = {s["id"] for s in siblings}
    item_id, n = base, 2
    while item_id in taken:
        item_id, n = f"{base}-{n}", n + 1
    item: dict = {"id": item_id, "title": title}
    role = next((r for r in ROLES if re.match(rf"{r}\b.*approval", title.lower())), None)
    if role:
        item["signoff"] = {"role": role}
        return item
    kind = realistic_kind(title)
    item["requires"] = [{"kind": kind}]
    if kind == "http-headers":
        item["requires"][0]["check"] = {"require": ["strict-transport-security"]}
    if "(if applicable)" in title:
        item["applies_if"] = title.split()[0].lower()
    return item
# --- end TEMPORARY ---------------------------------------------------------------------------
