"""The audit pack, read back: text per page, outline, attachments, PDF/A metadata, fonts."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess

import pikepdf
import pytest
from pypdf import PdfReader

from generator.outputs.json import manifest_json, status_json
from generator.outputs.pdf.render import render_pack
from tests.helpers.pack_fixtures import BASE, MULTILINGUAL, build_fixture
from tests.helpers.pdf import hostile_markdown, pdf_text, recording_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One pack of the fixture release, with hostile Markdown, rendered while a server listens."""
    tmp = tmp_path_factory.mktemp("pack")
    with recording_server() as (base_url, hits):
        fixture = build_fixture(tmp / "repo", runbook_extra=hostile_markdown(base_url))
        result = render_pack(fixture.report, fixture.root, tmp / "out" / "pack.pdf")
        pages = pdf_text(result.path)
    return fixture, result, pages, base_url, list(hits)


def unhyphenated(text: str) -> str:
    """Text as pdftotext gives it across a line break in a hyphenated word."""
    return text.replace("-", "")


def page_with(pages: list[str], needle: str) -> str:
    found = [p for p in pages if needle in p]
    assert found, f"no page contains {needle!r}"
    return found[0]


def test_cover_names_product_release_verdict_commit_and_checklists(built):
    fixture, _, pages, _, _ = built
    cover = pages[0]
    for text in ("Payments Platform", "Release audit pack", "v1.4.0", "Winter release",
                 "NOT READY for release", "in-progress", "2026-11-20 10:00 UTC",
                 fixture.report.source_commit, "production-deployment, version 3"):
        assert text in cover


def test_contents_lists_parts_with_page_numbers(built):
    _, _, pages, _, _ = built
    toc = page_with(pages, "Contents")
    summary_page = next(n for n, p in enumerate(pages, 1) if "What blocks the release" in p)
    assert re.search(rf"Executive summary[ .]*{summary_page}\b", toc)
    for part in ("Sign-off sheet", "Blockers", "Progress by section", "Evidence index",
                 "Sign-off verification"):
        assert re.search(rf"{part}[ .]*\d+", toc), part


def test_summary_gives_the_verdict_its_reason_and_the_blockers_by_kind(built):
    fixture, _, pages, _, _ = built
    summary = page_with(pages, "What blocks the release")
    assert unhyphenated(fixture.report.completion.formula) in unhyphenated(summary)
    assert "Not ready because 1 item failed its check" in summary
    title = fixture.report.items[0].item.title
    assert re.search(r"Failed checks 1 .*\(security-configuration/rate-limiting\)", summary)
    assert "Pre-Deployment Checklist" in summary and "Post-Deployment" in summary
    assert "Database Setup" not in summary          # sections are in Progress by section
    assert any("Progress by section" in p[:120] and "Database Setup" in p for p in pages[2:])
    blockers = page_with(pages, "Blockers Failed checks")
    assert title in blockers or "rate-limiting" in blockers


def test_one_signoff_sheet_with_titles_names_and_the_details_after_it(built):
    _, _, pages, _, _ = built
    sheet = unhyphenated(page_with(pages, "Signature and date"))
    for needle in ("Security team Jane Doe approved-with-conditions",
                   "Rotate the staging keys within 30 days.", "Quality assurance bob@example.com",
                   "no: git does not show that the approver wrote it", "Product team — not signed"):
        assert unhyphenated(needle) in sheet, needle
    assert "jane@example.com" not in sheet and "sha256:" not in sheet
    details = page_with(pages, "Sign-off verification How git shows")
    for needle in ("Jane Doe <jane@example.com>", "bob@example.com is not a member of role qa",
                   "sha256:" + "ab" * 8):
        assert needle in details, needle


def test_waivers_and_not_applicable_items_have_reasons(built):
    _, _, pages, _, _ = built
    page = page_with(pages, "Not-applicable items")
    assert all(word in page for word in ("partner", "integrations", "TLS 1.1.", "2027-01-31"))
    assert "release has no tag pci" in page


