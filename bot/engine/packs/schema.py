"""The llmbot pack format: content/questions/'s schema, with ids and topics optional."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from bot.engine.packs.limits import MAX_NAME_LENGTH
from bot.knowledge import schema
from bot.knowledge.models import TEXT_LIMITS

__all__ = ["PackHeader", "PackQuestion", "PackTopicEntry"]

# Short enough that `pack.<name>/<topic>` fits in a button id (see ids.py).
TopicSlug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=MAX_NAME_LENGTH)
]
Short = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_LIMITS["short"])
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PackHeader(_Frozen):
    """The optional `pack:` block: how the pack presents itself and whom it credits."""

    title: schema.Line | None = None
    description: Short | None = None
    license: schema.Line | None = None
    author: schema.Line | None = None


class PackTopicEntry(_Frozen):
    """A topic a pack declares; without any, the pack is its own single topic."""

    id: TopicSlug
    title: schema.Line
    short: Short


class PackQuestion(schema.Question):
    """A shipped question's fields; an id is made from the stem and topics may be left out."""

    id: schema.Slug | None = None  # type: ignore[assignment]
    topics: tuple[schema.Slug, ...] = ()
