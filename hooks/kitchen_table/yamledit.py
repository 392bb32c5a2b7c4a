"""Surgical edits of a YAML content file: replace one value, or add one key to a mapping, and
leave every other byte (comments, quotes, indentation, line breaks) as it was.

A value keeps its style where it can: a folded `>-` text stays folded (rewrapped at 100 columns),
a quoted one stays quoted, a plain one stays plain unless the new words need quotes. The edited
text is read back and compared with the data it must hold, so an edit never changes a meaning.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from typing import Any

import yaml

from .source import YAML12_NUMBER, Location

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
WIDTH = 100


class EditError(Exception):
    """An edit this module cannot make without changing more than the value."""


@dataclass
class _Edit:
    start: int
    end: int
    text: str
    order: int


class Quoted(str):
    """Text always written in double quotes (fingerprints)."""


class YamlFile:
    """A file's text and its nodes, collecting edits that `result()` applies at once."""

    def __init__(self, text: str) -> None:
        self.text = text
        loader = _Loader(text)
        try:
            self.root = loader.get_single_node()
        finally:
            loader.dispose()
        self.edits: list[_Edit] = []
        self.expected = yaml.load(text, Loader=_Loader)

    def node(self, location: Location) -> yaml.Node | None:
        node = self.root
        for part in location:
            if isinstance(node, yaml.MappingNode):
                found = [value for key, value in node.value if key.value == str(part)]
                if not found:
                    return None
                node = found[0]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    return None
                node = node.value[part]
            else:
                return None
        return node

    def set(self, location: Location, value: Any) -> None:
        """Set the value at `location`: replaced where it is, or added to its mapping."""
        node = self.node(location)
        if node is None:
            parent = self.node(location[:-1])
            if not isinstance(parent, yaml.MappingNode) or parent.flow_style:
                raise EditError(f"cannot add {location[-1]} here (no block mapping to add it to)")
            self._add(parent, str(location[-1]), value)
        elif isinstance(node, yaml.ScalarNode) and isinstance(value, str):
            flow = self._in_flow(location)
            self.edits.append(
                _Edit(
                    node.start_mark.index,
                    node.end_mark.index,
                    _scalar(value, node, self.text, flow),
                    len(self.edits),
                )
            )
        else:
            raise EditError("only a text value can be replaced in place")
        _put(self.expected, location, value)

    def _in_flow(self, location: Location) -> bool:
        for depth in range(len(location)):
            parent = self.node(location[:depth])
            if isinstance(parent, (yaml.MappingNode, yaml.SequenceNode)) and parent.flow_style:
                return True
        return False

    def _add(self, mapping: yaml.MappingNode, key: str, value: Any) -> None:
        if mapping.value:
            indent = mapping.value[0][0].start_mark.column
            at = _after_last_line(self.text, mapping)
        else:
            raise EditError("cannot add to an empty mapping")
        lines = _block(key, value, indent)
        self.edits.append(_Edit(at, at, lines, len(self.edits)))

    def result(self) -> str:
        text = self.text
        for edit in sorted(self.edits, key=lambda e: (e.start, e.order), reverse=True):
            text = text[: edit.start] + edit.text + text[edit.end :]
        if yaml.load(text, Loader=_Loader) != _plain(self.expected):
            raise EditError("the edited file would not read back as intended")
        return text


def _put(data: Any, location: Location, value: Any) -> None:
    for part in location[:-1]:
        data = data[part]
    if isinstance(data, list):
        data[int(location[-1])] = _plain(value)
    else:
        data[str(location[-1]) if not isinstance(location[-1], int) else location[-1]] = _plain(
            value
        )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


def _after_last_line(text: str, node: yaml.Node) -> int:
    """Where a new line goes after `node`: after the line of its last scalar."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = node.end_mark.index
    if end > 0 and text[end - 1] == "\n":
        return end
    newline = text.find("\n", end)
    return len(text) if newline < 0 else newline + 1


def _safe_plain(value: str, flow: bool) -> bool:
    if (
        not value
        or value != value.strip()
        or "\n" in value
        or YAML12_NUMBER.match(value)
        or (flow and any(char in value for char in ",[]{}"))
    ):
        return False
    try:
        return yaml.load(f"k: {value}\n", Loader=_Loader) == {"k": value}
    except yaml.YAMLError:
        return False


def _double(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _scalar(value: str, node: yaml.ScalarNode, text: str, flow: bool) -> str:
    """`value` written in the style of `node` where that style can hold it."""
    style = node.style or ""
    if style in (">", "|"):
        foldable = value and "\n" not in value and "  " not in value and value == value.strip()
        if foldable and "\t" not in value:
            # the content's indentation: that of the line after the indicator
            body_start = text.find("\n", node.start_mark.index) + 1
            line = text[body_start : text.find("\n", body_start)]
            indent = len(line) - len(line.lstrip(" ")) or node.start_mark.column + 2
            wrapped = textwrap.wrap(
                value, width=max(WIDTH - indent, 20), break_long_words=False, break_on_hyphens=False
            )
            return ">-\n" + "".join(f"{' ' * indent}{part}\n" for part in wrapped)
        return _double(value) + ("\n" if text[node.end_mark.index - 1] == "\n" else "")
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return _double(value)
    return value if _safe_plain(value, flow) else _double(value)


def _block(key: str, value: Any, indent: int) -> str:
    """`key: value` as block YAML lines at `indent`."""
    body = yaml.dump(
        {key: value},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=WIDTH - indent,
        default_flow_style=False,
    )
    return "".join(f"{' ' * indent}{line}\n" for line in body.splitlines())


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if isinstance(value, Quoted) or YAML12_NUMBER.match(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(Quoted, _represent_text)
