"""GitHub workflow-command annotations and the pull-request summary."""
from __future__ import annotations

from generator.evaluate.diff import diff_report_sets
from generator.model.problems import Problem
from generator.outputs.github import ANNOTATION_CAP, annotation, annotations, pr_summary
from tests.helpers.reports import evidence, report, signoff

RATE = "security-configuration/rate-limiting"


def problem(**changes) -> Problem:
    fields = dict(path="evidence/v1.4.0/a.yml", line=3, column=7, code="unknown-item",
                  severity="error", message="unknown item", hint="check the ref")
    fields.update(changes)
    return Problem(**fields)


def test_annotation_format():
    assert annotation(problem()) == (
        "::error file=evidence/v1.4.0/a.yml,line=3,col=7,title=unknown-item::"
        "unknown item (check the ref)")
    assert annotation(problem(severity="warning", hint="")).startswith("::warning ")
    assert annotation(problem(hint="")).endswith("::unknown item")


def test_properties_escape_percent_newlines_colon_and_comma():
    text = annotation(problem(path="evidence/v1,4:0/100%\r\nx.yml", code="a:b,c"))
    assert "file=evidence/v1%2C4%3A0/100%25%0D%0Ax.yml," in text
    assert "title=a%3Ab%2Cc::" in text


def test_message_escapes_percent_and_newlines_but_keeps_colons():
    text = annotation(problem(message="50% done:\nnext, then", hint="a\rb"))
    assert text.endswith("::50%25 done:%0Anext, then (a%0Db)")
    assert "\n" not in text and "\r" not in text


def test_missing_positions_are_left_out():
    assert annotation(problem(line=0, column=0)).startswith(
        "::error file=evidence/v1.4.0/a.yml,title=unknown-item::")


def test_annotations_one_per_line():
    out = annotations([problem(), problem(severity="warning")])
    assert out.count("\n") == 2 and out.splitlines()[1].startswith("::warning ")
    assert annotations([]) == ""


def test_summary_without_problems_or_changes():
    summary = pr_summary([], None)
    assert summary == "## Evidence check\n\n✅ No problems found.\n"


def test_summary_counts_lists_and_escapes_problems():
    problems = [problem(severity="warning", message="waiver expires <soon>"),
                problem(message="bad | value [x](y)")]
    summary = pr_summary(problems, None)
    assert "❌ 1 error, 1 warning." in summary
    errors_first = summary.index("**error**") < summary.index("**warning**")
    assert errors_first
    assert "`evidence/v1.4.0/a.yml:3:7`" in summary
    assert "<soon>" not in summary and "[x](y)" not in summary and "bad | value" not in summary


def forty_problems() -> list[Problem]:
    """A pull request with 40 problems: 25 errors and 15 warnings, warnings listed first."""
    warnings = [problem(severity="warning", code="uncommitted", line=i + 1) for i in range(15)]
    return warnings + [problem(path=f"evidence/v1.4.0/f{i:02}.yml") for i in range(25)]


def test_annotations_stop_at_githubs_cap_most_severe_first_and_count_the_rest():
    lines = annotations(forty_problems(), summary=True).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert [c.split(" ")[0] for c in commands] == (
        ["::error"] * ANNOTATION_CAP + ["::warning"] * ANNOTATION_CAP + ["::notice"])
    assert commands[0].startswith("::error file=evidence/v1.4.0/f00.yml,")
    notice = commands[-1]
    assert "20 more problems (15 errors, 5 warnings) not annotated" in notice
    assert "every problem is listed in the job summary" in notice
    rest = [line for line in lines if not line.startswith("::")]
    assert len(rest) == 20 and rest[0].startswith("evidence/v1.4.0/f10.yml:3:7: error ")
    assert rest[-1].startswith("evidence/v1.4.0/a.yml:15:7: warning uncommitted")


def test_without_a_summary_the_notice_says_where_else_to_look():
    notice = annotations(forty_problems()).splitlines()[2 * ANNOTATION_CAP]
    assert "run `evidence check --summary FILE` or see the lines below" in notice


def test_the_cap_counts_each_severity_on_its_own():
    ten_each = [problem()] * 10 + [problem(severity="warning")] * 10
    out = annotations(ten_each)
    assert out.count("::error") == 10 and out.count("::warning") == 10
    assert "::notice" not in out
    eleven_warnings = annotations([problem(severity="warning")] * 11)
    assert "1 more problem (0 errors, 1 warning) not annotated" in eleven_warnings


def test_summary_lists_all_forty_problems_errors_first():
    summary = pr_summary(forty_problems(), None)
    assert "❌ 25 errors, 15 warnings." in summary
    assert summary.count("- **error**") == 25 and summary.count("- **warning**") == 15
    assert summary.rindex("- **error**") < summary.index("- **warning**")
    assert "more" not in summary


def test_only_a_summary_past_githubs_size_limit_is_cut_and_says_so():
    many = [problem(line=i + 1, message="x" * 500) for i in range(3000)]
    summary = pr_summary(many, None)
    assert len(summary.encode()) < 1_000_000
    listed = summary.count("- **error**")
    assert 500 < listed < 3000
    assert f"… and {3000 - listed} more: the summary would pass GitHub's 1 MiB limit" in summary


def test_summary_shows_release_changes_and_stale_signoffs():
    path = "evidence/v1.4.0/signoffs/security.yml"
    base = {"v1.4.0": report("v1.4.0", {RATE: "missing"},
                             signoffs=[signoff(path, "security", "jane@example.com")])}
    head = {"v1.4.0": report("v1.4.0", {RATE: "complete"},
                             evidence=[evidence("evidence/v1.4.0/x/headers.http", items=[RATE])],
                             signoffs=[signoff(path, "security", "jane@example.com", stale=True)],
                             ready=True)}
    summary = pr_summary([], diff_report_sets(base, head))
    assert "**This change makes 1 sign-off stale**" in summary
    assert "- v1.4.0: security (jane&#64;example.com) — `evidence/v1.4.0/signoffs/security.yml`" in summary
    assert "## What this change does to the releases" in summary
    assert "### v1.4.0" in summary
    assert f"| Rate limiting (`{RATE}`) | missing |" in summary
    assert "Now complete (1)" in summary
    assert "| Ready | no | yes |" in summary
