"""Writes generator/outputs/error_codes.json from the table in docs/error-codes.md.

docs/error-codes.md is the one place each problem code is explained; the package carries this
copy so that `evidence check --format sarif` can describe its rules where the docs are not
installed. A test fails when the two differ. Run after editing the table:
    python scripts/error_codes.py
"""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "error-codes.md"
TARGET = ROOT / "generator" / "outputs" / "error_codes.json"
_ROW = re.compile(r"^\| `([a-z-]+)` \| (error|warning) \| (.+?) \|\s*$", re.M)


def read_table(markdown: str) -> dict[str, dict[str, str]]:
    """code -> {"severity", "meaning"} (the meaning as Markdown), in the table's order."""
    return {code: {"severity": severity, "meaning": meaning.strip()}
            for code, severity, meaning in _ROW.findall(markdown)}


def generated(markdown: str) -> str:
    data = {"generated_from": "docs/error-codes.md by scripts/error_codes.py: do not edit",
            "codes": read_table(markdown)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    TARGET.write_text(generated(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
