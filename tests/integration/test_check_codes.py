"""`evidence check`: every problem code, with its file and line, in one run."""
import json

import pytest

from tests.helpers.mini_project import mini_repo, release_yml


def problems_of(repo):
    result = repo.evidence("check", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["problems"], result.returncode


def find(problems, code, path=None):
    hits = [p for p in problems if p["code"] == code and (path is None or p["path"] == path)]
    assert hits, f"no {code} in {[(p['code'], p['path']) for p in problems]}"
    return hits[0]


@pytest.fixture
def broken(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.commit("Release")
    return repo


CASES = [
    # (code, file to write, its content, path reported, expected line, text in message)
    ("unknown-item", "evidence/v1.0.0/notes.md", "---\nitems:\n  - security/header\n---\nx\n",
     "evidence/v1.0.0/notes.md", 3, "did you mean 'security/headers'"),
    ("unknown-item", "evidence/v1.0.0/security/heders/a.txt", "x", None, 1, "did you mean 'headers'"),
    ("unbound-file", "evidence/v1.0.0/misc/loose.txt", "x", None, 1, "no item"),
    ("release-without-yml", "evidence/v2.0.0/security/review/r.md", "x", "evidence/v2.0.0", 1,
     "no release.yml"),
    ("version-mismatch", "evidence/v3.0.0/release.yml", "title: x\nversion: v3.0.1\n", None, 2,
     "v3.0.1"),
    ("bad-date", "evidence/v4.0.0/release.yml", "version: v4.0.0\ntarget_date: soon\n", None, 2,
     "target_date"),
    ("unknown-checklist", "evidence/v5.0.0/release.yml",
     "version: v5.0.0\nchecklists: [minni]\n", None, 2, "did you mean 'mini'"),
    ("schema", "evidence/v6.0.0/release.yml", "version: v6.0.0\nstatus: shipped\n", None, 2,
     "shipped"),
    # an unclosed bracket is reported where it opens, not at the end of the file
    ("yaml-syntax", "evidence/v7.0.0/release.yml", "version: v7.0.0\ntitle: [unclosed\n", None, 2,
     "while parsing a flow"),
    ("orphan-sidecar", "evidence/v1.0.0/security/review/gone.txt.meta.yml", "items: []\n", None,
     1, "no file"),
    ("bad-front-matter", "evidence/v1.0.0/security/review/fm.md", "---\nitems: [a\n", None, 1,
     "not closed"),
    ("bad-signoff", "evidence/v1.0.0/signoffs/security.yml",
     "kind: signoff\nrole: security\napprover: sam@example.com\ndecision: maybe\ndate: 2026-11-01\n",
     None, 4, "maybe"),
    ("bad-waiver", "evidence/v1.0.0/waivers/w.yml",
     "kind: waiver\nitems: [security/review]\ntype: deferred\nreason: later\n"
     "approved_by: sam@example.com\n", None, 3, "expires"),
    ("unknown-role", "evidence/v1.0.0/signoffs/legal.yml",
     "kind: signoff\nrole: legal\napprover: sam@example.com\ndecision: approved\ndate: 2026-11-01\n",
     None, 2, "legal"),
    ("bad-date", "evidence/v1.0.0/security/review/c.txt.meta.yml" , "collected: yesterday\n",
     None, 1, "collected"),
    ("yaml-aliases", "evidence/v1.0.0/security/review/bomb.txt.meta.yml",
     "a: &a [x, x]\n" + "".join(f"b{i}: &b{i} [*{'a' if i == 0 else f'b{i-1}'}, *{'a' if i == 0 else f'b{i-1}'}]\n"
                                for i in range(40)), None, None, "aliases"),
]


@pytest.mark.parametrize("code,relpath,content,reported,line,text", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_problem_code(broken, code, relpath, content, reported, line, text):
    broken.write(relpath, content)
    if relpath.endswith("c.txt.meta.yml") or relpath.endswith("bomb.txt.meta.yml"):
        broken.write(relpath.removesuffix(".meta.yml"), "x")
    problems, returncode = problems_of(broken)
    hit = find(problems, code, reported or relpath)
    assert returncode == 1
    if line is not None:
        assert hit["line"] == line, hit
    assert text in hit["message"], hit
    assert hit["hint"]


def test_definition_problems(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("content/checklists/extra.yml", """\
id: extra
title: Extra
phases:
  - id: p
    title: P
    due: "after-release: soon"
    sections:
      - id: security
        title: Duplicate section id
        owner: securty
        items:
          - id: a
            title: A
            max_age: forever
            requires:
              - kind: junitt
              - kind: junit
                check: {min_test: 3}
          - id: a
            title: Same id again
""")
    problems, returncode = problems_of(repo)
    path = "content/checklists/extra.yml"
    assert returncode == 1
    assert find(problems, "bad-duration", path)["line"] == 6
    assert "did you mean 'security'" in find(problems, "unknown-role", path)["message"]
    assert find(problems, "unknown-role", path)["line"] == 10
    assert find(problems, "unknown-kind", path)["line"] == 16
    assert "did you mean 'junit'" in find(problems, "unknown-kind", path)["message"]
    assert find(problems, "unknown-check-option", path)["line"] == 18
    dup = [p for p in problems if p["code"] == "duplicate-id"]
    assert {p["line"] for p in dup} == {8, 19}
    assert any(p["code"] == "bad-duration" and p["line"] == 14 for p in problems)


def test_schema_error_points_at_the_key(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("content/approvers.yml", "roles:\n  security:\n    members:\n"
               "      - {name: Sam, email: not-an-address}\n")
    problems, _ = problems_of(repo)
    hit = find(problems, "schema", "content/approvers.yml")
    assert hit["line"] == 4 and "not-an-address" in hit["message"]


def test_huge_yaml_is_refused_quickly(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", "version: v1.0.0\nnotes: '" + "x" * (3 << 20) + "'\n")
    problems, _ = problems_of(repo)
    assert find(problems, "yaml-too-large", "evidence/v1.0.0/release.yml")


def test_symlinks_are_refused(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    (repo.root / "evidence/v1.0.0/security/review").mkdir(parents=True)
    (repo.root / "evidence/v1.0.0/security/review/passwd").symlink_to("/etc/passwd")
    problems, _ = problems_of(repo)
    assert find(problems, "symlink", "evidence/v1.0.0/security/review/passwd")


def test_a_named_pipe_is_refused_not_waited_on(tmp_path):
    import os
    repo = mini_repo(tmp_path / "r")
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    (repo.root / "evidence/v1.0.0/security/review").mkdir(parents=True)
    os.mkfifo(repo.root / "evidence/v1.0.0/security/review/probe.txt")
    problems, _ = problems_of(repo)
    assert find(problems, "special-file", "evidence/v1.0.0/security/review/probe.txt")


def test_all_problems_in_one_run_and_text_format(broken):
    broken.write("evidence/v1.0.0/misc/a.txt", "x")
    broken.write("evidence/v1.0.0/misc/b.txt", "x")
    result = broken.evidence("check")
    assert result.returncode == 1
    assert "evidence/v1.0.0/misc/a.txt:1:1: error unbound-file: " in result.stdout
    assert "evidence/v1.0.0/misc/b.txt:1:1: error unbound-file: " in result.stdout
    assert "2 error(s)" in result.stdout


def test_clean_repository_passes(broken):
    result = broken.evidence("check")
    assert result.returncode == 0, result.stdout
    assert "no problems" in result.stdout


def test_duplicate_signoff(broken):
    record = ("kind: signoff\nrole: security\napprover: sam@example.com\n"
              "decision: approved\ndate: 2026-11-01\n")
    broken.write("evidence/v1.0.0/signoffs/security.yml", record)
    broken.write("evidence/v1.0.0/signoffs/security-again.yml", record)
    problems, _ = problems_of(broken)
    hit = find(problems, "duplicate-signoff", "evidence/v1.0.0/signoffs/security.yml")
    assert "signoffs/security-again.yml" in hit["message"]


PLANTED = [
    # (code, file to write, its content, path reported, line, column, text in message)
    ("bad-date", "evidence/v8.0.0/release.yml", "version: v8.0.0\ntarget_date: 2026-02-30\n",
     None, 2, 1, "2026-02-30"),
    ("bad-date", "evidence/v1.0.0/waivers/w.yml",
     "kind: waiver\nitems: [security/review]\ntype: deferred\nreason: later\n"
     "approved_by: sam@example.com\nexpires: 2026-04-31\n", None, 6, 1, "2026-04-31"),
    ("unknown-item", "evidence/v1.0.0/waivers/typo.yml",
     "kind: waiver\ntype: not-applicable\nreason: r\napproved_by: sam@example.com\n"
     "items: [security/review, security/heders]\n", None, 5, 26, "did you mean 'security/headers'"),
    ("unknown-kind", "evidence/v1.0.0/security/review/r.txt.meta.yml",
     "items: [security/review]\nkind: junitt\n", None, 2, 1, "did you mean 'junit'"),
    ("unknown-role", "evidence/v1.0.0/signoffs/s.yml",
     "kind: signoff\napprover: sam@example.com\nrole: securty\ndecision: approved\n"
     "date: 2026-11-01\n", None, 3, 1, "did you mean 'security'"),
    ("yaml-syntax", "evidence/v1.0.0/signoffs/t.yml",
     "kind: signoff\nrole: security\n  approver: sam@example.com\n", None, 3, 11, "indentation"),
    ("yaml-syntax", "evidence/v1.0.0/signoffs/tab.yml", "kind: signoff\n\trole: security\n",
     None, 2, 1, "a tab"),
]


@pytest.mark.parametrize("code,relpath,content,reported,line,column,text", PLANTED,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(PLANTED)])
def test_planted_mistake_is_named_where_it_was_written(broken, code, relpath, content, reported,
                                                        line, column, text):
    broken.write(relpath, content)
    if relpath.endswith(".meta.yml"):
        broken.write(relpath.removesuffix(".meta.yml"), "x")
    problems, returncode = problems_of(broken)
    hit = find(problems, code, reported or relpath)
    assert returncode == 1
    assert (hit["line"], hit["column"]) == (line, column), hit
    assert text in hit["message"], hit


def test_kind_in_front_matter_is_reported_in_the_markdown_file_even_with_a_sidecar(broken):
    broken.write("evidence/v1.0.0/security/review/notes.md", "---\ntitle: x\nkind: runbok\n---\n")
    broken.write("evidence/v1.0.0/security/review/notes.md.meta.yml", "collected: 2026-11-01\n")
    problems, _ = problems_of(broken)
    hit = find(problems, "unknown-kind", "evidence/v1.0.0/security/review/notes.md")
    assert (hit["line"], hit["column"]) == (3, 1)


def test_a_record_that_does_not_parse_is_not_also_called_unbound(broken):
    broken.write("evidence/v1.0.0/signoffs/broken.yml", "kind: signoff\nrole: [security\n")
    broken.write("evidence/v1.0.0/waivers/huge.yml", "kind: waiver\nreason: '"
                 + "x" * (3 << 20) + "'\n")
    broken.write("evidence/v1.0.0/security/reviw/a.txt", "x")
    problems, _ = problems_of(broken)
    codes = {(p["path"], p["code"]) for p in problems}
    assert ("evidence/v1.0.0/signoffs/broken.yml", "yaml-syntax") in codes
    assert ("evidence/v1.0.0/waivers/huge.yml", "yaml-too-large") in codes
    assert ("evidence/v1.0.0/security/reviw/a.txt", "unknown-item") in codes
    assert not [p for p in problems if p["code"] == "unbound-file"], problems


def test_a_checklist_that_does_not_parse_is_not_buried_under_unbound_files(broken):
    broken.write("evidence/v1.0.0/security/review/a.txt", "x")
    broken.write("evidence/v1.0.0/security/headers/b.txt", "x")
    text = (broken.root / "content/checklists/mini.yml").read_text()
    broken.write("content/checklists/mini.yml", text.replace("    sections:", "\tsections:", 1))
    problems, _ = problems_of(broken)
    hit = find(problems, "yaml-syntax", "content/checklists/mini.yml")
    assert "a tab" in hit["message"]
    assert not [p for p in problems if p["code"] in ("unbound-file", "unknown-item")], problems
    unknown = find(problems, "unknown-checklist", "evidence/v1.0.0/release.yml")
    assert "content/checklists/mini.yml has errors" in unknown["message"], unknown


def test_broken_mkdocs_yml_is_a_problem_and_a_build_keeps_the_last_site(broken, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("last good site")
    broken.write("mkdocs.yml", "site_name: [broken\n")
    problems, returncode = problems_of(broken)
    hit = find(problems, "yaml-syntax", "mkdocs.yml")
    assert returncode == 1 and hit["line"] == 2
    built = broken.evidence("build", "--out", str(out), "--no-pdf")
    assert built.returncode == 3 and "Traceback" not in built.stderr
    assert "mkdocs.yml:2" in built.stderr
    assert (out / "index.html").read_text() == "last good site"
