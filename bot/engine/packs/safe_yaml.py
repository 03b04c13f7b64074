"""YAML for uploaded packs: one document, no anchors, aliases or custom tags, bounded depth.

Packs come from anyone with admin rights in a chat workspace, so the parser must not be
the weak point. PyYAML's own composer expands nothing by itself, but every consumer that
walks the tree does: a "billion laughs" file of nine nested aliases becomes 10^9 strings
the moment anything iterates it. Here the tree is built from the C parser's events with an
explicit stack, and the first anchor or alias stops the whole file with its line, before
any node refers to another. Nesting deeper than a pack needs is refused the same way, so
no recursion in the constructor can overflow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is bundled with PyYAML wheels
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = ["MAX_DEPTH", "Composed", "YamlRefused", "compose", "line_of", "to_python"]

# A pack is at most questions → question → options → option → value: 5 levels deep.
MAX_DEPTH = 12
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
# Mapping keys are compared as text; a key that is itself a list or mapping has no text.
_Key = str | None


class YamlRefused(Exception):
    """The file cannot be read as a pack at all; nothing after this point was looked at."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    line: int
    key: str
    first_line: int


@dataclass(frozen=True, slots=True)
class Composed:
    """The node tree (positions kept for errors) and the repeated mapping keys found in it."""

    root: yaml.Node
    duplicates: tuple[DuplicateKey, ...]


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 1


def _mark(event: yaml.Event) -> yaml.Mark:
    """The start of an event; nodes keep only that, which is all an error needs."""
    return cast(yaml.Mark, event.start_mark)


def _check(event: yaml.NodeEvent) -> None:
    if isinstance(event, yaml.AliasEvent):
        raise YamlRefused(
            _line(event),
            f"YAML aliases (*{event.anchor}) are not allowed in a pack: write each value out",
        )
    if event.anchor is not None:
        raise YamlRefused(
            _line(event),
            f"YAML anchors (&{event.anchor}) are not allowed in a pack: write each value out",
        )
    tag = getattr(event, "tag", None)
    if tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
        raise YamlRefused(_line(event), f"the YAML tag {tag} is not allowed in a pack")


class _Frame:
    """An open sequence or mapping while its children are read."""

    __slots__ = ("key", "keys", "node")

    def __init__(self, node: yaml.CollectionNode) -> None:
        self.node = node
        self.key: yaml.Node | None = None  # a mapping's key waiting for its value
        self.keys: dict[_Key, int] = {}


def compose(text: str) -> Composed:
    """Parse `text` into one node tree, or raise `YamlRefused` with the line of the problem."""
    loader = _Loader(text)
    try:
        return _compose(loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlRefused(line, f"not valid YAML: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, found before parsing
        line = text.count("\n", 0, exc.position) + 1
        raise YamlRefused(line, f"not valid YAML: {exc.reason} (#x{exc.character:04x})") from None
    finally:
        loader.dispose()


def _compose(loader: _Loader) -> Composed:
    stack: list[_Frame] = []
    duplicates: list[DuplicateKey] = []
    root: yaml.Node | None = None
    documents = 0

    def attach(node: yaml.Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        frame = stack[-1]
        if isinstance(frame.node, yaml.SequenceNode):
            frame.node.value.append(node)
        elif frame.key is None:
            frame.key = node
        else:
            key_node = frame.key
            frame.key = None
            frame.node.value.append((key_node, node))
            text: _Key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 1
            if text is not None and text in frame.keys:
                duplicates.append(DuplicateKey(line, text, frame.keys[text]))
            else:
                frame.keys[text] = line

    resolve: Callable[[type[yaml.Node], str | None, object], str] = loader.resolve
    while True:
        event = loader.get_event()
        kind = type(event)
        # Scalars are most of a file: test for them first, and check the rest only when
        # an event could carry an anchor or a tag at all.
        if kind is yaml.ScalarEvent:
            assert isinstance(event, yaml.ScalarEvent)
            tag = event.tag
            if event.anchor is not None or (tag is not None and tag != "!"):
                _check(event)
            if tag is None or tag == "!":
                tag = resolve(yaml.ScalarNode, event.value, event.implicit)
            attach(yaml.ScalarNode(tag, event.value, _mark(event), None, event.style))
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            assert isinstance(event, yaml.CollectionStartEvent)
            _check(event)
            if len(stack) >= MAX_DEPTH:
                raise YamlRefused(
                    _line(event), f"nested more than {MAX_DEPTH} levels deep; a pack needs 5"
                )
            node_kind: type[yaml.CollectionNode] = (
                yaml.SequenceNode if kind is yaml.SequenceStartEvent else yaml.MappingNode
            )
            tag = event.tag or resolve(node_kind, None, event.implicit)
            collection = node_kind(tag, [], _mark(event), None, event.flow_style)
            attach(collection)
            stack.append(_Frame(collection))
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            stack.pop()
        elif kind is yaml.AliasEvent:
            assert isinstance(event, yaml.AliasEvent)
            _check(event)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                assert event is not None
                raise YamlRefused(_line(event), "a pack is one YAML document, not several")
        elif event is None or kind is yaml.StreamEndEvent:
            break
    if root is None:
        raise YamlRefused(1, "the file is empty")
    return Composed(root, tuple(duplicates))


def to_python(node: yaml.Node, *, text_keys: frozenset[str] = frozenset()) -> object:
    """Plain Python values for an alias-free tree; values under `text_keys` stay text.

    A person writing `text: Yes` or `stem: 1969` means the words, not a boolean or a
    number, so those keys keep the scalar exactly as written.
    """
    loader = _Loader("")
    try:
        return _value(node, text_keys, loader)
    finally:
        loader.dispose()


def _value(node: yaml.Node, text_keys: frozenset[str], loader: _Loader) -> object:
    if isinstance(node, yaml.SequenceNode):
        return [_value(child, text_keys, loader) for child in node.value]
    if isinstance(node, yaml.MappingNode):
        found: dict[str, object] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else f"<{type(key).__name__}>"
            if isinstance(value, yaml.ScalarNode) and name in text_keys:
                found[name] = value.value
            else:
                found[name] = _value(value, text_keys, loader)
        return found
    try:
        return loader.construct_object(node)
    except yaml.MarkedYAMLError as exc:
        raise YamlRefused(node.start_mark.line + 1, f"not valid YAML: {exc.problem}") from None


def line_of(root: yaml.Node, path: tuple[str | int, ...]) -> int:
    """Line (1-based) of the deepest node along `path`; a missing key gives its parent's line."""
    node = root
    for key in path:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            child = node.value[key] if 0 <= key < len(node.value) else None
        if child is None:
            break
        node = child
    return node.start_mark.line + 1
