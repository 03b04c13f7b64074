"""The replies of `/llm ask`: an answer with its sources and buttons, or a polite decline."""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine.actions import ExplainAction, encode
from bot.engine.ask.ports import Excerpt
from bot.engine.payloads import AskAnswer, Declined
from bot.engine.reply import Button, Link, Reply, ReplyKind, Visibility, said
from bot.knowledge.base import KnowledgeBase

SUGGESTIONS = 3
# One button per cited topic, within one row of Discord's five.
MAX_BUTTONS = 5


class AskReplies:
    """Builds replies from excerpts whose `title` is a topic id's title in `kb`."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def answer(
        self,
        question: str,
        body: str,
        topic_ids: Sequence[str],
        *,
        generated: bool,
        footer: str,
        fallback: str | None = None,
    ) -> Reply:
        """`body` is light markup already; `topic_ids` are the cited topics, first cited first."""
        topics = [self.kb.topics[t] for t in topic_ids]
        return Reply(
            kind=ReplyKind.ASK,
            title="llmbot answers",
            body=f"**Question:** {said(question)}\n\n{body}",
            sources=tuple(
                Link(f"{t.title}: {s.authors}, “{s.title}” ({s.year})", s.url)
                for t in topics
                for s in t.sources[:1]
            ),
            buttons=tuple(
                Button(encode(ExplainAction(t.id, "standard")), f"Explain: {t.title}"[:80])
                for t in topics[:MAX_BUTTONS]
            ),
            footer=footer,
            payload=AskAnswer(
                question=question,
                citations=tuple(topic_ids),
                generated=generated,
                fallback=fallback,
            ),
        )

    def legend(self, excerpts: Sequence[Excerpt], cited: Sequence[int]) -> str:
        """What each cited number points at: `[1] Hallucinations · [2] …`."""
        by_number = {e.number: e.title for e in excerpts}
        return " · ".join(f"[{n}] {by_number[n]}" for n in cited)

    def decline(self, question: str, suggestions: Sequence[str]) -> Reply:
        chosen = [t for t in suggestions if t in self.kb.topics][:SUGGESTIONS]
        lines = "\n".join(f"- {self.kb.topics[t].title} (`{t}`)" for t in chosen)
        return Reply(
            kind=ReplyKind.DECLINED,
            title="llmbot's notes don't cover that",
            body=(
                f"I found nothing in llmbot's notes that answers “{said(question)}”. "
                f"Maybe one of these topics?\n{lines}\n"
                "Type `/llm topics` to see everything I can explain."
            ),
            buttons=tuple(
                Button(encode(ExplainAction(t, "standard")), self.kb.topics[t].title[:80])
                for t in chosen
            ),
            visibility=Visibility.PRIVATE,
            payload=Declined(query=question, suggestions=tuple(chosen)),
        )
