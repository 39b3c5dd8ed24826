"""Same report, same bytes: two builds in separate processes, in different folders."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

pytestmark = pytest.mark.slow
WORKTREE = ROOT
BUILD = """
import sys
from pathlib import Path
from tests.helpers.pack_fixtures import build_fixture
from generator.outputs.pdf.render import render_pack
tmp = Path(sys.argv[1])
fixture = build_fixture(tmp / "repo")
render_pack(fixture.report, fixture.root, tmp / "out" / "pack.pdf")
"""


def build_in_new_process(folder: Path) -> bytes:
    subprocess.run([sys.executable, "-c", BUILD, str(folder)], cwd=WORKTREE, check=True,
                   env={"PYTHONPATH": str(WORKTREE), "PATH": "/usr/bin:/bin",
                        "PYTHONHASHSEED": "random"})
    return (folder / "out" / "pack.pdf").read_bytes()


def test_two_builds_give_the_same_bytes(tmp_path):
    first = build_in_new_process(tmp_path / "a")
    second = build_in_new_process(tmp_path / "b")
    assert first.startswith(b"%PDF-1.7")
    assert first == second
