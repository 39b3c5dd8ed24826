"""Folders the tests read: the project checkout, its bench/, and the tests' own data."""
from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
BENCH = ROOT / "bench"
DATA = ROOT / "generator" / "actions" / "starter"      # the bundled seed checklist
KIND_FIXTURES = TESTS / "fixtures" / "kinds"
