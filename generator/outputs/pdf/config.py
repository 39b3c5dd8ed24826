"""The pack's settings from the repository's mkdocs.yml (`extra.evidence`)."""
from __future__ import annotations

from pathlib import Path

from ...errors import ConfigError
from ...load.config import evidence_settings, read_config

PAGE_SIZES = {"A4": "A4", "Letter": "letter"}     # as written in mkdocs.yml -> CSS @page size


class PageSizeError(ConfigError):
    """extra.evidence.page_size names no page size."""


def page_size_from_config(root: Path, default: str = "A4") -> str:
    """`extra.evidence.page_size` of `<root>/mkdocs.yml`: "A4" (default) or "Letter"."""
    value = evidence_settings(read_config(root)).get("page_size", default)
    for size in PAGE_SIZES:
        if str(value).lower() == size.lower():
            return size
    raise PageSizeError(f"extra.evidence.page_size is {value!r}; expected A4 or Letter",
                        hint="US Letter is written `Letter`")
