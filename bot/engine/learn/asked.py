"""The question a quiz asked, as the quiz keeps it: the question, its topic's title, its credit.

A quiz stores this snapshot when it is created, so what it shows, scores and reveals
never depends on the question still being there: a pack removed or replaced after the
quiz leaves past answers, scores and reveals as they were.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.engine.packs.codec import question_data, question_from
from bot.engine.reply import said
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Question
from storage import QuizRecord

__all__ = ["Asked", "asked_of", "shipped", "snapshot"]


@dataclass(frozen=True, slots=True)
class Asked:
    """`credit` is empty for llmbot's own questions, and says which pack and licence for others."""

    question: Question
    topic_title: str
    credit: str = ""
    pack: str | None = None

    def show(self, text: str) -> str:
        """Text of the question as shown: a pack's is its author's, inert like member text."""
        return text if self.pack is None else said(text)


def shipped(kb: KnowledgeBase, question: Question) -> Asked:
    topic = kb.topics.get(question.topics[0])
    return Asked(question, topic.title if topic else question.topics[0])


def snapshot(asked: Asked) -> str:
    return json.dumps(
        {
            "question": question_data(asked.question),
            "topic_title": asked.topic_title,
            "credit": asked.credit,
            "pack": asked.pack,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def asked_of(record: QuizRecord, kb: KnowledgeBase) -> Asked | None:
    """The quiz's own snapshot; for a quiz from before snapshots, the shipped question of its
    id (None once it is gone)."""
    if record.snapshot is not None:
        data = json.loads(record.snapshot)
        return Asked(
            question_from(data["question"]),
            data["topic_title"],
            data["credit"],
            data["pack"],
        )
    question = kb.questions.get(record.question_id)
    return None if question is None else shipped(kb, question)
