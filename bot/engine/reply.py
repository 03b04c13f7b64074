"""The platform-neutral answer every use case returns and every adapter renders."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Text a member typed travels through replies between these two marks, so that every
# renderer can show it inert (no links, mentions or markup) while our own text keeps its markup.
MEMBER_OPEN = "\x0e"
MEMBER_CLOSE = "\x0f"
MEMBER_SPAN = re.compile("\x0e([^\x0e\x0f]*)\x0f")
_MARKS = re.compile("[\x0e\x0f]")


def said(text: str) -> str:
    """Mark text that came from a member: renderers show it as plain, inert text."""
    return f"{MEMBER_OPEN}{_MARKS.sub('', text)}{MEMBER_CLOSE}"


def unmarked(text: str) -> str:
    """The text without its member marks, for outputs that render no markup (JSON, plain text)."""
    return _MARKS.sub("", text)


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"


class Style(enum.StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    SUCCESS = "success"
    DANGER = "danger"


@dataclass(frozen=True, slots=True)
class Button:
    """A clickable choice; `action_id` is an encoded action (see `actions`)."""

    action_id: str
    label: str
    style: Style = Style.SECONDARY


@dataclass(frozen=True, slots=True)
class MenuOption:
    """One entry of a pick-one menu (related topics)."""

    action_id: str
    label: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Image:
    path: Path
    alt: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with the reply (a CSV export): small, made in memory, private to its reader."""

    filename: str
    content: bytes
    mime: str = "text/csv"


@dataclass(frozen=True, slots=True)
class Reply:
    """What to show: text in light markup (**bold**, *italic*, `code`, `- ` bullets, links).

    `kind` tells scripts and adapters what happened; `data` carries the facts a
    program needs (topic id, quiz id, suggestions) without parsing the text.
    """

    kind: str
    title: str
    body: str = ""
    fields: tuple[Field, ...] = ()
    sources: tuple[Link, ...] = ()
    image: Image | None = None
    attachment: Attachment | None = None
    buttons: tuple[Button, ...] = ()
    menu: tuple[MenuOption, ...] = ()
    menu_placeholder: str = ""
    footer: str = ""
    visibility: Visibility = Visibility.PUBLIC
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def private(self) -> bool:
        return self.visibility is Visibility.PRIVATE

    def to_json(self) -> dict[str, Any]:
        """One JSON object: `kind` and the `data` facts at the top level, then the display."""
        out: dict[str, Any] = {"kind": self.kind, **self.data}
        out.update(
            title=unmarked(self.title),
            body=unmarked(self.body),
            visibility=self.visibility.value,
            fields=[{"name": unmarked(f.name), "value": unmarked(f.value)} for f in self.fields],
            sources=[{"label": s.label, "url": s.url} for s in self.sources],
            buttons=[{"action_id": b.action_id, "label": unmarked(b.label)} for b in self.buttons],
        )
        if self.menu:
            out["menu"] = [{"action_id": o.action_id, "label": o.label} for o in self.menu]
        if self.image is not None:
            out["image"] = {"path": str(self.image.path), "alt": self.image.alt}
        if self.footer:
            out["footer"] = unmarked(self.footer)
        if self.attachment is not None:
            out["attachment"] = {
                "filename": self.attachment.filename,
                "mime": self.attachment.mime,
                "size": len(self.attachment.content),
                "text": self.attachment.content.decode("utf-8", "replace"),
            }
        return out
