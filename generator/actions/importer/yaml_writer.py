"""Writing a checklist definition as readable YAML: keys in the format's order, block style.

Short collections are written inline (`signoff: {role: security}`, `require: [a, b]`); structure
(anything with an `id`, and lists of mappings such as `requires`) is always block style.
Unicode is kept. Multi-line strings are literal blocks.
"""
from __future__ import annotations

from typing import Any

import yaml

from ...load.schema import modeline

KEY_ORDER: dict[str, tuple[str, ...]] = {
    "checklist": ("id", "title", "version", "description", "phases"),
    "phase": ("id", "title", "description", "due", "sections"),
    "section": ("id", "title", "description", "owner", "due", "items"),
    "item": ("id", "title", "description", "requires", "max_age", "applies_if", "signoff"),
    "requirement": ("kind", "check"),
}
_CHILDREN = {"checklist": ("phases", "phase"), "phase": ("sections", "section"),
             "section": ("items", "item"), "item": ("requires", "requirement")}
INLINE_WIDTH = 72


def dump_definition(data: dict) -> str:
    """The definition as YAML text, keys in the format's order, unknown keys after them,
    under the line that points editors at the checklist schema."""
    return modeline("checklist") + yaml.dump(
        ordered(data, "checklist"), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
        default_flow_style=False, width=4096, indent=2,
    )


def ordered(node: dict, level: str) -> dict:
    """A copy of `node` with its keys, and its children's, in the format's order."""
    known = KEY_ORDER[level]
    result = {key: node[key] for key in known if key in node}
    result.update({key: value for key, value in node.items() if key not in known})
    child = _CHILDREN.get(level)
    if child and isinstance(result.get(child[0]), list):
        result[child[0]] = [
            ordered(entry, child[1]) if isinstance(entry, dict) else entry
            for entry in result[child[0]]
        ]
    return result


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list entries under their key ("items:\n  - id: x"), which reads better.
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        # Quote with "double quotes" (as people write YAML by hand) when quoting is needed.
        style = super().choose_scalar_style()
        text = self.event.value
        if style == "'" and '"' not in text and "\\" not in text and text.isprintable():
            return '"'
        return style

    def ignore_aliases(self, data: Any) -> bool:
        return True     # a definition is read by people: repeat values, never &id001 anchors




def _inline_fits(data: Any) -> bool:
    text = yaml.dump(data, Dumper=yaml.SafeDumper, default_flow_style=True, width=4096,
                     allow_unicode=True, sort_keys=False)
    return len(text.strip()) <= INLINE_WIDTH and "\n" not in text.strip()


def _represent_dict(dumper: _Dumper, data: dict) -> yaml.Node:
    inline = bool(data) and "id" not in data and _inline_fits(data)
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=inline)


def _represent_list(dumper: _Dumper, data: list) -> yaml.Node:
    inline = bool(data) and not any(isinstance(v, dict) for v in data) and _inline_fits(data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=inline)


def _represent_str(dumper: _Dumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(str, _represent_str)
