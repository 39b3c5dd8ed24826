"""The staged project's mkdocs.yml: the repository's base config merged with what we generate.

Tags the base config kept as `Tagged` values (load/config.py) are written back with their tag
so MkDocs sees them as the author wrote them.
"""
from __future__ import annotations

import copy
from typing import Any

import yaml

from ...errors import ConfigError
from ...load.config import Tagged
from .links import HANDWRITTEN_DIR

SITE_CSS = "assets/evidence-site.css"
OVERRIDES = "overrides"       # where the base config's theme.custom_dir is copied
DEFAULT_SITE_URL = "http://localhost:8000/"
STAGED_SITE_DIR = "site"      # inside the staged project: Zensical builds only there


class _TaggedDumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if data.node_kind == "sequence":
        return dumper.represent_sequence(data.tag, data.value)
    if data.node_kind == "mapping":
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_TaggedDumper.add_representer(Tagged, _represent_tagged)


def dump_config(config: dict[str, Any]) -> str:
    return yaml.dump(config, Dumper=_TaggedDumper, sort_keys=False, allow_unicode=True)


def release_site_url(base: dict[str, Any], release: str) -> str:
    """The base site_url (the root that holds every version) plus the release's folder."""
    root = str(base.get("site_url") or DEFAULT_SITE_URL)
    return root.rstrip("/") + f"/{release}/"


def merge_config(base: dict[str, Any], *, release: str, site_name: str, nav: list,
                 docs_dir: str = "docs") -> dict[str, Any]:
    """The staged config: base settings kept, ours set (nav, version provider, paths...)."""
    config = copy.deepcopy(base)
    config.setdefault("site_name", site_name)
    config["site_url"] = release_site_url(base, release)
    config["docs_dir"] = docs_dir
    config["site_dir"] = STAGED_SITE_DIR
    config["use_directory_urls"] = True
    config["nav"] = nav
    config["theme"] = _material_theme(config.get("theme"))
    config["extra"] = _with_version_provider(config.get("extra"))
    config["extra_css"] = [*map(_rebased, _as_list(config.get("extra_css"))), SITE_CSS]
    if config.get("extra_javascript"):
        config["extra_javascript"] = [_rebased(j) for j in _as_list(config["extra_javascript"])]
    config["plugins"] = _with_search(config.get("plugins"))
    config["markdown_extensions"] = _with_extensions(config.get("markdown_extensions"))
    for key in ("hooks", "watch", "exclude_docs"):
        config.pop(key, None)    # they name the repository's own files, not the staged ones
    config["not_in_nav"] = "/items/"     # reached from their section pages
    return config


def _material_theme(theme: Any) -> dict[str, Any]:
    theme = {"name": theme} if isinstance(theme, str) else dict(theme or {})
    if theme.get("name") not in (None, "material"):
        raise ConfigError(f"theme '{theme.get('name')}' is not supported",
                          hint="the versioned site needs theme: material")
    theme["name"] = "material"
    if theme.get("custom_dir"):
        theme["custom_dir"] = OVERRIDES
    for key in ("logo", "favicon"):
        if isinstance(theme.get(key), str):
            theme[key] = _rebased(theme[key])
    theme.setdefault("font", False)     # no web fonts fetched from elsewhere unless asked for
    # Zensical's Material look (its default `modern` is a new design); MkDocs ignores the key
    theme.setdefault("variant", "classic")
    features = _as_list(theme.get("features"))
    # navigation.prune: each page holds only the sidebar entries it shows (a closed group is
    # a link to its first page); rendering every entry into every page was a fifth of a
    # release's build. Material does not combine it with navigation.expand.
    added = ("navigation.top", "search.highlight", "content.code.copy",
             *(() if "navigation.expand" in features else ("navigation.prune",)))
    features.extend(f for f in added if f not in features)
    theme["features"] = features
    return theme


def _rebased(entry: Any) -> Any:
    """A base-config path relative to the repository's docs folder (content/docs/), as seen
    from the staged docs folder. URLs and absolute paths stay as they are."""
    if isinstance(entry, dict) and isinstance(entry.get("path"), str):
        return {**entry, "path": _rebased(entry["path"])}
    if not isinstance(entry, str) or "://" in entry or entry.startswith("/"):
        return entry
    return f"{HANDWRITTEN_DIR}/{entry}"


def _with_version_provider(extra: Any) -> dict[str, Any]:
    extra = dict(extra or {})
    version = dict(extra.get("version") or {})
    version["provider"] = "mike"
    extra["version"] = version
    return extra


def _with_search(plugins: Any) -> list:
    if plugins is None:
        return ["search"]
    names = [p if isinstance(p, str) else next(iter(p)) for p in _as_list(plugins)]
    plugins = _as_list(plugins)
    if "search" not in names and "material/search" not in names:
        plugins.insert(0, "search")
    return plugins


def _with_extensions(extensions: Any) -> list:
    extensions = _as_list(extensions)
    names = [e if isinstance(e, str) else next(iter(e)) for e in extensions]
    for name in ("tables", "attr_list", "toc"):
        if name not in names:
            extensions.append({"toc": {"permalink": True}} if name == "toc" else name)
    return extensions


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, dict):
        return [{k: v} for k, v in value.items()]
    return list(value) if isinstance(value, (list, tuple)) else [value]
