"""YAML text that reads back exactly as written, whatever the values hold.

``dump_yaml`` is ``yaml.safe_dump`` with a few rules on top, so that any
title survives the round trip through any YAML reader:

- text with a line break or an invisible character is double-quoted, with
  escapes (one line, no front matter fence can appear);
- text that YAML 1.1 (PyYAML: ``yes``, ``no``, ``on``) or YAML 1.2 (editors,
  Front Matter CMS: ``1e3``, ``0x1F``, ``.inf``, ``null``) would read as a
  number, a boolean or null is quoted;
- no anchors and aliases (the loader refuses them), list items indented under
  their key, short lists of ids in flow style (``[evi, sam]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

_YAML12_SPECIAL = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|true|True|TRUE|false|False|FALSE|null|Null|NULL|~|)$"
)
_ID_LIKE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Dumper(yaml.SafeDumper):
    """Block style with indented list items; short lists of ids in flow style."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        # The loader refuses anchors and aliases; a value used twice is written twice.
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    tag = "tag:yaml.org,2002:str"
    if not value.isprintable():
        return dumper.represent_scalar(tag, value, style='"')
    if _YAML12_SPECIAL.match(value) or value.lower() in ("yes", "no", "on", "off", "y", "n"):
        return dumper.represent_scalar(tag, value, style="'")
    return dumper.represent_scalar(tag, value)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    flow = bool(value) and all(isinstance(v, str) and _ID_LIKE.match(v) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dump_yaml(data: Mapping[str, Any]) -> str:
    """``data`` as YAML block text, in the given key order, safe for any text value."""
    return yaml.dump(
        dict(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096, default_flow_style=False
    )


def yaml_scalar(value: str) -> str:
    """One text value as a YAML scalar, quoted as ``dump_yaml`` would."""
    return dump_yaml({"v": value})[len("v: ") :].rstrip("\n")


def yaml_scalar_list(values: Iterable[str]) -> str:
    """A flow list of text values: ``[evi, sam]``."""
    return "[" + ", ".join(yaml_scalar(v) for v in values) + "]"


def comment(text: str) -> str:
    """Text that is safe inside a YAML comment: one line, printable characters only."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
