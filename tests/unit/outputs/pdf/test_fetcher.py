"""The pack's URL fetcher: data: URLs and the release's evidence only; nothing else, ever."""
from __future__ import annotations

import base64
import os

import pytest
from weasyprint import HTML

from generator.outputs.pdf.fetcher import RefusedResource, RestrictedFetcher
from tests.helpers.pdf import recording_server

PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    (root / "evidence" / "v1").mkdir(parents=True)
    (root / "evidence" / "v1" / "pixel.png").write_bytes(PIXEL)
    (root / "content").mkdir()
    (root / "content" / "secret.txt").write_text("not evidence")
    (root / "build").mkdir()
    (root / "build" / "logo.png").write_bytes(PIXEL)
    return root


def fetcher_for(repo):
    return RestrictedFetcher(repo, ["evidence/v1/pixel.png", "evidence/v1/passwd.png",
                                    "evidence/v1/linked/secret.txt"])


def test_data_urls_are_served(repo):
    fetcher = fetcher_for(repo)
    response = fetcher.fetch("data:text/plain;base64,aGk=")
    assert response.read() == b"hi"


def test_the_releases_evidence_is_served_and_the_output_folder_is_not(repo):
    fetcher = fetcher_for(repo)
    assert fetcher.fetch((repo / "evidence/v1/pixel.png").as_uri()).read() == PIXEL
    assert fetcher.refused == []
    (repo / "evidence/v1/other.png").write_bytes(PIXEL)          # evidence, but not listed
    for url in ((repo / "build/logo.png").as_uri(), (repo / "evidence/v1/other.png").as_uri()):
        with pytest.raises(RefusedResource):
            fetcher.fetch(url)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x.png", "https://example.com/x.css", "ftp://example.com/x",
    "file:///etc/passwd", "gopher://example.com/",
])
def test_network_and_system_files_are_refused(repo, url):
    fetcher = fetcher_for(repo)
    with pytest.raises(RefusedResource):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_repository_files_outside_evidence_are_refused(repo):
    fetcher = fetcher_for(repo)
    for url in ((repo / "content/secret.txt").as_uri(),
                (repo / "evidence").as_uri() + "/../content/secret.txt"):
        with pytest.raises(RefusedResource):
            fetcher.fetch(url)


def test_symbolic_links_are_refused_even_inside_evidence(repo):
    os.symlink("/etc/passwd", repo / "evidence" / "v1" / "passwd.png")
    os.symlink(repo / "content", repo / "evidence" / "v1" / "linked")
    fetcher = fetcher_for(repo)
    for url in ((repo / "evidence/v1/passwd.png").as_uri(),
                (repo / "evidence/v1/linked/secret.txt").as_uri()):
        with pytest.raises(RefusedResource, match="symbolic"):
            fetcher.fetch(url)


def test_weasyprint_fetches_nothing_from_hostile_html(repo):
    """Raw HTML, past any sanitiser: the fetcher alone must stop every request."""
    with recording_server() as (base, hits):
        html = f"""<html><head>
          <link rel="stylesheet" href="{base}/link.css">
          <style>@import url("{base}/import.css"); body {{ background: url({base}/bg.png) }}
                 @font-face {{ font-family: x; src: url({base}/font.woff) }}</style></head>
          <body><img src="{base}/img.png" alt="remote image">
          <img src="file:///etc/passwd"><p style="background: url({base}/attr.png)">x</p>
          <svg><image href="{base}/svg.png" width="5" height="5"/></svg>
          <img src="{(repo / 'evidence/v1/pixel.png').as_uri()}"></body></html>"""
        fetcher = fetcher_for(repo)
        pdf = HTML(string=html, base_url=(repo / "build").as_uri() + "/",
                   url_fetcher=fetcher).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert hits == []
    refused = " ".join(fetcher.refused)
    for name in ("link.css", "import.css", "img.png", "attr.png", "/etc/passwd"):
        assert name in refused
