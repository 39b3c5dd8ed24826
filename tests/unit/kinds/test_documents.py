import pytest

from generator.kinds import check_evidence

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20


def document(text: str, **options):
    return check_evidence("document", text.encode(), options, "notes.md")


def test_document_with_text_passes_and_counts_words():
    verdict = document("# Rollback\n\nRun the rollback job, then check the dashboard.\n",
                       min_words=9)
    assert verdict.passed and verdict.details["words"] == 9


def test_front_matter_only_is_empty():
    verdict = document("---\nitems: [ops/rollback]\nkind: runbook\n---\n\n  \n")
    assert verdict.verdict == "fail"
    assert verdict.reasons == ("the document is empty (nothing after its front matter)",)


def test_front_matter_words_do_not_count():
    text = "---\nitems: [ops/rollback]\ntitle: many words in the front matter here\n---\nShort text.\n"
    verdict = document(text, min_words=3)
    assert verdict.reasons == ("the document has 2 words, fewer than min_words 3",)
    assert document(text, min_words=2).passed


def test_unclosed_front_matter_is_invalid():
    verdict = document("---\nitems: [ops/rollback]\n# Title\n")
    assert verdict.verdict == "invalid" and "never closed" in verdict.reasons[0]


def test_thematic_break_later_in_text_is_not_front_matter():
    assert document("Intro\n\n---\n\nMore\n", min_words=1).details["words"] == 2


def test_empty_document_fails_and_non_utf8_is_invalid():
    assert document("").verdict == "fail"
    assert check_evidence("runbook", b"\xff\xfe\x00bad", {}, "r.md").verdict == "invalid"


def test_min_words_must_be_a_positive_number():
    assert document("text", min_words=0).verdict == "invalid"
    assert document("text", min_words="ten").verdict == "invalid"


@pytest.mark.parametrize("kind", ["runbook", "release-notes"])
def test_other_document_kinds_share_the_check(kind):
    assert check_evidence(kind, b"Steps: restart.", {"min_words": 2}, "x.md").passed


@pytest.mark.parametrize("name, data", [("a.png", PNG), ("a.jpg", JPEG), ("a.JPEG", JPEG),
                                        ("a.webp", WEBP)])
def test_screenshot_of_the_claimed_type_passes(name, data):
    verdict = check_evidence("screenshot", data, {}, name)
    assert verdict.passed and verdict.details["bytes"] == len(data)


def test_screenshot_of_another_type_or_not_an_image_is_invalid():
    verdict = check_evidence("screenshot", JPEG, {}, "shot.png")
    assert verdict.verdict == "invalid"
    assert verdict.reasons == ("the file is named .png but its content is a JPEG image",)
    fake = check_evidence("screenshot", b"<svg/>", {}, "shot.png")
    assert fake.verdict == "invalid" and "not a PNG, JPEG, GIF or WebP" in fake.reasons[0]
    assert check_evidence("screenshot", b"RIFF\x00\x00\x00\x00WAVE", {}, "s.webp").verdict == "invalid"


def test_any_is_present():
    assert check_evidence("any", b"\x00\x01", {}, "blob.bin").passed
    assert check_evidence("any", b"", {}, "x", ).passed
    assert check_evidence("any", b"x", {"min_words": 1}, "x").verdict == "invalid"


def test_a_gif_is_a_screenshot_to_the_checker_as_to_the_site_and_pack():
    from generator.kinds import detect_kind, display_of
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
    assert detect_kind("evidence/v1/ui/login/shot.gif", gif) == "screenshot"
    assert display_of("evidence/v1/ui/login/shot.gif", "screenshot") == "image"
    verdict = check_evidence("screenshot", gif, {}, "shot.gif")
    assert verdict.verdict == "pass" and verdict.details["format"] == "GIF"


def test_a_markdown_file_opening_with_a_rule_has_no_front_matter():
    from generator.kinds.documents import split_front_matter
    text = "----\n\nTitle\n-----\n\nBody.\n"
    assert split_front_matter(text).yaml is None and not split_front_matter(text).unclosed
    assert document(text).verdict == "pass"
    front = split_front_matter("---\nkind: runbook\n...\nSteps.\n")
    assert front.yaml == "kind: runbook\n" and front.body == "Steps.\n"
    assert split_front_matter("---\nkind: runbook\nSteps.\n").unclosed
