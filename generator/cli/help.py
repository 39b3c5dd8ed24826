"""`evidence help [TOPIC]`: the reference pages (docs/*.md), readable where the tool is
installed, so hints can point at them in any repository."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import UsageError

SOURCE_DOCS = Path(__file__).resolve().parents[2] / "docs"          # a checkout of the tool
INSTALLED_DOCS = Path(sys.prefix) / "share" / "evidence-site" / "docs"   # pip install


def docs_folder() -> Path | None:
    return next((d for d in (SOURCE_DOCS, INSTALLED_DOCS) if d.is_dir()), None)


def topics() -> list[str]:
    folder = docs_folder()
    return sorted(p.stem for p in folder.glob("*.md")) if folder else []


def page(topic: str | None) -> str:
    """The page of `topic`, or the list of topics."""
    known = topics()
    if not known:
        raise UsageError("the reference pages are not installed with this copy of the tool")
    if topic is None:
        return "evidence help TOPIC, where TOPIC is one of:\n" + "".join(
            f"  {name}\n" for name in known)
    if topic not in known:
        raise UsageError(f"no help topic {topic!r}; topics: {', '.join(known)}")
    return (docs_folder() / f"{topic}.md").read_text(encoding="utf-8")
