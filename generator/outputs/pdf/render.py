"""The PDF audit pack: one Jinja render of the print template, then one WeasyPrint layout.

Byte-reproducible: every date written into the PDF comes from the report (the evaluation
time) or from git (each evidence file's commits); the file identifier is derived from the
release and its source commit; nothing written into the PDF comes from the clock or from file
modification times (the clock only times the stages for `PackResult.timings`).
"""
from __future__ import annotations

import hashlib
import io
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Mapping

import jinja2
from weasyprint import CSS, HTML, Attachment

from ... import __version__
from ...errors import PackError
from ...files import write_atomically
from ...history import History
from ...history.record import history_json, known_by_sha
from ...load.config import read_config
from ...load.content import read_evidence_bytes, read_evidence_text
from ...load.inputs import release_inputs
from ...load.secrets import allowed_secrets
from ...model.results import EvidenceResult, ReleaseReport
from ...model.times import readable, utc
from ..json import canonical_json, manifest_json, status_json
from ..names import HISTORY, MANIFEST, STATUS
from .cache import PackCache, cache_key
from .config import PAGE_SIZES
from .evidence_html import EvidenceRenderer, Shown
from .fetcher import RestrictedFetcher
from .view import breakable_email, evidence_label, human_size, pack_context

PDF_VARIANT = "pdf/a-3b"
TEMPLATES = Path(__file__).resolve().parent / "templates"
STYLESHEET = Path(__file__).resolve().parent / "pack.css"


@dataclass(frozen=True)
class PackResult:
    path: Path
    pages: int
    attachments: tuple[str, ...]
    warnings: tuple[str, ...]
    sha256: str
    size: int
    timings: Mapping[str, float] = field(default_factory=dict)   # seconds per stage, for measuring
    cached: bool = False              # True when the bytes came from the pack cache


def manifest_bytes(report: ReleaseReport) -> bytes:
    return canonical_json(manifest_json(report))


def pdf_identifier(report: ReleaseReport) -> bytes:
    seed = f"{report.version}\0{report.source_commit}\0{report.evaluated_at.isoformat()}"
    return hashlib.md5(seed.encode(), usedforsecurity=False).hexdigest().encode()


def _commit_times(result: EvidenceResult, fallback: datetime) -> tuple[datetime, datetime]:
    added, changed = result.history.added, result.history.changed
    created = added.committed_at if added else fallback
    modified = changed.committed_at if changed else fallback
    # WeasyPrint writes these with strftime and a literal "Z": give it naive UTC.
    return utc(created).replace(tzinfo=None), utc(modified).replace(tzinfo=None)


def pack_records(report: ReleaseReport, history: Mapping | None = None
                 ) -> dict[str, tuple[bytes, str]]:
    """The pack's own JSON attachments: name -> (bytes, description). `history`: the git
    facts the evaluation used (Evaluation.history_record); without it, those the report holds
    (each file's commits; no graph or rosters)."""
    if history is None:
        head = known_by_sha(report.source_commit) if report.source_commit else None
        files = {e.file.path: e.history for e in report.evidence}
        history = history_json(History(files=files, head=head), files, (),
                               f"evidence-site {__version__}")
    return {
        MANIFEST: (manifest_bytes(report), f"Evidence manifest of {report.version}"),
        STATUS: (canonical_json(status_json(report)), f"Statuses of {report.version} as "
                 "evaluated for this pack"),
        HISTORY: (canonical_json(history), "Git facts the evaluation used: each evidence "
                                           "file's commits, the commit graph, the rosters"),
    }


def _attachments(report: ReleaseReport, records: Mapping[str, tuple[bytes, str]],
                 contents: Mapping[str, bytes], inputs: Mapping[str, bytes]) -> list[Attachment]:
    evaluated = utc(report.evaluated_at).replace(tzinfo=None)
    found = [Attachment(file_obj=io.BytesIO(data), name=name, description=description,
                        created=evaluated, modified=evaluated, relationship="Supplement")
             for name, (data, description) in records.items()]
    found += [Attachment(file_obj=io.BytesIO(data), name=path, created=evaluated,
                         description="Input of the evaluation (definitions, release, roles, "
                                     "settings, sidecars)", modified=evaluated,
                         relationship="Source")
              for path, data in sorted(inputs.items())]
    for result in sorted(report.evidence, key=lambda e: e.file.path):
        path = result.file.path
        if path not in contents:
            continue
        created, modified = _commit_times(result, report.evaluated_at)
        description = f"{result.file.kind} evidence, sha256 {result.file.sha256}"
        found.append(Attachment(file_obj=io.BytesIO(contents[path]), name=path,
                                description=description,
                                created=created, modified=modified, relationship="Data"))
    return found


