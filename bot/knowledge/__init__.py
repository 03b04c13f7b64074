"""The knowledge base: loading, validating and searching `content/`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.knowledge.base import KnowledgeBase, QuestionBank
from bot.knowledge.errors import ContentError, ContentInvalid
from bot.knowledge.models import (
    DEPTHS,
    DIFFICULTIES,
    Depth,
    Difficulty,
    Misconception,
    Question,
    Topic,
)

if TYPE_CHECKING:
    from bot.knowledge.loader import default_content_root, load_knowledge

__all__ = [
    "DEPTHS",
    "DIFFICULTIES",
    "ContentError",
    "ContentInvalid",
    "Depth",
    "Difficulty",
    "KnowledgeBase",
    "Misconception",
    "Question",
    "QuestionBank",
    "Topic",
    "default_content_root",
    "load_knowledge",
]


def __getattr__(name: str) -> Any:
    # The validating loader pulls in pydantic; a start from the cache never needs it.
    if name in ("load_knowledge", "default_content_root"):
        from bot.knowledge import loader

        return getattr(loader, name)
    raise AttributeError(name)
