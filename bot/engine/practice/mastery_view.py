"""Mastery as `/llm me` and Slack's App Home show it: "mastered N of M topics" and the three
weakest topics, each with Explain and Practice buttons."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.actions import ExplainAction, PracticeAction, encode
from bot.engine.practice.mastery import (
    MASTERY_FIRST_RIGHT,
    mastered_topics,
    recent_accuracy,
    weakest,
)
from bot.engine.practice.payloads import Mastery, WeakTopicFacts
from bot.engine.reply import Button, Field, Style
from bot.knowledge.base import KnowledgeBase
from storage import Store


@dataclass(frozen=True, slots=True)
class WeakTopic:
    topic_id: str
    accuracy: float
    answers: int


@dataclass(frozen=True, slots=True)
class MasteryView:
    mastered: tuple[str, ...]
    total: int
    weakest: tuple[WeakTopic, ...]


def masterable(kb: KnowledgeBase) -> int:
    """Topics with enough questions (counted for their first topic) to be mastered at all."""
    counts: dict[str, int] = {}
    for question in kb.questions.values():
        counts[question.topics[0]] = counts.get(question.topics[0], 0) + 1
    return sum(1 for t in kb.topics if counts.get(t, 0) >= MASTERY_FIRST_RIGHT)


async def mastery_view(
    store: Store, kb: KnowledgeBase, workspace_id: str, user_id: str, total: int
) -> MasteryView:
    """`total` is `masterable(kb)`, counted once per knowledge base by the caller."""
    progress = [
        p for p in await store.topic_progress(workspace_id, user_id) if p.topic_id in kb.topics
    ]
    weak = tuple(
        WeakTopic(p.topic_id, recent_accuracy(p) or 0.0, p.recent_count) for p in weakest(progress)
    )
    return MasteryView(tuple(mastered_topics(progress)), total, weak)


def mastery_fields(view: MasteryView, kb: KnowledgeBase) -> tuple[Field, ...]:
    fields = [Field("Mastery", f"mastered {len(view.mastered)} of {view.total} topics", True)]
    if view.weakest:
        lines = "\n".join(
            f"- {kb.topics[w.topic_id].title}: {w.accuracy:.0%} of your last {w.answers} answers"
            for w in view.weakest
        )
        fields.append(Field("Weakest topics", lines))
    return tuple(fields)


def mastery_buttons(view: MasteryView, kb: KnowledgeBase) -> tuple[Button, ...]:
    buttons: list[Button] = []
    for weak in view.weakest:
        title = kb.topics[weak.topic_id].title
        buttons.append(
            Button(encode(ExplainAction(weak.topic_id, "standard")), f"Explain {title}"[:80])
        )
        buttons.append(
            Button(encode(PracticeAction(weak.topic_id)), f"Practice {title}"[:80], Style.SUCCESS)
        )
    return tuple(buttons)


def mastery_facts(view: MasteryView) -> Mastery:
    return Mastery(
        mastered=len(view.mastered),
        masterable_topics=view.total,
        mastered_topics=view.mastered,
        weakest_topics=tuple(
            WeakTopicFacts(topic_id=w.topic_id, accuracy=round(w.accuracy, 3), answers=w.answers)
            for w in view.weakest
        ),
    )
