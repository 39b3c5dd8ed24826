"""The pack's settings from the repository's mkdocs.yml (`extra.evidence`)."""
from __future__ import annotations

from pathlib import Path

import yaml

PAGE_SIZES = ("A4", "Letter")


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name:` and `!ENV` tags; they do not concern the pack."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


class PageSizeError(ValueError):
    pass


def page_size_from_config(root: Path, default: str = "A4") -> str:
    """`extra.evidence.page_size` of `<root>/mkdocs.yml`: "A4" (default) or "Letter"."""
    path = Path(root) / "mkdocs.yml"
    if not path.is_file():
        return default
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
    value = ((config.get("extra") or {}).get("evidence") or {}).get("page_size", default)
    for size in PAGE_SIZES:
        if str(value).lower() == size.lower():
            return size
    raise PageSizeError(f"{path}: extra.evidence.page_size is {value!r}; expected A4 or Letter "
                        "(hint: US Letter is written `Letter`)")
