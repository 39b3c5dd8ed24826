"""The one reader of mkdocs.yml: the repository's MkDocs settings and its `extra.evidence` block.

Read afresh on every call (so `evidence serve` sees edits). Tags are kept as `Tagged` values,
never constructed, so reading the config runs no code. The staged config is written from these
parsed values, and `config_problems` refuses what MkDocs would run or publish: every tag but
`!!python/name:` of a few well-known functions (ALLOWED_NAMES), and a `theme.custom_dir`
that is not a plain folder of theme files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from ..model.problems import Problem, problem

CONFIG_FILE = "mkdocs.yml"


# `!!python/name:` values Material configurations need: superfences' fence formats, the emoji
# index and generators of Material and pymdownx, and pymdownx's slug functions.
ALLOWED_NAMES = frozenset({
    "pymdownx.superfences.fence_code_format", "pymdownx.superfences.fence_div_format",
    "material.extensions.emoji.twemoji", "material.extensions.emoji.to_svg",
    "pymdownx.emoji.twemoji", "pymdownx.emoji.emojione", "pymdownx.emoji.gemoji",
    "pymdownx.emoji.to_svg", "pymdownx.emoji.to_png", "pymdownx.emoji.to_alt",
    "pymdownx.emoji.to_png_sprite", "pymdownx.emoji.to_svg_sprite",
    "pymdownx.slugs.slugify", "pymdownx.slugs.uslugify",
})
NAME_TAG = "tag:yaml.org,2002:python/name:"
# Folders a theme's custom_dir may not be, or be inside, or contain: they hold the repository's
# history (with CI tokens in .git/config) and the unredacted evidence and definitions.
PROTECTED = (".git", "evidence", "content")


@dataclass(frozen=True)
class Tagged:
    tag: str
    value: Any
    node_kind: str   # scalar | sequence | mapping
    line: int = field(default=1, compare=False)
    column: int = field(default=1, compare=False)

    @property
    def allowed(self) -> bool:
        return (self.tag.startswith(NAME_TAG) and not self.value
                and self.tag[len(NAME_TAG):] in ALLOWED_NAMES)


class _KeepTagsLoader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> Tagged:
    where = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return Tagged(node.tag, loader.construct_scalar(node), "scalar", *where)
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True), "sequence", *where)
    return Tagged(node.tag, loader.construct_mapping(node, deep=True), "mapping", *where)


_KeepTagsLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_KeepTagsLoader.add_multi_constructor("!", _construct_tagged)


def read_config(root: Path) -> dict[str, Any]:
    """The repository's mkdocs.yml, or {} when there is none. Raises ConfigError."""
    path = Path(root) / CONFIG_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_KeepTagsLoader)  # noqa: S506
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ConfigError(problem, CONFIG_FILE, line, column,
                          "check indentation and quoting") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of MkDocs settings", CONFIG_FILE)
    return data


def evidence_settings(config: dict) -> dict:
    """The `extra.evidence` block of mkdocs.yml: generator settings such as page_size."""
    extra = config.get("extra") or {}
    settings = extra.get("evidence") if isinstance(extra, dict) else None
    return settings if isinstance(settings, dict) else {}


def config_problems(root: Path, config: dict) -> list[Problem]:
    """What in mkdocs.yml would run code, read the environment or publish private files."""
    return [*_tag_problems(config), *_custom_dir_problems(Path(root), config)]


def _tag_problems(value: Any) -> list[Problem]:
    if isinstance(value, Tagged):
        if value.allowed:
            return []
        return [problem("config-tag", CONFIG_FILE, f"tag {_shown(value.tag)} is refused: "
                        "MkDocs would construct it, which can run code or read the "
                        "environment into the published pages", value.line, value.column)]
    if isinstance(value, dict):
        return [p for v in value.values() for p in _tag_problems(v)]
    if isinstance(value, list):
        return [p for v in value for p in _tag_problems(v)]
    return []


def _shown(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") \
        else tag


def custom_dir_of(root: Path, config: dict) -> Path | None:
    """theme.custom_dir as a folder inside the repository, or None when unset or unusable."""
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if not isinstance(custom, str) or _custom_dir_problems(Path(root), config):
        return None
    return (Path(root) / custom).resolve()


def _custom_dir_problems(root: Path, config: dict) -> list[Problem]:
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom is None:
        return []
    line = _line_of(root, "custom_dir")
    if not isinstance(custom, str) or not custom.strip():
        return [problem("bad-custom-dir", CONFIG_FILE, "theme.custom_dir must name a folder",
                        line)]
    return [problem("bad-custom-dir", CONFIG_FILE, f"theme.custom_dir {custom!r}: {why}", line)
            for why in _custom_dir_faults(root, custom)]


def _custom_dir_faults(root: Path, custom: str) -> list[str]:
    root = root.resolve()
    given = root / custom
    if any(part.is_symlink() for part in (given, *given.parents) if root in part.parents):
        return ["is, or lies in, a symbolic link"]
    folder = given.resolve()
    if folder != root and root not in folder.parents or folder == root:
        return ["must be a folder inside the repository, not the repository itself"]
    if not folder.is_dir():
        return ["is not a folder"]
    for name in PROTECTED:
        guarded = root / name
        if folder == guarded or guarded in folder.parents or folder in guarded.parents:
            return [f"may not be, lie in or hold {name}/ (it would be published)"]
    links = sorted(p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_symlink())
    return [f"holds a symbolic link ({link}), which is refused" for link in links[:5]]


def _line_of(root: Path, key: str) -> int:
    try:
        lines = (root / CONFIG_FILE).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, text in enumerate(lines, 1) if text.strip().startswith(f"{key}:")), 1)
