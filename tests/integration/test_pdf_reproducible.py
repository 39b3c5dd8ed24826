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


EVALUATED = """
import sys
from pathlib import Path
from tests.helpers.evaluated_pack import evaluated_repo, render
tmp = Path(sys.argv[1])
render(evaluated_repo(tmp / "repo").root, tmp / "out" / "pack.pdf")
"""


def build_in_new_process(folder: Path, script: str = BUILD) -> bytes:
    subprocess.run([sys.executable, "-c", script, str(folder)], cwd=WORKTREE, check=True,
                   env={"PYTHONPATH": str(WORKTREE), "PATH": "/usr/bin:/bin",
                        "PYTHONHASHSEED": "random", "EVIDENCE_NO_CACHE": "1",
                        "HOME": str(folder), "GIT_CONFIG_NOSYSTEM": "1"})
    return (folder / "out" / "pack.pdf").read_bytes()


def test_two_builds_give_the_same_bytes(tmp_path):
    first = build_in_new_process(tmp_path / "a")
    second = build_in_new_process(tmp_path / "b")
    assert first.startswith(b"%PDF-1.7")
    assert first == second


def test_a_pack_with_its_evaluation_inputs_and_git_facts_is_reproducible(tmp_path):
    """history.json (graph, rosters) and the inputs travel in the pack without breaking it."""
    from tests.helpers.evaluated_pack import attachments

    first = build_in_new_process(tmp_path / "a", EVALUATED)
    second = build_in_new_process(tmp_path / "b", EVALUATED)
    assert first == second
    assert {"history.json", "status.json", "content/checklists/mini.yml"} <= set(
        attachments(tmp_path / "a" / "out" / "pack.pdf"))
