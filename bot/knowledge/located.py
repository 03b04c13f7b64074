"""YAML loading that remembers where every value came from, for file:line errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.errors import ContentError

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is bundled with PyYAML wheels
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class LocatedDocument:
    """A parsed YAML document and its node tree, so a data path maps back to a line."""

    path: Path
    label: str
    data: Any
    root: yaml.Node

    def line_of(self, loc: Sequence[str | int]) -> int:
        """Line of the deepest node along `loc` (1-based); the parent's line if a key is missing."""
        node = self.root
        for key in loc:
            child = _child(node, key)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1


def _child(node: yaml.Node, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]  # type: ignore[no-any-return]
    return None


def load_located(path: Path, label: str) -> LocatedDocument | ContentError:
    """Parse one YAML file, or say where and why it is not YAML."""
    try:
        text = path.read_text("utf-8")
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            if root is None:
                return ContentError(label, 1, "the file is empty")
            data = loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        return ContentError(label, line, f"invalid YAML: {exc.problem or exc.context}")
    except (OSError, UnicodeDecodeError) as exc:
        return ContentError(label, 1, f"cannot read the file: {exc}")
    return LocatedDocument(path, label, data, root)
