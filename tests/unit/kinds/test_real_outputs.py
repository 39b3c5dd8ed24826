"""What real tools wrote in public projects (tests/fixtures/kinds/real/, sources in its README):
recognised as the right kind and read as the tool meant it."""
from datetime import datetime, timezone

import pytest

from generator.kinds import check_evidence, detect_kind
from generator.kinds.http_headers import VERBOSE_SNIFF_BYTES
from generator.kinds.kind import HEAD_BYTES
from tests.helpers.paths import KIND_FIXTURES

REAL = KIND_FIXTURES / "real"
UTC = timezone.utc


def data(name: str) -> bytes:
    return (REAL / name).read_bytes()


def checked(kind: str, name: str, **options):
    return check_evidence(kind, data(name), options, f"evidence/v1/s/a/{name}")


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# -- JUnit ---------------------------------------------------------------------------------

# file -> (verdict, (tests, failures, errors, skipped), collected time or None)
JUNIT = {
    "junit-bazel-test-setup-error.xml": ("fail", (1, 0, 1, 0), None),
    "junit-cargo-nextest.xml": ("fail", (3, 1, 0, 0), utc(2024, 1, 9, 7, 50, 12, 664000)),
    "junit-container-structure-test.xml": ("pass", (3, 0, 0, 0), None),
    "junit-disabled-with-failure.xml": ("pass", (1, 0, 0, 1), None),
    "junit-dotnet-junitxml-testlogger.xml": ("fail", (4, 4, 0, 0), utc(2022, 7, 12, 10, 59, 40)),
    "junit-gitleaks.xml": ("fail", (2, 2, 0, 0), None),
    "junit-go-junit-report-failskip.xml": ("fail", (5, 1, 0, 2), utc(2022, 1, 1)),
    "junit-go-junit-report-no-xml-decl.xml": ("pass", (2, 0, 0, 0), utc(2022, 1, 1)),
    "junit-jest-junit.xml": ("pass", (3, 0, 0, 0), utc(2023, 11, 15, 6, 21, 16)),
    "junit-mocha-junit-reporter.xml": ("pass", (5, 0, 0, 0), utc(2022, 12, 14, 19, 12, 22)),
    "junit-mocha-xunit-2018.xml": ("pass", (2, 0, 0, 0), utc(2018, 2, 3, 13, 5, 16)),
    "junit-mocha-xunit-rfc1123.xml": ("pass", (1, 0, 0, 0), utc(2014, 6, 23, 22, 20, 36)),
    "junit-phpunit-11.xml": ("fail", (12, 2, 0, 0), None),
    "junit-phpunit-2012.xml": ("pass", (1, 0, 0, 0), None),
    "junit-playwright-failure.xml": ("fail", (27, 1, 0, 0), utc(2024, 11, 9, 14, 28, 20, 541000)),
    "junit-playwright.xml": ("pass", (6, 0, 0, 0), utc(2026, 2, 21, 3, 59, 0, 191000)),
    "junit-pytest-7.xml": ("pass", (1, 0, 0, 0), utc(2023, 11, 15, 9, 50, 53, 21458)),
    "junit-pytest-8.xml": ("pass", (45, 0, 0, 0), utc(2025, 7, 9, 6, 12, 35, 56084)),
    "junit-surefire-apptest.xml": ("pass", (1, 0, 0, 0), None),
    "junit-surefire-errors-failures.xml": ("fail", (9, 2, 5, 0), None),
    "junit-testng-junitreport-error-GMT.xml": ("fail", (2, 0, 1, 0), utc(2023, 8, 12, 7, 42, 36)),
    "junit-testng-junitreport-skipped-IST.xml": ("pass", (2, 0, 0, 1), utc(2023, 8, 13, 7, 56, 48)),
    "junit-testng-junitxmlreporter-failure.xml": ("fail", (1, 1, 0, 0), utc(2023, 8, 14, 6, 1, 54)),
    "junit-tst-cpp-disabled.xml": ("fail", (31, 19, 1, 5), None),
    "junit-vitest.xml": ("pass", (3, 0, 0, 0), utc(2023, 11, 15, 6, 22, 48, 121000)),
    "junit-xunitnet-converted.xml": ("pass", (2, 0, 0, 0), None),
}


