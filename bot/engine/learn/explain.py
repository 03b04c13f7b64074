"""Explanations at three depths, and the polite refusal when no topic fits."""

from __future__ import annotations

from typing import Literal

from bot.engine.actions import ExplainAction, LabAction, QuizAction, encode
from bot.engine.learn.catalog import find_topic
from bot.engine.payloads import Declined, Explanation
from bot.engine.reply import (
    Button,
    Image,
    Link,
    MenuOption,
    Reply,
    ReplyKind,
    Style,
    Visibility,
    said,
)
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import DEPTHS, Depth, Topic
from bot.knowledge.search import TopicIndex

DEPTH_LABELS: dict[Depth, str] = {"short": "Short", "standard": "Standard", "deep": "Deep dive"}
SUGGESTIONS = 3
# Topics whose idea a lab lets members try: "Try it" opens the lab with its example.
LABS: dict[str, Literal["tokens", "sample"]] = {
    "tokens-and-tokenization": "tokens",
    "sampling-and-decoding": "sample",
}


class Explainer:
    def __init__(self, kb: KnowledgeBase, index: TopicIndex) -> None:
        self.kb = kb
        self.index = index

    def explain(self, query: str, depth: Depth) -> Reply:
        topic_id = find_topic(self.kb, self.index, query)
        if topic_id is None:
            return self.decline(query)
        return self.topic_reply(self.kb.topics[topic_id], depth)

    def topic_reply(self, topic: Topic, depth: Depth) -> Reply:
        level = DEPTHS.index(depth)
        buttons = []
        if level > 0:
            buttons.append(
                Button(
                    encode(ExplainAction(topic.id, DEPTHS[level - 1])), "Simpler", Style.SECONDARY
                )
            )
        if level < len(DEPTHS) - 1:
            buttons.append(
                Button(encode(ExplainAction(topic.id, DEPTHS[level + 1])), "Deeper", Style.PRIMARY)
            )
        buttons.append(Button(encode(QuizAction(topic.id)), "Quiz me", Style.SUCCESS))
        lab = LABS.get(topic.id)
        if lab is not None:
            buttons.append(Button(encode(LabAction(lab)), "Try it", Style.PRIMARY))
        related = [self.kb.topics[r] for r in topic.related if r in self.kb.topics]
        figure_path = self.kb.figure_path(topic)
        image = (
            Image(figure_path, topic.figure.alt)
            if topic.figure is not None and figure_path is not None
            else None
        )
        return Reply(
            kind=ReplyKind.EXPLANATION,
            title=topic.title,
            body=topic.text(depth),
            sources=tuple(
                Link(f"{s.authors}, “{s.title}” ({s.year})", s.url) for s in topic.sources
            ),
            image=image,
            buttons=tuple(buttons),
            menu=tuple(
                MenuOption(encode(ExplainAction(r.id, "standard")), r.title) for r in related
            ),
            menu_placeholder="Related topics",
            footer=f"{topic.section} · {DEPTH_LABELS[depth]}",
            payload=Explanation(
                topic_id=topic.id, depth=depth, related=tuple(r.id for r in related)
            ),
        )

    def decline(self, query: str) -> Reply:
        suggestions = self.index.suggest(query, limit=SUGGESTIONS)
        lines = "\n".join(f"- {self.kb.topics[t].title} (`{t}`)" for t in suggestions)
        return Reply(
            kind=ReplyKind.DECLINED,
            title="I don't know that topic",
            body=(
                f"I couldn't find a topic for “{said(query)}”. Maybe one of these?\n{lines}\n"
                "Type `/llm topics` to see everything I can explain."
            ),
            buttons=tuple(
                Button(encode(ExplainAction(t, "standard")), self.kb.topics[t].title[:80])
                for t in suggestions
            ),
            visibility=Visibility.PRIVATE,
            payload=Declined(query=query, suggestions=tuple(suggestions)),
        )
