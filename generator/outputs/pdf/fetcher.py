"""The only way WeasyPrint may load a resource while it renders a pack.

Allowed: `data:` URLs, and the evidence files of the release being rendered (read through
`load.content`, which refuses symbolic links and paths leaving the repository). Refused: every
network scheme, every other file (the output folder too: `-o` into a shared folder exposes
nothing), and any path that passes through a symbolic link. A refusal raises, WeasyPrint
skips the resource and the URL is kept in `refused` so the caller can report it.
"""
from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ...load.content import OutsideRepository, read_evidence_bytes


class RefusedResource(ValueError):
    pass


def _real_path(path: Path) -> Path | None:
    """The absolute path, or None when any part of it is a symbolic link."""
    absolute = Path(os.path.abspath(path))
    return absolute if Path(os.path.realpath(absolute)) == absolute else None


class RestrictedFetcher(URLFetcher):
    def __init__(self, repo_root: Path, evidence: Iterable[str] = ()) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.repo_root = Path(os.path.realpath(repo_root))
        self.evidence = frozenset(evidence)      # repository-relative paths that may load
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        try:
            return self._fetch_allowed(url, headers)
        except RefusedResource:
            self.refused.append(url)
            raise

    def _fetch_allowed(self, url: str, headers) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedResource(f"refused {url}: only data: URLs and local evidence are loaded")
        path = _real_path(Path(unquote(urlsplit(url).path)))
        if path is None:
            raise RefusedResource(f"refused {url}: symbolic links are not followed")
        return URLFetcherResponse(url, self._read(path, url), self._headers(path))

    def _read(self, path: Path, url: str) -> bytes:
        relative = path.relative_to(self.repo_root).as_posix() \
            if self.repo_root in path.parents else None
        if relative not in self.evidence:
            raise RefusedResource(f"refused {url}: not an evidence file of this release")
        try:
            return read_evidence_bytes(self.repo_root, relative)
        except (OutsideRepository, OSError) as error:
            raise RefusedResource(f"refused {url}: {error}") from error

    @staticmethod
    def _headers(path: Path) -> dict[str, str]:
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return {"Content-Type": mime}