@pytest.mark.parametrize("name", sorted(JUNIT))
def test_real_junit_reports_are_recognised_counted_and_dated(name):
    verdict_name, counts, collected = JUNIT[name]
    assert detect_kind(f"evidence/v1/{name}", data(name)) == "junit"
    verdict = checked("junit", name)
    totals = verdict.details["totals"]
    assert verdict.verdict == verdict_name, verdict.reasons
    assert (totals["tests"], totals["failures"], totals["errors"], totals["skipped"]) == counts
    assert verdict.collected_at == collected


@pytest.mark.parametrize("name, root", [
    ("notjunit-nunit3-test-run-bom.xml", "test-run"),
    ("notjunit-testng-results.xml", "testng-results"),
    ("notjunit-xunitnet-v2-native-bom.xml", "assemblies"),
])
def test_other_test_formats_are_not_taken_for_junit(name, root):
    assert detect_kind(f"evidence/v1/{name}", data(name)) == "any"
    verdict = checked("junit", name)
    assert verdict.verdict == "invalid" and f"<{root}>" in verdict.reasons[0]


def test_reasons_name_the_first_failing_tests_then_how_many_more():
    [reason] = checked("junit", "junit-surefire-errors-failures.xml").reasons
    assert reason.startswith(
        "2 failed and 5 errored of 9 tests: "
        "EmailAddressTest.shouldNotContainInternationalizedHostNames "
        "(Invalid email address 'user@ñandú.com.ar'); "
        "EmailAddressTest.shouldBeStricterThanRfc2821 (")
    assert reason.count("EmailAddressTest.") == 3 and reason.endswith(" and 4 more")


def test_one_test_is_one_test_and_a_count_of_zero_is_not_written():
    [reason] = checked("junit", "junit-bazel-test-setup-error.xml").reasons
    assert reason == ("1 errored of 1 test: bazel/failing_absl_test "
                      "(exited with error code 1)")


def test_failing_names_read_as_each_reporter_writes_them():
    playwright = checked("junit", "junit-playwright-failure.xml").reasons[0]
    assert "tests/ fail.spec.js › has title (fail.spec.js:4:1 has title)" in playwright
    dotnet = checked("junit", "junit-dotnet-junitxml-testlogger.xml").reasons[0]
    assert dotnet.startswith("4 failed of 4 tests: UnitTest.Test1 (Assert.IsTrue failed.); ")
    assert dotnet.endswith(" and 1 more")


def test_a_disabled_test_holding_a_failure_counts_as_skipped_and_keeps_the_message():
    verdict = checked("junit", "junit-disabled-with-failure.xml")
    assert verdict.verdict == "pass"
    strict = checked("junit", "junit-disabled-with-failure.xml", allow_skipped=False)
    [reason] = strict.reasons
    assert reason.startswith("1 test was skipped and allow_skipped is false: "
                             "MiscTests - OS X › testSmemArithmetic (marked disabled")
    assert "its <failure> is not counted: Assert: Boolean true check failed." in reason


def test_testcases_with_status_disabled_and_no_child_are_skipped():
    verdict = checked("junit", "junit-tst-cpp-disabled.xml")
    assert verdict.details["totals"]["skipped"] == 5      # the report's own disabled='5'


def test_rfc_1123_and_gmt_string_timestamps_are_read_not_replaced_by_the_commit_time():
    mocha = checked("junit", "junit-mocha-xunit-rfc1123.xml")        # Mon, 23 Jun 2014 ...
    assert mocha.collected_at == utc(2014, 6, 23, 22, 20, 36) and mocha.notes == ()
    testng = checked("junit", "junit-testng-junitreport-error-GMT.xml")   # 12 Aug 2023 ... GMT
    assert testng.collected_at == utc(2023, 8, 12, 7, 42, 36) and testng.notes == ()


