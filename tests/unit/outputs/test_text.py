import io

from rich.console import Console

from generator.outputs.text import print_release
from tests.helpers.reports import report

LONG_REF = "environment-setup/database-connection-strings-are-set-up-for-production"


def printed(rep, width: int = 60) -> str:
    buffer = io.StringIO()
    print_release(Console(file=buffer, width=width, no_color=True), rep, detail=True)
    return buffer.getvalue()


def unwrapped(text: str) -> str:
    return "".join(text.split())


def item_column(text: str) -> str:
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.strip().startswith("item "))
    width = lines[header].index("status")
    return "".join(line[:width].strip() for line in lines[header + 1:])


def test_a_long_reference_is_wrapped_never_cut():
    text = printed(report("v1", {LONG_REF: "missing"}))
    assert "…" not in text
    assert item_column(text) == LONG_REF


def test_every_reason_of_an_item_is_printed():
    reasons = {LONG_REF: ("no document evidence",
                          "the waiver does not count: commit abc1234 by mallory")}
    text = unwrapped(printed(report("v1", {LONG_REF: "missing"}, reasons=reasons), width=200))
    assert unwrapped(reasons[LONG_REF][0]) in text and unwrapped(reasons[LONG_REF][1]) in text
