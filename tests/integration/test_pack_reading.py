"""The pack as its readers take it: a one-page executive summary, one sign-off sheet."""
import re
import subprocess
import sys

import pytest

from generator.model.project import Member, Role
from generator.outputs.pdf.render import render_pack
from tests.helpers import reports
from tests.helpers.paths import ROOT
from tests.helpers.pdf import pdf_text


def part_pages(pages: list[str], heading: str) -> list[str]:
    """The pages a part spans: its running header names it (cover and contents skipped)."""
    return [p for p in pages[2:] if heading in p[:100]]


@pytest.fixture(scope="module")
def bundled_packs(tmp_path_factory):
    out = tmp_path_factory.mktemp("packs")
    packs = {}
    for release in ("v1.0.0", "v1.1.0", "v1.2.0"):
        pdf = out / f"{release}.pdf"
        done = subprocess.run([sys.executable, "-m", "generator", "--repo", str(ROOT), "pdf",
                               release, "-o", str(pdf)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        packs[release] = pdf_text(pdf)
    return packs


@pytest.mark.parametrize("release", ["v1.0.0", "v1.1.0", "v1.2.0"])
def test_the_executive_summary_of_each_bundled_release_fits_one_page(bundled_packs, release):
    pages = bundled_packs[release]
    summary = part_pages(pages, "Executive summary")
    assert len(summary) == 1, [p[:80] for p in summary]
    assert "READY for release" in summary[0]
    assert "Post-Launch Monitoring" in summary[0]          # the last phase is on it too


def test_the_summary_names_blockers_by_title_and_groups_them(bundled_packs):
    [summary] = part_pages(bundled_packs["v1.2.0"], "Executive summary")
    assert "Not ready because 3 items failed their checks" in summary
    assert re.search(r"Failed checks 3 .*Security headers are set \(security-configuration/", summary)
    assert "and 48 more" in summary
    assert "evidence/v1.2.0" not in summary                 # no file paths for executives


def test_the_bundled_signoff_sheet_is_one_page_of_titles_and_names(bundled_packs):
    [sheet] = part_pages(bundled_packs["v1.1.0"], "Sign-off sheet")
    for title, name in (("Executive sponsor", "Helen Whitfield"), ("Security team", "Tomás Herrera"),
                        ("Legal and compliance", "Daniel Mensah")):
        assert f"{title} {name}" in sheet
    assert "@example.com" not in sheet and "sha256" not in sheet


def test_eight_roles_with_long_reasons_fit_one_signoff_sheet(tmp_path):
    ids = ["technical", "product", "security", "legal", "executive", "privacy", "operations",
           "finance"]
    roles = [Role(r, f"{r.title()} approvers", (Member(f"Person {r}", f"{r}@example.com"),))
             for r in ids]
    signoffs = [reports.signoff(f"evidence/v1/signoffs/{r}.yml", r, f"{r}@example.com",
                                verified=n % 2 == 0, stale=n % 3 == 0,
                                conditions="Re-run the audit. " * 3 if n == 1 else "",
                                reasons=("commit abc by someone else changed the record " * 4,))
                for n, r in enumerate(ids)]
    report = reports.report("v1", {"a/b": "complete"}, signoffs=signoffs, roles=roles,
                            ready=True)
    result = render_pack(report, tmp_path, tmp_path / "pack.pdf")
    sheet = part_pages(pdf_text(result.path), "Sign-off sheet")
    assert len(sheet) == 1
    assert all(f"{r.title()} approvers Person {r}" in sheet[0] for r in ids)