def test_checklist_lists_every_item_with_status_and_evidence(built):
    fixture, _, pages, _, _ = built
    text = "\n".join(pages)
    for result in fixture.report.items:
        assert result.item.title in text
    for status in ("failed", "missing", "stale", "unverified", "waived", "not-applicable",
                   "not-due", "complete"):
        assert re.search(rf"\b{status}\b", text)
    assert "header ratelimit-limit is absent" in text


def test_evidence_index_gives_hash_commit_and_author(built):
    fixture, _, pages, _, _ = built
    index = " ".join(p for p in pages if "File and sha256" in p)
    flat = index.replace(" ", "")
    for e in fixture.report.evidence:
        assert e.file.sha256 in flat
    assert "Alice Example" in index and fixture.report.evidence[0].commit.sha[:12] in index


def test_appendix_renders_markdown_cuts_logs_and_lists_binaries(built):
    _, _, pages, _, _ = built
    text = "\n".join(pages)
    assert "Restore tested on staging" in text
    assert "Backup runbook" in text and "**" not in text
    assert "step 199: ok" in text and "step 200: ok" not in text
    note = "full file embedded as attachment evidence/v1.4.0/security-configuration/tls/build.log"
    assert note in text.replace("tls/ build", "tls/build")
    assert "Binary file (1.0 KiB), embedded as attachment" in text


def test_non_latin_evidence_text_survives(built):
    _, _, pages, _, _ = built
    text = "\n".join(pages)
    for word in ("Русский", "Ελληνικά", "العربية"):
        assert word in text or word[::-1] in text


def test_running_header_and_page_footer(built):
    _, result, pages, _, _ = built
    assert f"Page 1 of {result.pages}" in pages[0]
    later = pages[4]
    assert "Payments Platform v1.4.0" in later and f"Page 5 of {result.pages}" in later


def outline_tree(outline) -> list[tuple[str, list]]:
    """pypdf's flat outline (a list after an entry holds its children) as (title, children)."""
    tree: list[tuple[str, list]] = []
    for entry in outline:
        if isinstance(entry, list):
            tree[-1][1].extend(outline_tree(entry))
        else:
            tree.append((entry.title, []))
    return tree


def test_bookmarks_nest_sections_under_phases(built):
    _, result, _, _, _ = built
    tree = dict(outline_tree(PdfReader(result.path).outline))
    assert list(tree)[:2] == ["Cover", "Executive summary"]
    assert {"Sign-off sheet", "Blockers", "Evidence index", "Appendix: evidence files"} <= set(tree)
    phases = dict(tree["Checklist"])
    assert list(phases) == ["Pre-Deployment Checklist", "Post-Deployment Verification"]
    assert [t for t, _ in phases["Pre-Deployment Checklist"]] == ["Security Configuration",
                                                                  "Database Setup"]


def test_every_evidence_file_the_manifest_and_the_inputs_are_attached(built):
    fixture, result, _, _, _ = built
    attached = PdfReader(result.path).attachments
    assert set(attached) == {"manifest.json", "status.json", "history.json", "mkdocs.yml",
                             f"{BASE}/release.yml", *fixture.files}
    assert attached["status.json"] == [(json.dumps(status_json(fixture.report), sort_keys=True,
                                                   indent=2, ensure_ascii=False) + "\n").encode()]
    for path, data in fixture.files.items():
        assert attached[path] == [data]
    expected = json.dumps(manifest_json(fixture.report), sort_keys=True, indent=2,
                          ensure_ascii=False) + "\n"
    assert attached["manifest.json"] == [expected.encode()]


def test_attachments_declare_their_relationship_and_git_dates(built):
    fixture, result, _, _, _ = built
    with pikepdf.open(result.path) as pdf:
        specs = {str(spec.UF): spec for spec in pdf.Root.AF}
        assert len(specs) == len(pdf.Root.AF) == len(fixture.files) + 5
        for name in ("manifest.json", "status.json", "history.json"):
            assert specs[name].AFRelationship == "/Supplement"
        assert specs[f"{BASE}/release.yml"].AFRelationship == "/Source"
        signoff = specs[f"{BASE}/signoffs/qa.yml"]
        assert signoff.AFRelationship == "/Data"
        assert str(signoff.EF.F.Params.ModDate) == "D:20261111120000Z"


