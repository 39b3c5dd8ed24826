from datetime import datetime, timezone

from generator.kinds import check_evidence
from tests.helpers.paths import KIND_FIXTURES

FIXTURES = KIND_FIXTURES


def check(data: bytes, **options):
    return check_evidence("junit", data, options, "report.xml")


def check_fixture(name: str, **options):
    return check((FIXTURES / name).read_bytes(), **options)


def test_pytest_passing_suite_passes_with_totals_and_time():
    verdict = check_fixture("pytest-pass.xml")
    assert verdict.verdict == "pass" and verdict.reasons == ()
    totals = verdict.details["totals"]
    assert (totals["tests"], totals["failures"], totals["errors"], totals["skipped"]) == (3, 0, 0, 1)
    assert verdict.collected_at.tzinfo is not None
    assert verdict.details["failed_tests"] == []


def test_pytest_failing_suite_lists_failure_and_error():
    verdict = check_fixture("pytest-fail.xml")
    assert verdict.verdict == "fail"
    [reason] = verdict.reasons
    assert reason.startswith("1 failed and 1 errored of 3 tests: "
                             "suite_failing.test_fails (AssertionError: arithmetic is broken); "
                             "suite_failing.test_errors (failed on setup")
    failed = {t["name"]: t for t in verdict.details["failed_tests"]}
    assert failed["test_fails"]["outcome"] == "failure"
    assert failed["test_fails"]["message"] == "AssertionError: arithmetic is broken"
    assert failed["test_fails"]["classname"] == "suite_failing"
    assert failed["test_errors"]["outcome"] == "error"


def test_jest_junit_failure_message_comes_from_the_text_and_naive_time_is_utc():
    verdict = check_fixture("jest-junit.xml")
    assert verdict.verdict == "fail"
    [failed] = verdict.details["failed_tests"]
    assert failed["name"] == "sum fails on purpose"
    assert failed["message"].startswith("Error: expect(received).toBe(expected)")
    assert "\n" not in failed["message"]
    assert verdict.collected_at.utcoffset().total_seconds() == 0
    assert verdict.details["totals"]["skipped"] == 1


def test_surefire_bare_testsuite_flaky_is_not_a_failure_and_times_have_separators():
    verdict = check_fixture("surefire-TEST-com.example.AppTest.xml")
    totals = verdict.details["totals"]
    assert (totals["tests"], totals["failures"], totals["skipped"]) == (5, 1, 1)
    assert totals["time"] == 1234.5
    assert verdict.details["slowest_tests"][0] == {
        "classname": "com.example.AppTest", "name": "handlesLargeInput", "time": 1230.1}
    assert verdict.details["failed_tests"][0]["message"] == "expected: <400> but was: <200>"
    assert verdict.collected_at == datetime(2026, 11, 20, 14, 3, 11, tzinfo=timezone.utc)


def test_go_junit_report_several_suites_latest_timestamp_decides():
    verdict = check_fixture("go-junit-report.xml")
    assert verdict.verdict == "pass"
    assert verdict.details["suites"] == 2
    assert verdict.details["totals"]["tests"] == 3
    assert verdict.collected_at == datetime(2026, 11, 21, 8, 15, 4, tzinfo=timezone.utc)


def test_min_tests():
    assert check_fixture("go-junit-report.xml", min_tests=3).verdict == "pass"
    verdict = check_fixture("go-junit-report.xml", min_tests=4)
    assert verdict.verdict == "fail"
    assert verdict.reasons == ("3 tests ran, fewer than min_tests 4",)


def test_allow_skipped_false_fails_on_skipped_tests():
    assert check_fixture("pytest-pass.xml", allow_skipped=True).verdict == "pass"
    verdict = check_fixture("pytest-pass.xml", allow_skipped=False)
    assert verdict.verdict == "fail"
    assert verdict.reasons == ("1 test was skipped and allow_skipped is false: "
                               "suite_passing.test_skipped (shows a skipped test)",)


def test_no_tests_fails():
    verdict = check(b"<testsuites/>")
    assert verdict.verdict == "fail" and verdict.reasons == ("the report contains no tests",)


def test_suite_counts_are_used_when_it_lists_no_cases():
    verdict = check(b'<testsuite name="s" tests="5" failures="1" errors="0" skipped="0"/>')
    assert verdict.verdict == "fail"
    assert verdict.details["totals"]["tests"] == 5
    assert verdict.details["totals"]["failures"] == 1


