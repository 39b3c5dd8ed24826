"""Measure the audit pack: the seed checklist (133 items) with 500 evidence files.

    python bench/pdf_pack.py SEED.md [--files 500] [--out bench/out]

Runs each measurement in its own process (so peak RSS is per measurement):
  pack        render_pack() end to end (reads, Jinja, WeasyPrint, PDF/A, attachments)
  weasyprint  HTML(string=<the same HTML>).write_pdf(stylesheets=<the same CSS>) alone
and prints seconds and peak RSS of each as JSON lines, then the overhead.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import resource
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.kinds import Verdict  # noqa: E402
from generator.model.project import (  # noqa: E402
    Checklist,
    Commit,
    EvidenceFile,
    FileHistory,
    Item,
    Phase,
    Release,
    Section,
)
from generator.model.results import (  # noqa: E402
    EvidenceResult,
    ItemResult,
    PhaseResult,
    ReleaseReport,
    SectionResult,
)

UTC = timezone.utc
STATUSES = ("complete", "complete", "complete", "missing", "failed", "stale", "waived",
            "not-due", "unverified", "not-applicable")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"^\d+\.\s*", "", text).lower()).strip("-")


def parse_seed(text: str) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """`##` phases, `###` sections, `- [ ]` items of the seed Markdown checklist."""
    phases: list = []
    for line in text.splitlines():
        if line.startswith("## "):
            phases.append((line[3:].strip(), []))
        elif line.startswith("### "):
            phases[-1][1].append((line[4:].strip(), []))
        elif re.match(r"^\s*- \[[ xX]\]", line):
            phases[-1][1][-1][1].append(re.sub(r"^\s*- \[[ xX]\]\s*", "", line).strip())
    return phases


def evidence_body(n: int) -> tuple[str, bytes]:
    kind = n % 5
    if kind == 0:
        return "log", "\n".join(f"2026-11-01T09:00:{i % 60:02d}Z job {n} step {i}: ok"
                                for i in range(40 + n % 400)).encode()
    if kind == 1:
        return "md", (f"# Runbook {n}\n\nProcedure **{n}** verified.\n\n| a | b |\n|---|---|\n"
                      f"| 1 | 2 |\n\n- one\n- two\n\nРусский Ελληνικά العربية\n").encode()
    if kind == 2:
        checks = [{"name": f"c{i}", "ok": True} for i in range(20)]
        return "json", json.dumps({"status": "pass", "n": n, "checks": checks,
                                   "observed_at": "2026-11-02T08:00:00Z"}).encode()
    if kind == 3:
        from PIL import Image
        buffer = io.BytesIO()
        Image.new("RGB", (320, 180), (n % 255, 90, 160)).save(buffer, format="PNG")
        return "png", buffer.getvalue()
    return "bin", hashlib.sha256(str(n).encode()).digest() * 64


def build(seed: Path, root: Path, files: int) -> ReleaseReport:
    commit = Commit("a" * 40, "Alice Example", "alice@example.com",
                    datetime(2026, 11, 1, 9, tzinfo=UTC), "Alice Example", "alice@example.com",
                    datetime(2026, 11, 1, 9, tzinfo=UTC))
    phases, phase_results, items = [], [], []
    for p, (phase_title, sections) in enumerate(parse_seed(seed.read_text(encoding="utf-8"))):
        phase_id = slug(phase_title)
        section_models = []
        for section_title, titles in sections:
            section_id = slug(section_title)
            models = tuple(Item(f"{section_id}/{slug(t)[:40]}-{i}", f"{slug(t)[:40]}-{i}", t,
                                section_id, phase_id, "production-deployment")
                           for i, t in enumerate(titles))
            items += models
            section_models.append(Section(section_id, section_title, phase_id, models))
        phases.append(Phase(phase_id, phase_title, tuple(section_models)))
    evidence, by_item = [], {}
    for n in range(files):
        item = items[n % len(items)]
        suffix, data = evidence_body(n)
        path = f"evidence/v2.0.0/{item.ref}/file-{n:03d}.{suffix}"
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        f = EvidenceFile(path, "v2.0.0", (item.ref,), "any", hashlib.sha256(data).hexdigest(),
                         len(data))
        result = EvidenceResult(f, Verdict("pass"), FileHistory((commit,)), commit.committed_at)
        evidence.append(result)
        by_item.setdefault(item.ref, []).append(result)
    for phase in phases:
        section_results = tuple(SectionResult(s, tuple(
            ItemResult(i, STATUSES[n % len(STATUSES)], ("synthetic status",),
                       tuple(by_item.get(i.ref, ())))
            for n, i in enumerate(s.items))) for s in phase.sections)
        phase_results.append(PhaseResult(phase, "production-deployment", section_results))
    checklist = Checklist("production-deployment", "Production Deployment Checklist", 1,
                          tuple(phases), "content/checklists/production-deployment.yml")
    return ReleaseReport(Release("v2.0.0", "evidence/v2.0.0/release.yml", "Benchmark",
                                 ("production-deployment",)), (checklist,), tuple(phase_results),
                         datetime(2026, 11, 20, 10, tzinfo=UTC), "b" * 40, False,
                         ("synthetic",), evidence=tuple(evidence), product_name="Benchmark")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(mode: str, seed: Path, out: Path, files: int) -> dict:
    report = build(seed, out / "repo", files)
    if mode == "pack":
        from generator.outputs.pdf.render import render_pack
        started, cpu = time.perf_counter(), time.process_time()
        result = render_pack(report, out / "repo", out / "pack.pdf")
        return {"mode": mode, "seconds": time.perf_counter() - started,
                "cpu_seconds": time.process_time() - cpu, "pages": result.pages,
                "bytes": result.size, "stages": dict(result.timings),
                "peak_rss_mib": peak_rss_mib(), "items": len(report.items),
                "files": len(report.evidence)}
    from weasyprint import HTML

    from generator.load.content import read_evidence_bytes, read_evidence_text
    from generator.outputs.pdf.evidence_html import EvidenceRenderer
    from generator.outputs.pdf.fetcher import RestrictedFetcher
    from generator.outputs.pdf.render import render_html, stylesheets
    root = out / "repo"
    contents = {e.file.path: read_evidence_bytes(root, e.file.path) for e in report.evidence}
    renderer = EvidenceRenderer(contents, lambda w: None)
    shown = {p: renderer.show(p, d, lambda p=p: read_evidence_text(root, p))
             for p, d in contents.items()}
    html = render_html(report, shown, page_size="A4", all_reports=None)
    fetcher = RestrictedFetcher(root, out)
    css = stylesheets("A4", fetcher)
    started, cpu = time.perf_counter(), time.process_time()
    document = HTML(string=html, url_fetcher=fetcher).render(stylesheets=css)
    laid_out = time.perf_counter()
    pdf = document.write_pdf()
    finished = time.perf_counter()
    return {"mode": mode, "seconds": finished - started, "cpu_seconds": time.process_time() - cpu,
            "stages": {"layout": laid_out - started, "write": finished - laid_out},
            "pages": len(document.pages), "bytes": len(pdf),
            "peak_rss_mib": peak_rss_mib()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("seed", type=Path)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--mode", choices=("pack", "weasyprint"))
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(measure(args.mode, args.seed, args.out / args.mode, args.files)))
        return
    results = {}
    for mode in ("pack", "weasyprint"):
        line = subprocess.run([sys.executable, __file__, str(args.seed), "--files",
                               str(args.files), "--out", str(args.out), "--mode", mode],
                              check=True, capture_output=True, text=True).stdout.strip()
        results[mode] = json.loads(line.splitlines()[-1])
        print(line)
    for unit in ("seconds", "cpu_seconds"):
        overhead = results["pack"][unit] - results["weasyprint"][unit]
        print(json.dumps({f"overhead_{unit}": round(overhead, 2), "overhead_percent":
                          round(100 * overhead / results["weasyprint"][unit], 1)}))


if __name__ == "__main__":
    main()