def test_pdfa3_metadata_and_dates_come_from_the_report(built):
    _, result, _, _, _ = built
    with pikepdf.open(result.path) as pdf:
        meta = pdf.open_metadata()
        assert meta.get("pdfaid:part") == "3"
        assert meta.get("pdfaid:conformance") == "B"
        assert str(pdf.docinfo.CreationDate) == "D:20261120100000Z"
        assert str(pdf.docinfo.ModDate) == "D:20261120100000Z"


def test_hostile_markdown_fetches_nothing_and_is_reported(built):
    _, result, pages, base_url, hits = built
    assert hits == []
    assert any(f"{base_url}/img.png" in w for w in result.warnings)
    assert any("file:///etc/passwd" in w for w in result.warnings)
    text = "\n".join(pages)
    assert "root:x:0:0" not in text and 'fetch("' not in text


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_every_font_is_embedded(built):
    _, result, _, _, _ = built
    rows = subprocess.run(["pdffonts", str(result.path)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)


def _has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    return bool(subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout)


@pytest.mark.skipif(not _has_cjk_font() and not os.environ.get("CI"),
                    reason="no CJK font installed (Debian fonts-noto-cjk; make build installs it)")
def test_cjk_text_has_glyphs(built):
    _, _, pages, _, _ = built
    assert MULTILINGUAL.split()[-2] in "\n".join(pages)


def test_letter_pages_are_letter_sized(tmp_path):
    fixture = build_fixture(tmp_path / "repo")
    letter = render_pack(fixture.report, fixture.root, tmp_path / "letter.pdf", page_size="Letter")
    box = [float(v) for v in PdfReader(letter.path).pages[0].mediabox]
    assert box[2:] == pytest.approx([612, 792], abs=1)
    assert hashlib.sha256(letter.path.read_bytes()).hexdigest() == letter.sha256


def test_unknown_page_size_is_refused(tmp_path):
    from generator.errors import PackError
    fixture = build_fixture(tmp_path / "repo")
    with pytest.raises(PackError, match="A4, Letter"):
        render_pack(fixture.report, fixture.root, tmp_path / "x.pdf", page_size="A5")


def test_pack_for_release_picks_the_release_and_the_configured_page_size(tmp_path):
    from generator.errors import PackError
    from generator.outputs.pdf.command import pack_for_release
    fixture = build_fixture(tmp_path / "repo")
    (fixture.root / "mkdocs.yml").write_text(
        "site_name: Payments Platform\nextra:\n  evidence:\n    page_size: Letter\n")
    from dataclasses import replace
    older = replace(fixture.report, release=replace(fixture.report.release, version="v1.3.0",
                                                    status="released"))
    result = pack_for_release([older, fixture.report], fixture.root, "v1.4.0", tmp_path / "p.pdf")
    box = [float(v) for v in PdfReader(result.path).pages[0].mediabox]
    assert box[2:] == pytest.approx([612, 792], abs=1)
    assert "v1.3.0" not in pdf_text(result.path)      # the pack shows its release alone
    with pytest.raises(PackError, match="no release 'v9'"):
        pack_for_release([fixture.report], fixture.root, "v9", tmp_path / "q.pdf")


def test_an_unchanged_pack_comes_from_the_cache_and_a_change_misses_it(tmp_path):
    fixture = build_fixture(tmp_path / "repo")
    cache = tmp_path / "cache"
    first = render_pack(fixture.report, fixture.root, tmp_path / "a.pdf", cache_dir=cache)
    again = render_pack(fixture.report, fixture.root, tmp_path / "b.pdf", cache_dir=cache)
    assert (first.cached, again.cached) == (False, True)
    assert again.path.read_bytes() == first.path.read_bytes() and again.pages == first.pages
    (fixture.root / BASE / "security-configuration/tls/build.log").write_text("changed\n")
    changed = render_pack(fixture.report, fixture.root, tmp_path / "c.pdf", cache_dir=cache)
    assert not changed.cached and changed.sha256 != first.sha256
    assert any("build.log: changed since the release was evaluated" in w for w in changed.warnings)
