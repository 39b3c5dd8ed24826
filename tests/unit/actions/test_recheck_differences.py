"""What the pack claims against what re-evaluation gives: every difference, named by key."""
from __future__ import annotations

from generator.actions.recheck import differences


def found(claimed, other):
    return [(".".join(where), what) for where, what in differences(claimed, other)]


def test_equal_data_has_no_differences():
    data = {"items": [{"ref": "a/b", "status": "complete", "reasons": ["x"]}], "ready": True}
    assert found(data, data) == []


def test_records_are_matched_by_their_key_not_their_position():
    claimed = {"items": [{"ref": "a/b", "status": "complete"}, {"ref": "a/c", "status": "failed"}]}
    other = {"items": [{"ref": "a/c", "status": "failed"}, {"ref": "a/b", "status": "failed"}]}
    assert found(claimed, other) == [
        ("items.a/b.status", 'the pack says "complete", re-evaluation gives "failed"')]


def test_missing_and_extra_entries_and_keys_are_named():
    claimed = {"items": [{"ref": "a/b"}, {"ref": "a/gone"}], "extra": 1}
    other = {"items": [{"ref": "a/b"}, {"ref": "a/new"}], "counts": {}}
    assert found(claimed, other) == [
        ("items.a/gone", "in the pack, but re-evaluation has no such entry"),
        ("items.a/new", "missing from the pack, but re-evaluation has it"),
        ("extra", "in the pack, but re-evaluation has none"),
        ("counts", "missing from the pack; re-evaluation gives {}")]


def test_lists_without_unique_keys_compare_whole():
    claimed = {"files": [{"path": "x"}, {"path": "x"}]}
    assert found(claimed, {"files": [{"path": "x"}]}) == [
        ("files", 'the pack says [{"path": "x"}, {"path": "x"}], re-evaluation gives '
                  '[{"path": "x"}]')]
