"""Real tool outputs (tests/fixtures/kinds/real/) in a real repository, through `evidence
check` and `evidence status`: what a reader of the item and of the check sees."""
import json

from tests.helpers.mini_project import CHECKLIST, mini_repo, release_yml
from tests.helpers.paths import KIND_FIXTURES

REAL = KIND_FIXTURES / "real"
HEADERS = "evidence/v1.0.0/security/headers"
TESTS_ITEM = """\
          - id: tests
            title: Tests pass
            max_age: 30d
            requires:
              - kind: junit
          - id: sast
            title: Static analysis
            requires:
              - kind: sarif
                check: {fail_on: none, fail_on_security_severity: medium}
"""


def repository(tmp_path):
    repo = mini_repo(tmp_path / "r")
    repo.write("content/checklists/mini.yml", CHECKLIST.replace(
        "          - id: review\n", TESTS_ITEM + "          - id: review\n"))
    repo.write("evidence/v1.0.0/release.yml", release_yml("v1.0.0"))
    repo.commit("Release", date="2026-10-02T09:00:00+00:00")
    return repo


def copy(repo, name: str, to: str) -> None:
    repo.write(to, (REAL / name).read_bytes())


def check(repo):
    result = repo.evidence("check", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["problems"]


def items(repo):
    result = repo.evidence("status", "v1.0.0", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return {item["ref"]: item for item in json.loads(result.stdout)["items"]}


def test_curl_v_past_4_kb_and_utf16_curl_are_read_as_http_headers(tmp_path):
    repo = repository(tmp_path)
    copy(repo, "curl-v-win-schannel-long-preamble-crlf.txt", f"{HEADERS}/schannel.txt")
    repo.commit("Headers", date="2026-11-01T10:00:00+00:00")
    headers = items(repo)["security/headers"]
    # read, not "no http-headers evidence": the response lacks the header the item requires
    assert headers["status"] == "failed"
    assert headers["reasons"] == [f"{HEADERS}/schannel.txt: required header 'x-frame-options' "
                                  "is missing from the final response"]
    copy(repo, "curl-win-ps51-utf16le-bom-v-get.txt", f"{HEADERS}/powershell.txt")
    repo.commit("More headers", date="2026-11-02T10:00:00+00:00")
    headers = items(repo)["security/headers"]
    assert headers["reasons"][0].startswith(f"{HEADERS}/powershell.txt: required header")


def test_a_file_serving_no_requirement_is_named_in_check_and_in_the_item(tmp_path):
    repo = repository(tmp_path)
    copy(repo, "notjunit-nunit3-test-run-bom.xml", f"{HEADERS}/results.xml")
    repo.commit("Results", date="2026-11-01T10:00:00+00:00")
    [warning] = [p for p in check(repo) if p["code"] == "serves-no-requirement"]
    assert warning["path"] == f"{HEADERS}/results.xml" and warning["severity"] == "warning"
    assert warning["message"] == ("serves no requirement of security/headers: recognised as "
                                  "any, the item asks for http-headers")
    assert f"declare `kind: http-headers` in {HEADERS}/results.xml.meta.yml" in warning["hint"]
    headers = items(repo)["security/headers"]
    assert headers["status"] == "missing"
    assert headers["reasons"] == [
        f"no http-headers evidence ({HEADERS}/results.xml serves no requirement of this item)",
        f"{HEADERS}/results.xml serves no requirement of this item: it was recognised as any; "
        f"if it is http-headers evidence, declare `kind: http-headers` in "
        f"{HEADERS}/results.xml.meta.yml"]
    repo.write(f"{HEADERS}/results.xml.meta.yml", "kind: any\n")     # "it only supports"
    repo.commit("Declared", date="2026-11-02T10:00:00+00:00")
    assert not [p for p in check(repo) if p["code"] == "serves-no-requirement"]


def test_a_testng_report_with_an_ambiguous_zone_is_dated_and_warned_about(tmp_path):
    repo = repository(tmp_path)
    copy(repo, "junit-testng-junitreport-skipped-IST.xml", "evidence/v1.0.0/security/tests/t.xml")
    repo.commit("Tests", date="2026-11-01T10:00:00+00:00")
    [warning] = [p for p in check(repo) if p["code"] == "unclear-time"]
    assert warning["path"] == "evidence/v1.0.0/security/tests/t.xml"
    assert "'2023-08-13T13:26:48 IST'" in warning["message"]
    tests = items(repo)["security/tests"]
    # a 2023 report is stale under max_age 30d, not fresh by its 2026 commit
    assert tests["status"] == "stale"
    assert "collected 2023-08-13T07:56:48Z is older than max_age 30d" in tests["reasons"][0]
    assert any("names several time zones" in r for r in tests["reasons"])


def test_sarif_security_severity_option_in_a_checklist(tmp_path):
    repo = repository(tmp_path)
    copy(repo, "sarif-trivy-image.sarif", "evidence/v1.0.0/security/sast/trivy.sarif")
    repo.commit("Scan", date="2026-11-01T10:00:00+00:00")
    assert not [p for p in check(repo) if p["severity"] == "error"]
    sast = items(repo)["security/sast"]
    assert sast["status"] == "failed"
    assert sast["reasons"][0].startswith("evidence/v1.0.0/security/sast/trivy.sarif: 4 "
                                         "unsuppressed results of security severity medium")
    assert 'CVE-2019-1549 "openssl: information disclosure in fork()" 5.3 medium' in \
        sast["reasons"][0]


def test_an_unknown_security_severity_threshold_is_a_definition_error(tmp_path):
    repo = repository(tmp_path)
    repo.write("content/checklists/mini.yml", CHECKLIST.replace(
        "          - id: review\n", TESTS_ITEM.replace("medium", "severe")
        + "          - id: review\n"))
    repo.commit("Typo", date="2026-11-01T10:00:00+00:00")
    [error] = [p for p in check(repo) if "fail_on_security_severity" in p["message"]]
    assert error["severity"] == "error" and "critical" in error["message"]


def test_a_private_key_is_reported_at_its_begin_line(tmp_path):
    repo = repository(tmp_path)
    copy(repo, "cpython-keycert.pem", "evidence/v1.0.0/security/review/keycert.pem")
    repo.commit("Oops", date="2026-11-01T10:00:00+00:00")
    [found] = [p for p in check(repo) if p["code"] == "secret-in-evidence"]
    assert (found["path"], found["line"], found["column"]) == (
        "evidence/v1.0.0/security/review/keycert.pem", 1, 1)


def test_a_forged_signoff_whose_scope_changed_reads_unverified(tmp_path):
    repo = repository(tmp_path)
    copy(repo, "curl-I-juiceshop-evidence-crlf.txt", f"{HEADERS}/juice.http")
    repo.commit("Headers", date="2026-11-01T10:00:00+00:00")
    repo.write("evidence/v1.0.0/signoffs/security.yml",
               "kind: signoff\nrole: security\napprover: sam@example.com\n"
               "decision: approved\ndate: 2026-11-01\n")
    repo.commit("Sign off for Sam", date="2026-11-01T11:00:00+00:00")     # by Ada: forged
    copy(repo, "curl-I-headers-crlf.txt", f"{HEADERS}/juice.http")
    repo.commit("Changed after the sign-off", date="2026-11-01T12:00:00+00:00")
    approval = items(repo)["approvals/security-approval"]
    assert approval["status"] == "unverified"
    assert approval["reasons"][0] == ("evidence/v1.0.0/signoffs/security.yml: signer not proven "
                                      "(and stale)")
    assert any("changed" in r and "juice.http" in r for r in approval["reasons"][1:])
