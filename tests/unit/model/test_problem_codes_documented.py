import re

from generator.model.problems import CODES
from tests.helpers.paths import ROOT

DOC = ROOT / "docs" / "error-codes.md"


def test_every_code_is_documented_with_its_severity():
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|", DOC.read_text(), re.M))
    assert rows == {code: severity for code, (severity, _) in CODES.items()}
