"""Where each generated page lives inside docs/, and links between them.

Every generated page is a folder's `index.md` (`sections/<id>/index.md`, not
`sections/<id>.md`), so a page's source folder is its URL folder. Relative links in raw HTML
then mean the same to every engine: MkDocs leaves them alone (relative to the page's URL),
Zensical resolves them against the Markdown file's folder.
"""
from __future__ import annotations

import hashlib
import re
from posixpath import relpath

_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

OVERVIEW = "index.md"
SIGNOFFS = "signoffs/index.md"
WAIVERS = "waivers/index.md"
ACROSS = "releases/index.md"      # a release's links to the root pages
HANDWRITTEN_DIR = "docs"

# The root pages, one project built once per site into site/releases/ (root_pages.py)
ROOT_FOLDER = "releases"
RELEASE_LIST = "index.md"
MATRIX = "matrix/index.md"


def segment(name: str) -> str:
    """A file-name-safe form of an id (ids are slugs; anything else gets a stable hash)."""
    if _SAFE_SEGMENT.match(name) and not name.endswith(".md"):
        return name
    return "x-" + hashlib.sha256(name.encode()).hexdigest()[:12]


def section_page(section_id: str) -> str:
    return f"sections/{segment(section_id)}/index.md"


def item_page(ref: str) -> str:
    section_id, _, item_id = ref.partition("/")
    return f"items/{segment(section_id)}/{segment(item_id)}/index.md"


def changes_page(version: str) -> str:
    """A root page: what changed in `version` since the release before it."""
    return f"changes/{segment(version)}/index.md"


def md_link(from_page: str, to_page: str) -> str:
    """A Markdown link target from one docs page to another (engines resolve .md links)."""
    return relpath(to_page, _folder(from_page))


def html_link(from_page: str, to_page: str) -> str:
    """A link between built pages, for HTML written in after the engine (slots.py): from one
    page's URL to the other's, as the browser resolves it."""
    return relpath(url_of(to_page) or ".", url_of(from_page) or ".") + "/"


def url_of(page: str) -> str:
    """The page's URL relative to the release's root (directory URLs)."""
    if page == OVERVIEW:
        return ""
    stem = page[:-3]
    return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")


def depth_of(page: str) -> int:
    """Folders between the built page and the release's root."""
    return url_of(page).count("/")


def to_root(page: str) -> str:
    return "../" * depth_of(page)


def evidence_anchor(path: str) -> str:
    return "ev-" + hashlib.sha256(path.encode()).hexdigest()[:12]


def _folder(page: str) -> str:
    return page.rsplit("/", 1)[0] if "/" in page else "."
