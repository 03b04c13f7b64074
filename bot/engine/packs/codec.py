"""Questions as JSON: how pack questions are stored and how a quiz keeps what it asked."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bot.knowledge.models import Option, Question

__all__ = ["dump_question", "load_question", "question_data", "question_from"]


def question_data(question: Question) -> dict[str, Any]:
    """Everything a quiz shows, scores and reveals, as JSON-ready values."""
    return {
        "id": question.id,
        "topics": list(question.topics),
        "difficulty": question.difficulty,
        "type": question.type,
        "misconception": question.misconception,
        "stem": question.stem,
        "options": [[o.text, o.correct, o.why] for o in question.options],
    }


def question_from(data: Mapping[str, Any]) -> Question:
    return Question(
        id=data["id"],
        topics=tuple(data["topics"]),
        difficulty=data["difficulty"],
        type=data["type"],
        misconception=data["misconception"],
        stem=data["stem"],
        options=tuple(Option(text, bool(correct), why) for text, correct, why in data["options"]),
    )


def dump_question(question: Question) -> str:
    return json.dumps(question_data(question), ensure_ascii=False, separators=(",", ":"))


def load_question(text: str) -> Question:
    return question_from(json.loads(text))
