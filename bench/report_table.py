"""The benchmark's Markdown table: figures, ratios and verdicts against the targets. No I/O."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Protocol

MEMORY_LIMIT_MIB = 2048
GENERATOR_STEPS = ("check", "check_warm", "status", "build", "rebuild_same", "rebuild_one", "pdf")

LABELS = {
    "floor": "1. floor: one `git log --name-status` + sha256 of every file",
    "naive": "2. naive: one `git log -1 -- <path>` per file (sampled, scaled)",
    "check": "3. `evidence check --format json`, cold fact cache",
    "check_warm": "3. `evidence check --format json`, warm fact cache",
    "status": "3. `evidence status --format json` (all releases), warm",
    "build": "4. `evidence build --no-pdf` (full)",
    "mkdocs": "4. plain `mkdocs build` of the staged sites (sum)",
    "rebuild_same": "5. rebuild, nothing changed",
    "rebuild_one": "5. rebuild, one evidence file changed and committed",
    "pdf": "6. `evidence pdf R` (one pack)",
    "weasyprint": "6. WeasyPrint alone on the same HTML",
    "doorstop": "7. peer: `doorstop publish all --html`",
    "strictdoc": "7. peer: `strictdoc export --formats html`",
    "alone": "8. baseline: the changed release alone (`build --release R`, empty folder)",
    "site_one": "8. one release changed, last site restored, no ~/.cache",
    "new_alone": "8. baseline: the new release alone",
    "site_new": "8. a new release added, last site restored, no ~/.cache",
    "parts": "8. every release built apart (`build --release R`), summed",
    "part_max": "8. the slowest part (a matrix's longest job)",
    "assemble": "8. `evidence assemble` of the parts",
}


class Figures(Protocol):
    ok: bool
    seconds: float
    peak_mib: float
    note: str


@dataclass(frozen=True)
class Row:
    label: str
    seconds: str
    peak: str
    ratio: str
    target: str
    verdict: str
    note: str


def _ratio(results: Mapping[str, Figures], top: str, bottom: str) -> float | None:
    a, b = results.get(top), results.get(bottom)
    if a is None or b is None or not (a.ok and b.ok) or b.seconds <= 0:
        return None
    return a.seconds / b.seconds


def _verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "to measure"
    return "pass" if value <= limit else "FAIL"


def _fmt(value: float | None, suffix: str = "×") -> str:
    return "—" if value is None else f"{value:.2f}{suffix}"


def _fastest_peer(results: Mapping[str, Figures]) -> str | None:
    measured = [k for k in ("doorstop", "strictdoc") if k in results and results[k].ok]
    return min(measured, key=lambda k: results[k].seconds) if measured else None


def _judgements(results: Mapping[str, Figures], facts: Mapping[str, str]) -> dict[str, tuple[str, str, str]]:
    """step -> (ratio text, target text, verdict)."""
    out: dict[str, tuple[str, str, str]] = {"floor": ("1.00× (reference)", "", "")}
    naive = _ratio(results, "naive", "floor")
    out["naive"] = (f"{_fmt(naive)} floor", "", "")
    # a cold check may parse everything once; a warm one should cost little beyond the floor
    for step, target in (("check", 3.0), ("check_warm", 1.5), ("status", 1.5)):
        r = _ratio(results, step, "floor")
        out[step] = (f"{_fmt(r)} floor", f"≤ {target:g}× floor", _verdict(r, target))
    build_vs_mkdocs = _ratio(results, "build", "mkdocs")
    peer = _fastest_peer(results)
    build_vs_peer = _ratio(results, "build", peer) if peer else None
    verdicts = [_verdict(build_vs_mkdocs, 1.5), _verdict(build_vs_peer, 1.0)]
    out["build"] = (f"{_fmt(build_vs_mkdocs)} mkdocs; {_fmt(build_vs_peer)} {peer or 'peer'}",
                    "≤ 1.5× plain mkdocs; ≤ fastest peer",
                    "FAIL" if "FAIL" in verdicts else ("pass" if verdicts == ["pass", "pass"] else
                                                       "to measure"))
    same = _ratio(results, "rebuild_same", "build")
    out["rebuild_same"] = (_fmt(None if same is None else same * 100, "% of full"), "< 5% of full",
                           _verdict(same, 0.05 - 1e-12))
    one = _ratio(results, "rebuild_one", "build")
    only = facts.get("only_changed_release_rewritten")
    one_verdict = "to measure" if one is None or only is None else ("pass" if only == "True" else "FAIL")
    out["rebuild_one"] = (_fmt(None if one is None else one * 100, "% of full"),
                          "rewrites only its release", one_verdict)
    out.update(_site_judgements(results, facts))
    pdf = _ratio(results, "pdf", "weasyprint")
    out["pdf"] = (f"{_fmt(pdf)} WeasyPrint", "≤ 1.2× WeasyPrint alone", _verdict(pdf, 1.2))
    return out


def _site_judgements(results: Mapping[str, Figures],
                     facts: Mapping[str, str]) -> dict[str, tuple[str, str, str]]:
    """Step 8: each figure against its own baseline, measured in the same run."""
    one = _ratio(results, "site_one", "alone")
    new = _ratio(results, "site_new", "new_alone")
    same = facts.get("assembled_equals_whole")
    parts_verdict = "to measure" if same is None else ("pass" if same == "True" else "FAIL")
    return {
        "alone": ("1.00× (reference)", "", ""),
        "site_one": (f"{_fmt(one)} alone", "≤ 1.5× the release alone", _verdict(one, 1.5)),
        "new_alone": ("1.00× (reference)", "", ""),
        "site_new": (f"{_fmt(new)} alone", "", ""),
        "parts": (f"{_fmt(_ratio(results, 'parts', 'build'))} full build", "", ""),
        "part_max": (f"{_fmt(_ratio(results, 'part_max', 'build'))} full build", "", ""),
        "assemble": (f"{_fmt(_ratio(results, 'assemble', 'build'))} full build",
                     "byte-identical to a whole build", parts_verdict),
    }


def _memory_row(results: Mapping[str, Figures]) -> Row:
    measured = [results[k].peak_mib for k in GENERATOR_STEPS if k in results and results[k].ok]
    peak = max(measured) if measured else None
    verdict = "to measure" if peak is None else ("pass" if peak < MEMORY_LIMIT_MIB else "FAIL")
    return Row("peak memory of the generator's steps", "", "—" if peak is None else f"{peak:.0f}", "", "< 2 GiB", verdict,
               "" if len(measured) == len(GENERATOR_STEPS) else
               f"{len(measured)} of {len(GENERATOR_STEPS)} generator steps measured")


def rows(results: Mapping[str, Figures], facts: Mapping[str, str]) -> list[Row]:
    judged = _judgements(results, facts)
    table = []
    for key, label in LABELS.items():
        if key not in results:
            continue
        figures = results[key]
        ratio, target, verdict = judged.get(key, ("", "", ""))
        seconds = f"{figures.seconds:.2f}" if figures.ok else "n/a"
        peak = f"{figures.peak_mib:.0f}" if figures.ok else ""
        table.append(Row(label, seconds, peak, ratio if figures.ok else "", target, verdict,
                         figures.note))
    table.append(_memory_row(results))
    return table


def render(results: Mapping[str, Figures], facts: Mapping[str, str], evidence_files: int) -> str:
    lines = [f"Evidence files: {evidence_files}. Peak RSS: largest single process of the step "
             "(getrusage RUSAGE_CHILDREN in a fresh runner per step).", "",
             "| step | wall (s) | peak RSS (MiB) | ratio | target | verdict | note |",
             "|---|---:|---:|---|---|---|---|"]
    for row in rows(results, facts):
        cells = (row.label, row.seconds, row.peak, row.ratio, row.target, row.verdict, row.note)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    if facts:
        lines += ["", "Facts: " + "; ".join(f"{k} = {v}" for k, v in sorted(facts.items()))]
    return "\n".join(lines) + "\n"
