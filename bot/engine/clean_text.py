"""Member text made safe: cleaned as it enters llmbot (encodable, without control
characters), and names made plain where boards show them.

Platform mention syntax is the adapters' business: each renders text so that nothing in
it notifies anyone (Discord: no allowed mentions and inert mention syntax in public
posts; Slack: escaped control characters and verbatim text).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any, TypeVar

# C0 controls but tab and newline, DEL, and C1 controls: terminals act on them, stores choke.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

T = TypeVar("T")

MAX_NAME = 40
# The light markup characters our renderers interpret.
_MARKUP = re.compile(r"[*_`~|\[\]]")
# What chat clients link on their own: `scheme://` and `host.name`.
_LINKABLE = re.compile(r"(?<=[A-Za-z0-9])(:(?=//)|\.(?=[A-Za-z0-9]))")
_ZERO_WIDTH = "\u200b"


def clean_text(text: str) -> str:
    """Lone UTF-16 surrogates (from JSON `\\ud800` escapes) become U+FFFD; controls are dropped."""
    if text.isascii() and text.isprintable():
        return text
    # Round-tripping through UTF-16 joins valid surrogate pairs and replaces lone ones.
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _CONTROL.sub("", text)


def clean_fields(value: T) -> T:
    """A frozen dataclass with every text field cleaned; the same object when nothing changed.

    Every command passes through here, answers included, so the field names are looked up
    once per class and clean text (nearly all of it) costs two string checks.
    """
    changes: dict[str, Any] = {}
    for name in _field_names(type(value)):  # type: ignore[arg-type]
        current = getattr(value, name)
        if isinstance(current, str):
            if current.isascii() and current.isprintable():
                continue
            cleaned: Any = clean_text(current)
        elif isinstance(current, tuple) and current and all(isinstance(i, str) for i in current):
            cleaned = tuple(clean_text(item) for item in current)
        else:
            continue
        if cleaned != current:
            changes[name] = cleaned
    return dataclasses.replace(value, **changes) if changes else value  # type: ignore[type-var]


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


def plain_name(name: str) -> str:
    """A display name safe to print inside light markup: it formats and links nothing."""
    text = " ".join(name.split())[:MAX_NAME] or "someone"
    return _LINKABLE.sub(lambda m: m.group(0) + _ZERO_WIDTH, _MARKUP.sub("", text))