def test_suite_attribute_cannot_hide_a_failed_case():
    data = (b'<testsuite name="s" tests="1" failures="0"><testcase name="t">'
            b'<failure message="boom"/></testcase></testsuite>')
    assert check(data).details["totals"]["failures"] == 1


def test_suite_level_error_without_a_case_counts():
    data = b'<testsuite name="s" tests="1" errors="1"><testcase name="t"/></testsuite>'
    verdict = check(data)
    assert verdict.verdict == "fail" and verdict.details["totals"]["errors"] == 1


def test_nested_suites_are_not_counted_twice():
    data = (b'<testsuites><testsuite name="outer" tests="2" failures="0">'
            b'<testsuite name="inner"><testcase name="a"/><testcase name="b"/></testsuite>'
            b'</testsuite></testsuites>')
    verdict = check(data)
    assert verdict.verdict == "pass" and verdict.details["totals"]["tests"] == 2


def test_cases_placed_beside_nested_suites_count():
    data = (b'<testsuite name="outer" tests="3" failures="1"><testcase name="direct"><failure/></testcase>'
            b'<testsuite name="inner"><testcase name="a"/><testcase name="b"/></testsuite></testsuite>')
    totals = check(data).details["totals"]
    assert (totals["tests"], totals["failures"]) == (3, 1)


def test_entity_bomb_and_external_entity_are_refused():
    for name in ("malformed-entity-bomb.xml", "malformed-external-entity.xml"):
        verdict = check_fixture(name)
        assert verdict.verdict == "invalid"
        assert "refused for safety" in verdict.reasons[0] and "DTD" in verdict.reasons[0]


def test_entities_without_a_doctype_are_refused_too():
    verdict = check(b'<testsuite name="&lol;"/>')
    assert verdict.verdict == "invalid"


def test_truncated_xml_names_line_and_column():
    verdict = check_fixture("malformed-truncated.xml")
    assert verdict.verdict == "invalid"
    assert "not well-formed XML: line 1 column" in verdict.reasons[0]


def test_binary_junk_and_wrong_root_are_invalid():
    assert check_fixture("malformed-binary.bin").verdict == "invalid"
    verdict = check(b"<html><body/></html>")
    assert verdict.verdict == "invalid" and "<html>" in verdict.reasons[0]
    assert check(b"").verdict == "invalid"


def test_count_attribute_that_is_not_a_number_is_invalid():
    verdict = check(b'<testsuite name="s" tests="many"/>')
    assert verdict.verdict == "invalid" and "tests='many'" in verdict.reasons[0]


def test_long_failure_messages_are_truncated_to_their_first_line():
    message = "x" * 500
    data = (f'<testsuite><testcase name="t"><failure message="{message}&#10;second"/>'
            f'</testcase></testsuite>').encode()
    [failed] = check(data).details["failed_tests"]
    assert len(failed["message"]) == 200 and failed["message"].endswith("…")


def test_failed_tests_list_is_capped_and_slowest_are_ordered():
    cases = "".join(f'<testcase name="t{i}" time="{i}"><failure/></testcase>' for i in range(60))
    verdict = check(f"<testsuite>{cases}</testsuite>".encode())
    assert len(verdict.details["failed_tests"]) == 50
    assert verdict.details["failed_tests_not_listed"] == 10
    assert [t["name"] for t in verdict.details["slowest_tests"]] == ["t59", "t58", "t57", "t56", "t55"]


def test_slowest_tests_list_every_test_of_a_small_report_even_at_zero_seconds():
    data = (b'<testsuite><testcase name="a" time="0.000"/><testcase name="b" time="0.012"/>'
            b'<testcase name="c" time="0"/><testcase name="d"/></testsuite>')
    names = [t["name"] for t in check(data).details["slowest_tests"]]
    assert names[0] == "b" and sorted(names) == ["a", "b", "c", "d"]


def test_timestamp_with_offset_is_kept_aware():
    data = b'<testsuite timestamp="2026-11-20T12:00:00+02:00"><testcase name="a"/></testsuite>'
    assert check(data).collected_at == datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)


def test_a_time_that_is_no_finite_number_counts_as_zero():
    data = (b'<testsuite time="NaN"><testcase name="a" time="nan"/><testcase name="b" time="inf"/>'
            b'<testcase name="c" time="-Infinity"/><testcase name="d" time="0.5"/></testsuite>')
    details = check(data).details
    assert details["totals"]["time"] == 0.5
    assert [t["time"] for t in details["slowest_tests"]] == [0.5, 0.0, 0.0, 0.0]
