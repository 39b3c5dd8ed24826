"""What the print template shows, computed from a ReleaseReport. No I/O here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from markupsafe import Markup, escape

from ...model.results import EvidenceResult, ReleaseReport
from ...model.status import STATUSES
from ..blockers import blocker_groups, verdict_sentence
from ..charts import arrival_timeline, figure_html, section_bars
from .evidence_html import Shown


def breakable_email(address: str | None) -> Markup:
    """An address that wraps after its `@` in a narrow column (jane@ / example.com), not in
    the middle of the domain. <wbr> adds no character to the PDF's text."""
    local, at, domain = (address or "").rpartition("@")
    if not at:
        return escape(address or "")
    return escape(local) + Markup("@<wbr>") + escape(domain)


def human_size(size: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if size < 1024 or unit == "MiB":
            return f"{size} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


def evidence_label(path: str, ref: str) -> str:
    """A file's path as listed under its item: the part after `<section>/<item>/` when the
    path is bound by folder (the full path is in the index), else the whole path."""
    marker = f"/{ref}/"
    return path.split(marker, 1)[1] if marker in path else path


@dataclass(frozen=True)
class EvidenceRow:
    anchor: str
    attachment: str
    result: EvidenceResult
    shown: Shown | None = None

    @property
    def file(self):
        return self.result.file

    @property
    def commit(self):
        return self.result.commit


@dataclass(frozen=True)
class RoleSignoff:
    role: str
    result: object | None       # SignoffResult, or None when the role has not signed
    title: str = ""             # the role's title in approvers.yml
    approver: str = ""          # the approver's name, else their address

    @property
    def verification(self) -> str:
        """The sheet's one line on trust; the reasons in full come in the details."""
        result = self.result
        if result is None:
            return ""
        if not result.verified:
            return "no: git does not show that the approver wrote it"
        if result.stale:
            return "no: evidence changed after signing"
        return "yes"


def evidence_rows(report: ReleaseReport, shown: Mapping[str, Shown]) -> list[EvidenceRow]:
    files = sorted(report.evidence, key=lambda e: e.file.path)
    return [EvidenceRow(f"ev-{n}", e.file.path, e, shown.get(e.file.path))
            for n, e in enumerate(files, start=1)]


def roles_to_sign(report: ReleaseReport) -> list[RoleSignoff]:
    """Every recorded sign-off, then each role that items ask for and nobody has signed."""
    rows = [RoleSignoff(s.signoff.role, s, report.role_title(s.signoff.role),
                        report.person(s.signoff.approver)) for s in report.signoffs]
    signed = {s.signoff.role for s in report.signoffs}
    wanted = sorted({i.item.signoff_role for i in report.items if i.item.signoff_role} - signed)
    return rows + [RoleSignoff(role, None, report.role_title(role)) for role in wanted]


def pack_charts(report: ReleaseReport) -> dict[str, Markup]:
    """This release's own figures (never one across releases: a pack shows its release alone)."""
    return {"sections": Markup(figure_html(section_bars(report), data="table")),
            "timeline": Markup(figure_html(arrival_timeline(report), data="table"))}


def pack_context(report: ReleaseReport, shown: Mapping[str, Shown], *,
                 page_size: str,
                 attachment_names: Mapping[str, str]) -> dict:
    rows = evidence_rows(report, shown)
    return {
        "report": report,
        "release": report.release,
        "product": report.product_name or "Release",
        "statuses": STATUSES,
        "counts": report.counts,
        "evidence": rows,
        "anchors": {r.file.path: r.anchor for r in rows},
        "attachment_names": attachment_names,
        "roles": roles_to_sign(report),
        "blocker_groups": blocker_groups(report),
        "verdict_sentence": verdict_sentence(report),
        "not_applicable": [i for i in report.items if i.status == "not-applicable"],
        "page_size": page_size,
        "charts": pack_charts(report),
        "created": report.evaluated_at,
    }
