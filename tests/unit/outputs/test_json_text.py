"""The site's JSON files: indented as the standard library indents, whatever writes them."""
from __future__ import annotations

import json
import math

from generator.outputs.json import json_text

SHAPES = [
    {"release": "v1.0.0", "items": [{"ref": "a/b", "status": "complete", "reasons": []}],
     "completion": 87.5, "ready": False, "signed": None, "notes": {}},
    {"title": "Zürich — 東京 \u2028 <script>&", "size": 2**63 - 1, "ratio": 0.1, "big": 1e22},
    [],
    {"nested": [[[]], [{}], [1, [2, [3]]]]},
]


def test_the_site_json_is_the_standard_librarys_indented_json():
    for shape in SHAPES:
        assert json_text(shape) == json.dumps(shape, indent=2, ensure_ascii=False) + "\n"


def test_what_orjson_refuses_is_written_by_the_standard_library():
    for shape in ({"count": 2**70}, {1: "a key that is a number"}):
        assert json_text(shape) == json.dumps(shape, indent=2, ensure_ascii=False) + "\n"


def test_a_float_that_is_no_number_is_written_as_json_has_it():
    assert json.loads(json_text({"latency": math.nan})) == {"latency": None}
    assert json.loads(json_text({"tiny": 1e-7})) == {"tiny": 1e-7}