def test_an_ambiguous_zone_abbreviation_is_read_earliest_with_a_note_quoting_it():
    verdict = checked("junit", "junit-testng-junitreport-skipped-IST.xml")
    [(code, message)] = verdict.notes
    assert code == "unclear-time"
    assert message.startswith("timestamp '2023-08-13T13:26:48 IST': 'IST' names several")
    assert "read as India +05:30, the earliest reading" in message


def test_an_unreadable_timestamp_says_the_commit_time_is_used():
    report = data("junit-mocha-xunit-rfc1123.xml").replace(
        b"Mon, 23 Jun 2014 22:20:36 GMT", b"Monday the 23rd")
    verdict = check_evidence("junit", report, {}, "r.xml")
    assert verdict.collected_at is None
    [(code, message)] = verdict.notes
    assert code == "unclear-time" and "'Monday the 23rd'" in message
    assert "the time of the commit that added the file is used instead" in message


# -- SARIF ---------------------------------------------------------------------------------

# file -> (verdict, counts per level error..none)
SARIF = {
    "sarif-bandit.sarif": ("pass", (0, 1, 0, 0)),
    "sarif-checkov.sarif": ("fail", (4, 0, 0, 0)),
    "sarif-codeql-custom-query-small.sarif": ("pass", (0, 0, 1, 0)),
    "sarif-codeql-java-no-results-fatal-notification.sarif": ("pass", (0, 0, 0, 0)),
    "sarif-codeql-python-results.sarif": ("fail", (14, 1, 0, 0)),
    "sarif-eslint-empty.sarif": ("pass", (0, 0, 0, 0)),
    "sarif-eslint-executionSuccessful-false.sarif": ("fail", (0, 0, 0, 0)),
    "sarif-eslint-results.sarif": ("fail", (36, 0, 0, 0)),
    "sarif-gitleaks.sarif": ("pass", (0, 1, 0, 0)),
    "sarif-grype-image.sarif": ("fail", (1, 0, 1, 0)),
    "sarif-osv-scanner-empty.sarif": ("pass", (0, 0, 0, 0)),
    "sarif-osv-scanner-snapshot-results.sarif": ("fail", (0, 3, 0, 0)),
    "sarif-pmd-6.47-apex.sarif": ("pass", (0, 2, 0, 0)),
    "sarif-pmd-configerror-executionSuccessful-false.sarif": ("fail", (0, 0, 0, 0)),
    "sarif-pmd-multiple.sarif": ("fail", (1, 0, 2, 0)),
    "sarif-pmd-processing-error-template.sarif": ("fail", (0, 0, 0, 0)),
    "sarif-semgrep-error-notification.sarif": ("pass", (0, 0, 0, 0)),
    "sarif-semgrep-suppressed.sarif": ("pass", (0, 0, 0, 0)),
    "sarif-snyk-container.sarif": ("pass", (0, 0, 1, 0)),
    "sarif-snyk-iac-no-schema.sarif": ("fail", (5, 24, 0, 0)),
    "sarif-snyk-open-source.sarif": ("fail", (1, 5, 1, 0)),
    "sarif-trivy-0.68-empty.sarif": ("pass", (0, 0, 0, 0)),
    "sarif-trivy-2020-template.sarif": ("fail", (4, 0, 0, 0)),
    "sarif-trivy-image.sarif": ("pass", (0, 4, 0, 0)),
}


@pytest.mark.parametrize("name", sorted(SARIF))
def test_real_sarif_logs_are_recognised_and_counted(name):
    verdict_name, counts = SARIF[name]
    assert detect_kind(f"evidence/v1/{name}", data(name)) == "sarif"
    verdict = checked("sarif", name)
    assert verdict.verdict == verdict_name, verdict.reasons
    assert tuple(verdict.details["counts"].values()) == counts


