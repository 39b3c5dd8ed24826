"""`evidence init`: everything a new repository needs to start, and `evidence release new`.

init writes mkdocs.yml, content/approvers.yml (the person at the keyboard as the release
owner), a checklist definition (the bundled Production Deployment Checklist, or a Markdown
checklist of your own through import), content/docs/index.md, the pull-request check and
publish workflows, and .pre-commit-config.yaml. It never overwrites a file.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from ..errors import UsageError
from ..files import write_all_atomically
from ..history import git_identity
from ..load.schema import modeline
from ..model.versions import release_name_problem
from .importer.convert import import_file
from .importer.yaml_writer import dump_definition

STARTER = Path(__file__).resolve().parent / "starter"
SEED = STARTER / "production-deployment-checklist.md"
OWNER_ROLE = "release-owner"


def starter_files(root: Path, product: str, checklist: Path | None = None) -> dict[Path, str]:
    """Every file init writes, path -> text."""
    definition = import_file(checklist or SEED)
    name, email = git_identity(root)
    return {
        root / "mkdocs.yml": _mkdocs(product),
        root / "content" / "approvers.yml": _approvers(name, email),
        root / "content" / "checklists" / f"{definition['id']}.yml":
            dump_definition(definition),
        root / "content" / "docs" / "index.md": (STARTER / "index.md").read_text("utf-8"),
        root / ".github" / "workflows" / "evidence-check.yml":
            (STARTER / "workflows" / "evidence-check.yml").read_text("utf-8"),
        root / ".github" / "workflows" / "publish-site.yml":
            (STARTER / "workflows" / "publish-site.yml").read_text("utf-8"),
        root / ".pre-commit-config.yaml": (STARTER / "pre-commit-config.yaml").read_text("utf-8"),
        root / ".gitignore": "site/\n",
    }


def init(root: Path, product: str, checklist: Path | None = None) -> list[Path]:
    """Write the starter files into `root`; refuses when any of them exists."""
    files = starter_files(Path(root), product, checklist)
    existing = sorted(p.relative_to(root).as_posix() for p in files if p.exists())
    if existing:
        raise UsageError(f"{', '.join(existing)} already exist(s); init writes into a new "
                         "repository only (move them aside, or start in an empty folder)")
    write_all_atomically(files)
    return sorted(files)


def _mkdocs(product: str) -> str:
    config = {"site_name": product, "site_url": "https://example.org/evidence/",
              "theme": {"name": "material"}, "extra": {"evidence": {"page_size": "A4"}}}
    return ("# The site's settings (MkDocs), and the generator's under extra.evidence.\n"
            "# Set site_url to where the site is published.\n"
            + yaml.safe_dump(config, sort_keys=False, allow_unicode=True))


def _approvers(name: str | None, email: str | None) -> str:
    member = {"name": name or "Your Name", "email": email or "you@example.com"}
    roles = {"roles": {OWNER_ROLE: {"title": "Release owner", "members": [member]}}}
    return (modeline("approvers") + "# Who may sign off and approve waivers, per role. Add your "
            "team's roles (security, product, legal...) and\n# name them in the checklist's "
            "`owner:` and `signoff: {role: ...}`.\n"
            + yaml.safe_dump(roles, sort_keys=False, allow_unicode=True))


def new_release(root: Path, version: str, checklists: list[str], title: str = "",
                target: date | None = None) -> Path:
    """evidence/<version>/release.yml, planned, for the given checklists."""
    why = release_name_problem(version)
    if why:
        raise UsageError(why)
    path = Path(root) / "evidence" / version / "release.yml"
    if path.exists():
        raise UsageError(f"evidence/{version}/release.yml already exists")
    if not checklists:
        raise UsageError("no checklist definition under content/checklists/ yet: run "
                         "`evidence init`, or `evidence import FILE.md -o content/checklists/X.yml`")
    fields = {"version": version, "title": title or f"Release {version}",
              "status": "planned", "checklists": checklists}
    if target:
        fields["target_date"] = target
    write_all_atomically({path: modeline("release")
                          + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True)})
    return path
