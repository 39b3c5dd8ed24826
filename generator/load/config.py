"""Reading the repository's own mkdocs.yml (product name, theme, page size) safely.

Material configs often carry `!!python/name:` tags; they are kept as plain strings, never
resolved, so reading the config runs no code.
"""
from __future__ import annotations

from pathlib import Path

import yaml


class _TolerantLoader(yaml.SafeLoader):
    pass


def _keep_tag(loader, tag_suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return f"!{tag_suffix} {node.value}".strip()
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("", _keep_tag)


class ConfigError(ValueError):
    """mkdocs.yml cannot be read; the message names the line and column."""

    def __init__(self, problem: str, line: int = 1, column: int = 1):
        super().__init__(f"mkdocs.yml:{line}:{column}: {problem} (check indentation and quoting)")
        self.problem, self.line, self.column = problem, line, column


def read_base_config(root: Path) -> dict:
    path = Path(root) / "mkdocs.yml"
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ConfigError(problem, line, column) from None
    return data if isinstance(data, dict) else {}


def evidence_settings(config: dict) -> dict:
    """The `extra.evidence` block of mkdocs.yml: generator settings such as page_size."""
    extra = config.get("extra") or {}
    settings = extra.get("evidence") if isinstance(extra, dict) else None
    return settings if isinstance(settings, dict) else {}