@pytest.mark.parametrize("name", ["sarif-v1-binskim-bom-confignotification.sarif",
                                  "sarif-v1-roslyn-analyzer-rules-bom.sarif"])
def test_sarif_1_logs_are_refused_with_their_version(name):
    verdict = checked("sarif", name)
    assert verdict.verdict == "invalid" and "'1.0.0' is not supported" in verdict.reasons[0]


def test_a_warning_github_rates_high_fails_by_default():
    """osv-scanner writes a warning for CVE-2022-24713, whose rule has security-severity 7.5."""
    verdict = checked("sarif", "sarif-osv-scanner-snapshot-results.sarif")
    assert verdict.details["counts"]["error"] == 0
    [reason] = verdict.reasons
    assert reason.startswith("2 unsuppressed results of security severity high or above "
                             "(rules: CVE-2022-24713 \"CVE-2022-24713: Regexes with large")
    assert reason.endswith(" 7.5 high ×2)")
    finding = verdict.details["findings"][0]
    assert finding["security_severity"] == "7.5 high" and finding["level"] == "warning"
    assert checked("sarif", "sarif-osv-scanner-snapshot-results.sarif",
                   fail_on_security_severity="critical").verdict == "pass"
    assert checked("sarif", "sarif-osv-scanner-snapshot-results.sarif",
                   fail_on_security_severity="none").verdict == "pass"


def test_security_severity_overrides_a_low_level_and_medium_catches_more():
    grype = checked("sarif", "sarif-grype-image.sarif", fail_on="none")   # levels note / error
    assert grype.verdict == "fail" and "8.5 high" in grype.reasons[0] and "8.2 high" in grype.reasons[0]
    trivy = "sarif-trivy-image.sarif"                                      # 5.3: medium
    assert checked("sarif", trivy).verdict == "pass"
    medium = checked("sarif", trivy, fail_on_security_severity="medium")
    assert medium.verdict == "fail" and "5.3 medium" in medium.reasons[0]
    assert checked("sarif", "sarif-snyk-container.sarif").details["security_severity"] == {
        "critical": 0, "high": 0, "medium": 1, "low": 0}


def test_rules_are_shown_with_their_names():
    codeql = checked("sarif", "sarif-codeql-python-results.sarif",
                     fail_on_security_severity="none")
    [reason] = codeql.reasons
    assert ('py/path-injection "Uncontrolled data used in path expression" ×11' in reason)
    finding = next(f for f in codeql.details["findings"] if f["rule_id"] == "py/path-injection")
    assert finding["rule"] == "Uncontrolled data used in path expression"
    checkov = checked("sarif", "sarif-checkov.sarif").reasons[0]
    assert 'CKV2_AWS_5 "Ensure that Security Groups are attached to another resource" ×2' in checkov


def test_a_failed_execution_quotes_the_tools_configuration_notification():
    [reason] = checked("sarif", "sarif-eslint-executionSuccessful-false.sarif").reasons
    assert reason == ("run 0 (ESLint 8.46.0): the tool reports its execution did not succeed "
                      "(executionSuccessful: false); it says: configuration error ESL0999: "
                      "\"Parsing error: Unexpected token extends\"")


def test_a_failed_execution_quotes_the_tools_execution_notification():
    [reason] = checked("sarif", "sarif-pmd-processing-error-template.sarif").reasons
    assert reason.endswith('it says: execution warning: "RuntimeException: Error"')
    [config] = checked("sarif", "sarif-pmd-configerror-executionSuccessful-false.sarif").reasons
    assert config.endswith('it says: configuration warning Foo: "a configuration error"')


