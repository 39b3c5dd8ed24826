"""Sign-off and waiver records as evidence files.

Whether a record is verified, stale or expired is decided with the repository's history
(docs/provenance.md), not here; this check only confirms the file is such a record.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from ..model.results import Verdict, invalid
from .kind import Kind


def check_signoff(data: bytes, options: Mapping[str, Any], path: str = "") -> Verdict:
    return _check_record(data, "signoff")


def check_waiver(data: bytes, options: Mapping[str, Any], path: str = "") -> Verdict:
    return _check_record(data, "waiver")


def _check_record(data: bytes, kind: str) -> Verdict:
    try:
        record = yaml.safe_load(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        return invalid(f"{kind} record is not readable YAML: {_first_line(error)}")
    if not isinstance(record, dict) or record.get("kind") != kind:
        return invalid(f"a {kind} record must be a YAML mapping with 'kind: {kind}'")
    return Verdict("pass", details={"kind": kind})


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _names_kind(kind: str):
    declared = re.compile(rb"^kind:\s*['\"]?" + kind.encode() + rb"['\"]?\s*$", re.MULTILINE)

    def sniff(name: str, head: bytes) -> bool:
        return name.endswith((".yml", ".yaml")) and bool(declared.search(head))
    return sniff


SIGNOFF = Kind("signoff", check_signoff, sniff=_names_kind("signoff"), record=True)
WAIVER = Kind("waiver", check_waiver, sniff=_names_kind("waiver"), record=True)
