"""Questions as JSON: how pack questions are stored and how a quiz keeps what it asked."""

from __future__ import annotations

import json
from typing import Any

from bot.knowledge.models import Option, Question

__all__ = ["dump_question", "load_question"]


def dump_question(question: Question) -> str:
    """Compact JSON of everything a quiz shows, scores and reveals."""
    return json.dumps(
        {
            "id": question.id,
            "topics": list(question.topics),
            "difficulty": question.difficulty,
            "type": question.type,
            "misconception": question.misconception,
            "stem": question.stem,
            "options": [[o.text, o.correct, o.why] for o in question.options],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def load_question(text: str) -> Question:
    data: dict[str, Any] = json.loads(text)
    return Question(
        id=data["id"],
        topics=tuple(data["topics"]),
        difficulty=data["difficulty"],
        type=data["type"],
        misconception=data["misconception"],
        stem=data["stem"],
        options=tuple(Option(text, bool(correct), why) for text, correct, why in data["options"]),
    )
