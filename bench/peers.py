"""The peers the benchmark compares the generator with: Doorstop and StrictDoc.

Both get the same requirements: one per release x checklist item, its status and evidence in
the text. They are installed into the benchmark's own virtual environment, never the project's.
"""
from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PEER_PACKAGES = ("doorstop", "strictdoc")


@dataclass(frozen=True)
class Row:
    release: str
    ref: str
    title: str
    status: str
    evidence: tuple[str, ...]


def ensure_venv(venv: Path) -> tuple[Path | None, str]:
    """The peers' bin folder, creating the venv on first use; (None, why) when that fails."""
    bin_dir = venv / "bin"
    if all((bin_dir / tool).exists() for tool in PEER_PACKAGES):
        return bin_dir, ""
    steps = ([sys.executable, "-m", "venv", "--clear", str(venv)],
             [str(bin_dir / "pip"), "install", "--quiet", *PEER_PACKAGES])
    for step in steps:
        result = subprocess.run(step, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            tail = (result.stderr.strip().splitlines() or ["no output"])[-1]
            return None, f"peers not installed ({' '.join(step[:3])}…: {tail})"
    return bin_dir, ""


def _item_text(row: Row) -> str:
    lines = [f"Status: {row.status}", ""] + [f"- evidence: {path}" for path in row.evidence]
    return "\n".join(lines)


def _block(text: str, indent: str = "  ") -> str:
    return "\n".join(indent + line if line else "" for line in text.splitlines()) + "\n"


def write_doorstop_tree(rows: list[Row], dest: Path) -> None:
    """A root document CHK (the checklist) and one child document per release linking to it."""
    subprocess.run(["git", "init", "--quiet", str(dest)], check=True)   # Doorstop wants a VCS root
    refs = list(dict.fromkeys(row.ref for row in rows))
    titles = {row.ref: row.title for row in rows}
    uid = {ref: f"CHK-{n:04d}" for n, ref in enumerate(refs, 1)}
    _doorstop_document(dest / "checklist", "CHK", None, [
        (uid[ref], f"1.{n}", titles[ref], ref, []) for n, ref in enumerate(refs, 1)])
    releases = list(dict.fromkeys(row.release for row in rows))
    for r, release in enumerate(releases, 1):
        prefix = "R" + re.sub(r"[^A-Za-z0-9]", "", release).upper()
        mine = [row for row in rows if row.release == release]
        _doorstop_document(dest / "releases" / release, prefix, "CHK", [
            (f"{prefix}-{n:04d}", f"1.{n}", row.title, _item_text(row), [uid[row.ref]])
            for n, row in enumerate(mine, 1)])


def _doorstop_document(folder: Path, prefix: str, parent: str | None, items: list) -> None:
    folder.mkdir(parents=True)
    settings = f"settings:\n  digits: 4\n  prefix: {prefix}\n  sep: '-'\n"
    if parent:
        settings += f"  parent: {parent}\n"
    (folder / ".doorstop.yml").write_text(settings)
    for uid, level, title, text, links in items:
        link_lines = "".join(f"- {link}: null\n" for link in links)
        body = (f"active: true\nderived: false\nheader: |\n{_block(title)}level: {level}\n"
                + (f"links:\n{link_lines}" if links else "links: []\n")
                + f"normative: true\nref: ''\nreviewed: null\ntext: |\n{_block(text)}")
        (folder / f"{uid}.yml").write_text(body)


def write_sdoc(rows: list[Row], dest: Path) -> Path:
    """One .sdoc file: a section per release, a requirement per item."""
    dest.mkdir(parents=True)
    parts = ["[DOCUMENT]\nTITLE: Release evidence\n\n"]
    releases = list(dict.fromkeys(row.release for row in rows))
    for release in releases:
        parts.append(f"[[SECTION]]\nTITLE: {release}\n\n")
        for n, row in enumerate((r for r in rows if r.release == release), 1):
            uid = f"{re.sub(r'[^A-Za-z0-9]', '', release).upper()}-{n:04d}"
            parts.append(f"[REQUIREMENT]\nUID: {uid}\nTITLE: {row.title}\n"
                         f"STATEMENT: >>>\n{_item_text(row)}\n<<<\n\n")
        parts.append("[[/SECTION]]\n\n")
    path = dest / "evidence.sdoc"
    path.write_text("".join(parts))
    return path


def doorstop_command(bin_dir: Path, tree: Path, out: Path) -> dict:
    return {"argv": [str(bin_dir / "doorstop"), "--project", str(tree), "publish", "all",
                     str(out), "--html"], "cwd": str(tree)}


def strictdoc_command(bin_dir: Path, sdoc_dir: Path, out: Path) -> dict:
    return {"argv": [str(bin_dir / "strictdoc"), "export", "--formats", "html",
                     "--output-dir", str(out), str(sdoc_dir)], "cwd": str(sdoc_dir)}
