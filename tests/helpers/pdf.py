"""Test helpers for the PDF pack: a local HTTP server that records hits, PDF text extraction."""
from __future__ import annotations

import http.server
import shutil
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def recording_server():
    """An HTTP server on 127.0.0.1 that answers 200 and records every requested path."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def pdf_text(pdf: Path) -> list[str]:
    """Text of each page, runs of white space made one space (pdftotext, else pypdf)."""
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                             check=True, text=True).stdout
        pages = out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")
    else:
        from pypdf import PdfReader
        pages = [page.extract_text() for page in PdfReader(pdf).pages]
    return [" ".join(page.split()) for page in pages]


def hostile_markdown(base_url: str) -> str:
    """Evidence Markdown that tries every way of fetching something."""
    return (f'<img src="{base_url}/img.png">\n\n'
            '<img src="file:///etc/passwd">\n\n'
            f'<style>@import url("{base_url}/import.css");</style>\n\n'
            f'<p style="background: url({base_url}/style-attr.png)">styled</p>\n\n'
            f'<link rel="stylesheet" href="{base_url}/link.css">\n\n'
            f'<script>fetch("{base_url}/script")</script>\n\n'
            f'![remote]({base_url}/markdown.png)\n\n'
            f'[a link stays a link]({base_url}/linked)\n')
