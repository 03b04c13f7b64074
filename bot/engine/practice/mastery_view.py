"""Mastery as `/llm me` and Slack's App Home show it: "mastered N of M topics" and the three
weakest topics, each with Explain and Practice buttons.

The topics are llmbot's own and the pack topics of the member's workspace: a pack topic is
mastered and weak by the same rules, and leaves these views with its pack.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.engine.actions import ExplainAction, PracticeAction, encode
from bot.engine.packs.book import PackTopics, QuestionBook
from bot.engine.practice.mastery import (
    MASTERY_FIRST_RIGHT,
    mastered_topics,
    recent_accuracy,
    weakest,
)
from bot.engine.practice.payloads import Mastery, WeakTopicFacts
from bot.engine.reply import Button, Field, Style, said
from bot.knowledge.base import KnowledgeBase

BUTTON_LABEL = 80


@dataclass(frozen=True, slots=True)
class TopicName:
    """A topic's title as replies show it; a pack topic's was written by the pack's author,
    so it is shown inert."""

    title: str
    pack: bool = False

    def shown(self, room: int | None = None) -> str:
        """The title, in at most `room` characters if given: cut before it is marked inert,
        so a button label never ends inside a mark."""
        title = self.title[:room]
        return said(title) if self.pack else title

    def label(self, verb: str) -> str:
        """A button's label, "Explain <title>", within the platforms' limit."""
        return f"{verb} {self.shown(BUTTON_LABEL - len(verb) - 1)}"


def topic_name(kb: KnowledgeBase, packs: PackTopics, topic_id: str) -> TopicName | None:
    """The name of a shipped topic or of one of the workspace's pack topics; None for any
    other, such as a topic of a pack removed since."""
    topic = kb.topics.get(topic_id)
    if topic is not None:
        return TopicName(topic.title)
    title = packs.titles.get(topic_id)
    return None if title is None else TopicName(title, pack=True)


@dataclass(frozen=True, slots=True)
class WeakTopic:
    topic_id: str
    name: TopicName
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
    book: QuestionBook, workspace_id: str, user_id: str, shipped: int
) -> MasteryView:
    """`shipped` is `masterable(kb)`, counted once per knowledge base by the caller; the
    workspace's pack topics are added here by the same rule, from their stored counts."""
    kb = book.kb
    progress, packs = await asyncio.gather(
        book.store.topic_progress(workspace_id, user_id), book.pack_topics(workspace_id)
    )
    names = {p.topic_id: name for p in progress if (name := topic_name(kb, packs, p.topic_id))}
    known = [p for p in progress if p.topic_id in names]
    weak = tuple(
        WeakTopic(p.topic_id, names[p.topic_id], recent_accuracy(p) or 0.0, p.recent_count)
        for p in weakest(known)
    )
    in_packs = sum(1 for n in packs.questions.values() if n >= MASTERY_FIRST_RIGHT)
    return MasteryView(tuple(mastered_topics(known)), shipped + in_packs, weak)


def mastery_fields(view: MasteryView) -> tuple[Field, ...]:
    fields = [Field("Mastery", f"mastered {len(view.mastered)} of {view.total} topics", True)]
    if view.weakest:
        lines = "\n".join(
            f"- {w.name.shown()}: {w.accuracy:.0%} of your last {w.answers} answers"
            for w in view.weakest
        )
        fields.append(Field("Weakest topics", lines))
    return tuple(fields)


def mastery_buttons(view: MasteryView) -> tuple[Button, ...]:
    buttons: list[Button] = []
    for weak in view.weakest:
        buttons.append(
            Button(encode(ExplainAction(weak.topic_id, "standard")), weak.name.label("Explain"))
        )
        buttons.append(
            Button(
                encode(PracticeAction(weak.topic_id)), weak.name.label("Practice"), Style.SUCCESS
            )
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
