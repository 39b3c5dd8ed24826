"""Problem fingerprints: stable across moved lines and changing counts, distinct otherwise."""
from generator.model.problems import Problem
from generator.outputs.fingerprints import fingerprints


def problem(line=3, code="waiver-expiring", path="evidence/v1/waivers/w.yml",
            message="waiver for a/b expires in 9 days (last day 2026-12-01) in v1") -> Problem:
    return Problem(path, line, 1, code, "warning", message)


def test_a_problem_keeps_its_fingerprint_when_its_line_or_a_count_changes():
    today = fingerprints([problem()])
    assert fingerprints([problem(line=40)]) == today
    assert fingerprints([problem(message="waiver for a/b expires in 2 days (last day "
                                         "2026-12-01) in v1")]) == today


def test_another_code_file_or_message_is_another_fingerprint():
    base = fingerprints([problem()])[0]
    others = fingerprints([problem(code="evidence-expiring"), problem(path="evidence/v1/x.yml"),
                           problem(message="waiver for a/c expires in 9 days")])
    assert base not in others and len(set(others)) == 3


def test_look_alike_problems_in_one_file_are_told_apart_by_their_order():
    twins = [problem(line=9, message="unknown item x-2"), problem(line=4, message="unknown item x-1")]
    first, second = fingerprints(twins)
    assert first != second
    assert fingerprints(list(reversed(twins))) == [second, first]