def _read_inputs(report: ReleaseReport, root: Path, warnings: list[str]) -> dict[str, bytes]:
    """The files besides the evidence that decide the statuses, for `evidence verify`."""
    inputs = {}
    for path in release_inputs(root, report.version, (e.file for e in report.evidence)):
        try:
            inputs[path] = read_evidence_bytes(root, path)
        except (OSError, ValueError) as error:
            warnings.append(f"{path}: not embedded ({error}); `evidence verify` cannot "
                            "re-evaluate the pack without it")
    return inputs


def _read_contents(report: ReleaseReport, root: Path, warnings: list[str]) -> dict[str, bytes]:
    contents = {}
    for result in report.evidence:
        path = result.file.path
        if result.file.has_secret:
            warnings.append(f"{path}: not embedded, it contains a detected secret")
            continue
        try:
            contents[path] = read_evidence_bytes(root, path)
        except (OSError, ValueError) as error:
            warnings.append(f"{path}: not embedded ({error})")
            continue
        if hashlib.sha256(contents[path]).hexdigest() != result.file.sha256:
            warnings.append(f"{path}: changed since the release was evaluated; the pack embeds "
                            "the file as it is now and `evidence verify` will report it")
    return contents


def _show_all(report: ReleaseReport, root: Path, contents: Mapping[str, bytes],
              warnings: list[str], max_lines: int, allowed: frozenset[str]) -> dict[str, Shown]:
    """Appendix views: embedded files as they are; files withheld for a detected secret as
    their redacted text (their bytes are never embedded)."""
    renderer = EvidenceRenderer(contents, warnings.append, max_lines=max_lines)
    kinds = {e.file.path: e.file.kind for e in report.evidence}
    shown = {path: renderer.show(path, data, lambda p=path: read_evidence_text(root, p),
                                 kinds.get(path, "any"))
             for path, data in sorted(contents.items())}
    for result in report.evidence:
        if result.file.has_secret:
            path = result.file.path
            text = read_evidence_text(root, path, allowed)
            shown[path] = renderer.show(path, text.encode(), lambda t=text: t, result.file.kind)
    return dict(sorted(shown.items()))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters.update(when=readable, size=human_size, pct=lambda v: f"{v:.0%}", label=evidence_label,
                       short=lambda sha: (sha or "—")[:12], email=breakable_email)
    return env


def render_html(report: ReleaseReport, shown: Mapping[str, Shown], *, page_size: str) -> str:
    names = {e.file.path: e.file.path for e in report.evidence}
    context = pack_context(report, shown, page_size=page_size, attachment_names=names)
    context["manifest_name"] = MANIFEST
    context["created_iso"] = utc(report.evaluated_at).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _environment().get_template("pack.html.j2").render(context)


def stylesheets(page_size: str, fetcher: RestrictedFetcher) -> list[CSS]:
    return [CSS(string=_stylesheet_text(page_size), url_fetcher=fetcher)]