@pytest.mark.parametrize("name, quoted", [
    ("sarif-codeql-java-no-results-fatal-notification.sarif",
     'execution error cli/database/analyze: "A fatal error occurred: Could not process query'),
    ("sarif-semgrep-error-notification.sarif",
     'execution error SemgrepError: "File not found: targets/basic/inexistent.py"'),
])
def test_an_error_from_a_run_marked_successful_is_a_note_not_a_failure(name, quoted):
    verdict = checked("sarif", name)
    assert verdict.verdict == "pass"
    [(code, message)] = verdict.notes
    assert code == "tool-error" and "although its execution is marked successful" in message
    assert quoted in message
    assert verdict.details["notifications"][0]["level"] == "error"


# -- curl ----------------------------------------------------------------------------------

# file -> (status line of the final response, number of responses)
CURL = {
    "curl-I-evidence-appended-after-capture.txt": ("HTTP/1.1 200 OK", 1),
    "curl-I-headers-crlf.txt": ("HTTP/1.1 200 OK", 1),
    "curl-I-juiceshop-evidence-crlf.txt": ("HTTP/1.1 200 OK", 1),
    "curl-v-L-https-redirect-loop.txt": ("HTTP/2 301", 51),
    "curl-v-win-schannel-long-preamble-crlf.txt": ("HTTP/1.1 200 OK", 1),
    "curl-win-ps51-utf16le-bom-v-get.txt": ("HTTP/1.1 403 Forbidden", 1),
    "curl-win-ps51-utf16le-bom-v-i-post.txt": ("HTTP/1.1 500 Internal Server Error", 1),
    "derived-curl-I-juiceshop-utf8-bom.txt": ("HTTP/1.1 200 OK", 1),
    "derived-curl-win-ps-utf8-bom-v-get.txt": ("HTTP/1.1 403 Forbidden", 1),
}


@pytest.mark.parametrize("name", sorted(CURL))
def test_real_curl_output_is_recognised_and_read(name):
    status_line, responses = CURL[name]
    assert detect_kind(f"evidence/v1/{name}", data(name)) == "http-headers"
    verdict = checked("http-headers", name)
    assert verdict.verdict == "pass", verdict.reasons
    assert verdict.details["status_line"] == status_line
    assert verdict.details["responses"] == responses


def test_a_utf8_byte_order_mark_is_dropped():
    plain = checked("http-headers", "curl-I-juiceshop-evidence-crlf.txt", require=["x-frame-options"])
    marked = checked("http-headers", "derived-curl-I-juiceshop-utf8-bom.txt",
                     require=["x-frame-options"])
    assert marked.verdict == "pass" and marked.details == plain.details


def test_windows_powershell_utf16_output_is_read_as_text():
    verdict = checked("http-headers", "curl-win-ps51-utf16le-bom-v-get.txt",
                      status=200, require=["strict-transport-security"])
    assert verdict.reasons == (
        "final response status is 403 ('HTTP/1.1 403 Forbidden'), expected 200",
        "required header 'strict-transport-security' is missing from the final response")
    headers = dict(verdict.details["headers"])
    assert headers["Server"] == "Google Frontend" and headers["Content-Length"] == "318"
    assert verdict.details == checked("http-headers",
                                      "derived-curl-win-ps-utf8-bom-v-get.txt").details


def test_curl_v_is_recognised_past_4_kb_of_tls_chatter_within_the_bound():
    name = "curl-v-win-schannel-long-preamble-crlf.txt"
    whole = data(name)
    assert whole.index(b"< HTTP/") > HEAD_BYTES            # 4159 bytes of '*' lines first
    assert detect_kind("evidence/v1/out.txt", whole) == "http-headers"
    assert detect_kind("evidence/v1/out.txt", whole[:HEAD_BYTES]) == "any"
    pushed = b"* schannel: chatter\r\n" * (VERBOSE_SNIFF_BYTES // 20) + whole
    assert detect_kind("evidence/v1/out.txt", pushed) == "any"      # beyond the bound
    assert dict(checked("http-headers", name).details["headers"])["Server"] == "Google Frontend"
