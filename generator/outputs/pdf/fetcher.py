"""The only way WeasyPrint may load a resource while it renders a pack.

Allowed: `data:` URLs; files inside the repository's `evidence/` folder (read through
`generator.load.content`, which refuses symbolic links and paths leaving the repository); files
inside the build folder. Refused: every network scheme, every other file, and any path that
passes through a symbolic link. A refusal raises, WeasyPrint skips the resource and the URL
is kept in `refused` so the caller can report it.
"""
from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ...load.content import OutsideRepository, read_evidence_bytes


class RefusedResource(ValueError):
    pass


def _real_path(path: Path) -> Path | None:
    """The absolute path, or None when any part of it is a symbolic link."""
    absolute = Path(os.path.abspath(path))
    return absolute if Path(os.path.realpath(absolute)) == absolute else None


def _inside(path: Path, folder: Path) -> bool:
    return folder in path.parents


class RestrictedFetcher(URLFetcher):
    def __init__(self, repo_root: Path, build_dir: Path | None = None) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.repo_root = Path(os.path.realpath(repo_root))
        self.evidence_root = self.repo_root / "evidence"
        self.build_dir = Path(os.path.realpath(build_dir)) if build_dir else None
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
        if _inside(path, self.evidence_root):
            try:
                relative = path.relative_to(self.repo_root).as_posix()
                return read_evidence_bytes(self.repo_root, relative)
            except (OutsideRepository, OSError) as error:
                raise RefusedResource(f"refused {url}: {error}") from error
        if self.build_dir and _inside(path, self.build_dir) and path.is_file():
            return path.read_bytes()
        raise RefusedResource(f"refused {url}: outside the evidence and build folders")

    @staticmethod
    def _headers(path: Path) -> dict[str, str]:
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return {"Content-Type": mime}
