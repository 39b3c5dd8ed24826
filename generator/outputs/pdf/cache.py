"""Finished packs by the hash of everything that goes into them, so a rebuild of an
unchanged release costs the HTML render (about a second) instead of the layout (minutes)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import weasyprint

from ...files import write_atomically


def cache_key(html: str, css: str, attachments: bytes, variant: str) -> str:
    digest = hashlib.sha256()
    for part in (weasyprint.__version__, variant, css, html):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(attachments)
    return digest.hexdigest()


class PackCache:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def get(self, key: str) -> tuple[bytes, int, list[str]] | None:
        pdf, meta = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
        if not (pdf.is_file() and meta.is_file()):
            return None
        info = json.loads(meta.read_text(encoding="utf-8"))
        return pdf.read_bytes(), info["pages"], info["warnings"]

    def put(self, key: str, pdf: bytes, pages: int, warnings: list[str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self.folder / f"{key}.pdf", pdf)
        meta = json.dumps({"pages": pages, "warnings": warnings}, sort_keys=True)
        write_atomically(self.folder / f"{key}.json", meta.encode("utf-8"))