def render_pack(report: ReleaseReport, root: Path, out: Path, *, page_size: str = "A4",
                max_lines: int = 200,
                cache_dir: Path | None = None, keep_html: Path | None = None,
                history: Mapping | None = None) -> PackResult:
    """Write the release's audit pack to `out` (PDF/A-3b, evidence and manifest embedded;
    `history`: history.json, see pack_records). The pack shows this release alone: what it
    holds changes only when the release's own inputs do (cross-release views are the site's
    root pages).

    With `cache_dir`, a pack whose inputs (HTML, stylesheets, attachments and their dates,
    WeasyPrint version) were rendered before is copied from there instead of laid out again.
    With `keep_html`, the HTML handed to WeasyPrint is also saved there (see standalone_html).
    """
    if page_size not in PAGE_SIZES:
        raise PackError(f"page size {page_size!r}: expected one of {', '.join(PAGE_SIZES)}")
    clock = time.perf_counter
    root, out = Path(root), Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    warnings: list[str] = []
    started = clock()
    contents = _read_contents(report, root, warnings)
    inputs = _read_inputs(report, root, warnings)
    records = pack_records(report, history)
    shown = _show_all(report, root, contents, warnings, max_lines,
                      allowed_secrets(read_config(root)))
    html = render_html(report, shown, page_size=page_size)
    if keep_html:
        Path(keep_html).write_text(standalone_html(html, page_size, out.parent), encoding="utf-8")
    names = (*records, *sorted(inputs), *sorted(contents))
    cache = PackCache(cache_dir) if cache_dir else None
    key = cache_key(html, _stylesheet_text(page_size),
                    _attachment_identity(report, records, contents, inputs),
                    PDF_VARIANT) if cache else ""
    prepared = clock()
    hit = cache.get(key) if cache else None
    if hit:
        pdf, pages, refused = hit
        write_atomically(out, pdf)
        return PackResult(out, pages, names, (*warnings, *refused),
                          hashlib.sha256(pdf).hexdigest(), len(pdf),
                          {"prepare": prepared - started}, cached=True)
    pdf, pages, fetcher, laid_out = _write_pdf(report, html, root, out.parent, page_size,
                                               _attachments(report, records, contents, inputs),
                                               clock)
    finished = clock()
    write_atomically(out, pdf)
    refused = [f"refused resource: {url}" for url in fetcher.refused]
    if cache:
        cache.put(key, pdf, pages, refused)
    return PackResult(out, pages, names, (*warnings, *refused), hashlib.sha256(pdf).hexdigest(),
                      len(pdf), {"prepare": prepared - started, "layout": laid_out - prepared,
                                 "write": finished - laid_out})


def standalone_html(html: str, page_size: str, build_dir: Path) -> str:
    """The pack's HTML as one file: `python -m weasyprint FILE out.pdf` lays out the same pages.

    The print stylesheet goes last in <head>, where WeasyPrint puts the stylesheets it is given,
    and <base> names the folder the pack resolves URLs against (images are `data:` URLs).
    """
    base = f'<base href="{Path(build_dir).resolve().as_uri()}/">'
    style = f"<style>\n{_stylesheet_text(page_size)}\n</style>"
    head, found, rest = html.partition("</head>")
    if not found:
        raise PackError("the pack template has no </head>")
    return head.replace("<head>", f"<head>\n{base}", 1) + style + "\n" + found + rest


def _stylesheet_text(page_size: str) -> str:
    return STYLESHEET.read_text(encoding="utf-8") + f"@page {{ size: {PAGE_SIZES[page_size]}; }}"


def _attachment_identity(report: ReleaseReport, records: Mapping[str, tuple[bytes, str]],
                         contents: Mapping[str, bytes], inputs: Mapping[str, bytes]) -> bytes:
    """Everything about the attachments that reaches the PDF, without their bytes."""
    lines = [data for data, _ in records.values()] + [pdf_identifier(report)]
    lines += [f"{path}\0{hashlib.sha256(data).hexdigest()}".encode()
              for path, data in sorted(inputs.items())]
    for result in sorted(report.evidence, key=lambda e: e.file.path):
        if result.file.path in contents:
            created, modified = _commit_times(result, report.evaluated_at)
            digest = hashlib.sha256(contents[result.file.path]).hexdigest()
            lines.append(f"{result.file.path}\0{digest}\0{created}\0{modified}\0"
                         f"{result.file.kind}\0{result.file.sha256}".encode())
    return b"\n".join(lines)


def _unique_associated_files(document, pdf) -> None:
    """WeasyPrint 70 lists each attachment twice in the catalog's /AF array; keep one of each."""
    if "AF" in pdf.catalog:
        unique = list(dict.fromkeys(pdf.catalog["AF"]))
        pdf.catalog["AF"] = type(pdf.catalog["AF"])(unique)


def _write_pdf(report: ReleaseReport, html: str, root: Path, build_dir: Path, page_size: str,
               attachments: list[Attachment], clock
               ) -> tuple[bytes, int, RestrictedFetcher, float]:
    fetcher = RestrictedFetcher(root, (e.file.path for e in report.evidence
                                       if not e.file.has_secret))
    options = {"pdf_variant": PDF_VARIANT, "pdf_identifier": pdf_identifier(report)}
    document = HTML(string=html, base_url=build_dir.resolve().as_uri() + "/",
                    url_fetcher=fetcher).render(
        stylesheets=stylesheets(page_size, fetcher), **options)
    laid_out = clock()
    pdf = document.write_pdf(attachments=attachments,
                             finisher=_unique_associated_files, **options)
    return pdf, len(document.pages), fetcher, laid_out
