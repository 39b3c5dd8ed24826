"""The names of the files the outputs write, each in one place."""
from __future__ import annotations

STATUS = "status.json"
SITE_MARKER = ".evidence-site"     # at the root of every site `evidence build` wrote
MANIFEST = "manifest.json"
HISTORY = "history.json"         # the git facts a pack's evaluation used


def pack_name(version: str) -> str:
    """A release's PDF audit pack, in its site folder and by default for `evidence pdf`."""
    return f"{version}-audit-pack.pdf"
