"""Verdicts of the benchmark table against its targets, from figures made up here."""
from __future__ import annotations

import sys
from dataclasses import dataclass

from tests.helpers.paths import BENCH

sys.path.insert(0, str(BENCH))
from report_table import render, rows  # noqa: E402


@dataclass(frozen=True)
class Fig:
    ok: bool = True
    seconds: float = 0.0
    peak_mib: float = 100.0
    note: str = ""

def _by_label(results: dict, facts: dict | None = None) -> dict[str, str]:
    return {row.label: row.verdict for row in rows(results, facts or {})}

def _find(table: dict[str, str], start: str) -> str:
    return next(v for k, v in table.items() if k.startswith(start))

def test_check_within_three_floors_passes_and_beyond_fails() -> None:
    table = _by_label({"floor": Fig(seconds=2.0), "check": Fig(seconds=6.0), "status": Fig(seconds=6.5)})
    assert _find(table, "3. `evidence check") == "pass"
    assert _find(table, "3. `evidence status") == "FAIL"

def test_build_needs_both_mkdocs_and_the_fastest_peer() -> None:
    base = {"mkdocs": Fig(seconds=10.0), "doorstop": Fig(seconds=30.0), "strictdoc": Fig(seconds=14.0)}
    assert _find(_by_label({**base, "build": Fig(seconds=14.0)}), "4. `evidence build") == "pass"
    assert _find(_by_label({**base, "build": Fig(seconds=15.5)}), "4. `evidence build") == "FAIL"
    no_peers = {"mkdocs": Fig(seconds=10.0), "build": Fig(seconds=12.0)}
    assert _find(_by_label(no_peers), "4. `evidence build") == "to measure"

def test_rebuilds_judged_by_share_of_full_build_and_releases_rewritten() -> None:
    results = {"build": Fig(seconds=100.0), "rebuild_same": Fig(seconds=4.0), "rebuild_one": Fig(seconds=9.0)}
    good = _by_label(results, {"only_changed_release_rewritten": "True"})
    assert _find(good, "5. rebuild, nothing") == "pass"
    assert _find(good, "5. rebuild, one") == "pass"
    bad = _by_label({**results, "rebuild_same": Fig(seconds=6.0)}, {"only_changed_release_rewritten": "False"})
    assert _find(bad, "5. rebuild, nothing") == "FAIL"
    assert _find(bad, "5. rebuild, one") == "FAIL"

def test_unavailable_steps_are_to_measure_and_memory_counts_generator_steps_only() -> None:
    results = {"floor": Fig(seconds=1.0, peak_mib=5000.0),
               "pdf": Fig(ok=False, note="n/a (command failed: `evidence pdf` exit 2: not wired)"),
               "weasyprint": Fig(seconds=1.0)}
    table = _by_label(results)
    assert _find(table, "6. `evidence pdf") == "to measure"
    assert _find(table, "peak memory") == "to measure"
    text = render(results, {}, 10)
    assert "n/a (command failed: `evidence pdf`" in text
    heavy = _by_label({"check": Fig(seconds=1.0, peak_mib=2100.0)})
    assert _find(heavy, "peak memory") == "FAIL"


def test_site_rows_are_judged_against_their_baselines_of_the_same_run() -> None:
    results = {"build": Fig(seconds=100.0), "alone": Fig(seconds=10.0),
               "site_one": Fig(seconds=14.0), "new_alone": Fig(seconds=10.0),
               "site_new": Fig(seconds=16.0), "parts": Fig(seconds=120.0),
               "part_max": Fig(seconds=15.0), "assemble": Fig(seconds=5.0)}
    table = _by_label(results, {"assembled_equals_whole": "True"})
    assert _find(table, "8. one release changed") == "pass"
    assert _find(table, "8. `evidence assemble`") == "pass"
    slow = _by_label({**results, "site_one": Fig(seconds=16.0)},
                     {"assembled_equals_whole": "False"})
    assert _find(slow, "8. one release changed") == "FAIL"
    assert _find(slow, "8. `evidence assemble`") == "FAIL"
    text = render(results, {}, 10)
    assert "1.40× alone" in text and "1.20× full build" in text and "0.05× full build" in text
