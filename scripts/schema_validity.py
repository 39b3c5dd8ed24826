"""Writes generator/load/validity/<schema>.py: each JSON schema compiled to Python code.

Validating with jsonschema means importing it (about 0.05 s, on the critical path of every
cold `check`) and walking the schema for each document. The compiled code (fastjsonschema's
code generator) only answers "valid or not", quickly; jsonschema still finds and words the
errors of a document the compiled code refuses (load/schema.py). The code raises the
package's own `Refused`, so that fastjsonschema is needed only to write it. A test fails
when these files differ from what this script writes, and checks both validators agree.
Run after changing a schema or upgrading fastjsonschema:
    python scripts/schema_validity.py
"""
from __future__ import annotations

import json
from pathlib import Path

import fastjsonschema
from fastjsonschema.ref_resolver import RefResolver

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "generator" / "load" / "schemas"
TARGET = ROOT / "generator" / "load" / "validity"


# the generated code raises fastjsonschema's exceptions; importing fastjsonschema (7 ms) to
# have them would cost each cold check more than the validation itself
_IMPORT = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException\n"
_OWN_IMPORT = ("from . import Refused as JsonSchemaValueException, "
               "Refused as JsonSchemaValuesException\n")


def names() -> list[str]:
    return sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json"))


def generated(name: str) -> str:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    # formats are not asserted and defaults not filled in, as by jsonschema's Draft7Validator
    code = fastjsonschema.compile_to_code(schema, use_formats=False, use_default=False)
    entry = RefResolver.from_schema(schema, store={}).get_scope_name()
    assert code.count(_IMPORT) == 1, "fastjsonschema's generated code changed: look at it"
    code = code.replace(_IMPORT, _OWN_IMPORT)
    return (f'"""{name}.schema.json as code: written by scripts/schema_validity.py from '
            f'fastjsonschema {fastjsonschema.VERSION}; do not edit."""\n'
            f"{code}\n\nvalidate = {entry}\n")


if __name__ == "__main__":
    for name in names():
        (TARGET / f"{name}.py").write_text(generated(name), encoding="utf-8")
        print(f"wrote {(TARGET / f'{name}.py').relative_to(ROOT)}")
