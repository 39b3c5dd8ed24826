"""Release names: the one rule for what may name a release, and ordering by version
(v1.10.0 after v1.9.0, pre-releases before their release)."""
from __future__ import annotations

import re

# A release name becomes a folder, a URL segment and a string in the site's scripts: only
# letters, digits, `.`, `-`, `_` and `+`, starting with a letter or digit.
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
# Names the site itself uses at its root.
RESERVED = frozenset({"latest", "versions.json", "index.html", "404.html", "sitemap.xml",
                      "search", "assets", "releases"})


def release_name_problem(name: str) -> str | None:
    """Why `name` cannot name a release, or None when it can."""
    if not SAFE_NAME.fullmatch(name):
        return (f"{name!r} is not a release name: use letters, digits, `.`, `-`, `_` and `+` "
                "only, starting with a letter or digit, at most 64 characters (e.g. v1.2.0)")
    if name.lower() in RESERVED:
        return f"{name!r} is a name the site uses for itself; choose another, e.g. v1.2.0"
    return None


_NUMBERS = re.compile(r"^[vV]?(\d+(?:\.\d+)*)(?:[-.+]?(.*))?$")


def version_key(version: str) -> tuple:
    """Sort key: numeric parts compared as numbers; a pre-release sorts before its release.

    Names that are not versions at all sort after every version, by their text.
    """
    match = _NUMBERS.match(version)
    if not match:
        return (1, (), 0, version)
    numbers = tuple(int(n) for n in match.group(1).split("."))
    numbers = numbers + (0,) * (6 - len(numbers))
    suffix = match.group(2) or ""
    pre = tuple(int(p) if p.isdigit() else p for p in re.split(r"[.-]", suffix)) if suffix else ()
    return (0, numbers, 0 if suffix else 1, _comparable(pre))


def _comparable(parts: tuple) -> tuple:
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in parts)


def sort_versions(versions) -> list[str]:
    return sorted(versions, key=version_key)
