"""The one reader of mkdocs.yml: the repository's MkDocs settings and its `extra.evidence` block.

Read afresh on every call (so `evidence serve` sees edits). Tags such as
`!!python/name:...` (Material's emoji settings) or `!ENV` are kept as `Tagged` values, never
constructed, so reading the config runs no code.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class Tagged:
    tag: str
    value: Any
    node_kind: str   # scalar | sequence | mapping


class _KeepTagsLoader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        return Tagged(node.tag, loader.construct_scalar(node), "scalar")
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True), "sequence")
    return Tagged(node.tag, loader.construct_mapping(node, deep=True), "mapping")


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
