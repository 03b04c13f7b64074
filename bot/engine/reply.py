"""The platform-neutral answer every use case returns and every adapter renders."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
            title=self.title,
            body=self.body,
            visibility=self.visibility.value,
            fields=[{"name": f.name, "value": f.value} for f in self.fields],
            sources=[{"label": s.label, "url": s.url} for s in self.sources],
            buttons=[{"action_id": b.action_id, "label": b.label} for b in self.buttons],
        )
        if self.menu:
            out["menu"] = [{"action_id": o.action_id, "label": o.label} for o in self.menu]
        if self.image is not None:
            out["image"] = {"path": str(self.image.path), "alt": self.image.alt}
        if self.footer:
            out["footer"] = self.footer
        return out
