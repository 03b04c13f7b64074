"""`/llm ask`: a question answered from llmbot's notes, written by a model when one is set up.

Order matters: the question is vetted, then the notes are searched; only a question they
cover can cost a model call, and only within the member's rate and the workspace's daily
tokens. Every way a model can fail ends in the extractive answer, never in an error.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable, Sequence
from zoneinfo import ZoneInfo

from bot.engine.ask.checks import check_answer
from bot.engine.ask.extractive import MOST_PASSAGES, extractive_body
from bot.engine.ask.fallbacks import FallbackLog
from bot.engine.ask.ports import (
    AskLedger,
    AskLimits,
    Excerpt,
    Failure,
    Found,
    LanguageModel,
    ModelObserver,
    ModelRequest,
    ModelUnavailable,
    Retriever,
)
from bot.engine.ask.question import NotAQuestion, vet
from bot.engine.ask.replies import AskReplies
from bot.engine.clock import Clock, to_ms
from bot.engine.errors import EngineError
from bot.engine.reply import Reply
from bot.knowledge.base import KnowledgeBase

EXTRACTIVE_FOOTER = "From llmbot's notes."
NOTES = {
    Failure.TIMEOUT: "The model took too long, so this answer is llmbot's notes as they are.",
    Failure.RATE_LIMITED: "The model is busy right now, so this answer is llmbot's notes.",
    Failure.SERVER_ERROR: "The model is unavailable right now, so this answer is llmbot's notes.",
    Failure.UNREACHABLE: "The model is unavailable right now, so this answer is llmbot's notes.",
    Failure.MALFORMED: "The model's reply was unreadable, so this answer is llmbot's notes.",
    Failure.REFUSED: "The model declined the request, so this answer is llmbot's notes.",
}
UNCITED_NOTE = "The model's answer cited none of llmbot's notes, so here are the notes instead."
BUDGET_NOTE = (
    "Today's model budget for this workspace is spent; answers come from llmbot's notes "
    "until midnight ({zone})."
)

# Called with the answer as it grows (a reply to show while the model writes).
Growing = Callable[[Reply], Awaitable[None]]


class TooManyQuestions(EngineError):
    def __init__(self, minutes: int) -> None:
        unit = "minute" if minutes == 1 else "minutes"
        super().__init__(
            f"You have asked a lot of questions in a short time. Please try again in {minutes} "
            f"{unit}; `/llm explain` works meanwhile."
        )
        self.minutes = minutes


class Asker:
    def __init__(
        self,
        kb: KnowledgeBase,
        retriever: Retriever,
        ledger: AskLedger,
        *,
        clock: Clock,
        zone_of: Callable[[str], ZoneInfo],
        observer: ModelObserver,
        model: LanguageModel | None = None,
        limits: AskLimits | None = None,
    ) -> None:
        self.kb = kb
        self.retriever = retriever
        self.ledger = ledger
        self.clock = clock
        self.zone_of = zone_of
        self.observer = observer
        self.model = model
        self.limits = limits or AskLimits()
        self.replies = AskReplies(kb)
        self.fallbacks = FallbackLog(clock)

    async def ask(
        self, workspace: str, user: str, text: str, growing: Growing | None = None
    ) -> Reply:
        """`workspace` and `user` are namespaced keys; they count limits, never reach a model."""
        try:
            question = vet(text)
        except NotAQuestion:
            # Only mentions or links: declined like a question the notes do not cover,
            # with the places a newcomer starts.
            return self.replies.decline(text.strip(), self.retriever.retrieve("").suggestions)
        found = self.retriever.retrieve(question)
        if not found.found:
            return self.replies.decline(question, found.suggestions)
        passages = found.found[:MOST_PASSAGES]
        excerpts = tuple(
            Excerpt(n, self.kb.topics[p.topic_id].title, p.text)
            for n, p in enumerate(passages, start=1)
        )
        if self.model is None:
            return self._extractive(question, passages, excerpts)
        return await self._written(
            self.model, workspace, user, question, passages, excerpts, growing
        )

    async def _written(
        self,
        model: LanguageModel,
        workspace: str,
        user: str,
        question: str,
        passages: Sequence[Found],
        excerpts: tuple[Excerpt, ...],
        growing: Growing | None,
    ) -> Reply:
        now = self.clock.now()
        reopens = await self.ledger.take_model_slot(
            workspace,
            user,
            to_ms(now),
            int(self.limits.rate_window.total_seconds() * 1000),
            self.limits.rate_count,
        )
        if reopens is not None:
            self.observer.model_request("member_rate_limited", None, 0.0)
            raise TooManyQuestions(max(1, math.ceil((reopens - to_ms(now)) / 60_000)))
        zone = self.zone_of(workspace)
        day = now.astimezone(zone).date().isoformat()
        if await self.ledger.tokens_used(workspace, day) >= self.limits.daily_tokens:
            self.observer.model_request("budget_spent", None, 0.0)
            note = BUDGET_NOTE.format(zone=zone.key)
            return self._extractive(question, passages, excerpts, note, "budget_spent")

        sources = {
            n: self.kb.topics[p.topic_id].sources[0].url
            for n, p in enumerate(passages, start=1)
            if self.kb.topics[p.topic_id].sources
        }

        async def show(text: str) -> None:
            assert growing is not None
            partial = check_answer(text, len(excerpts), sources)
            topics = _topics(passages, partial.cited)
            await growing(
                self.replies.answer(
                    question, partial.body + " …", topics, generated=True, footer="Writing…"
                )
            )

        started = time.perf_counter()
        try:
            answer = await model.answer(
                ModelRequest(question, excerpts), show if growing is not None else None
            )
        except ModelUnavailable as failed:
            self.fallbacks.failed(failed.failure, str(failed))
            self.observer.model_request(failed.failure.value, None, time.perf_counter() - started)
            note = NOTES[failed.failure]
            return self._extractive(question, passages, excerpts, note, failed.failure.value)
        seconds = time.perf_counter() - started
        await self.ledger.add_tokens(workspace, day, answer.usage.total)
        checked = check_answer(answer.text, len(excerpts), sources)
        if not checked.cited:
            self.observer.model_request("uncited", answer.usage, seconds)
            return self._extractive(question, passages, excerpts, UNCITED_NOTE, "uncited")
        self.observer.model_request("generated", answer.usage, seconds)
        legend = self.replies.legend(excerpts, checked.cited)
        return self.replies.answer(
            question,
            f"{checked.body}\n\n{legend}",
            _topics(passages, checked.cited),
            generated=True,
            footer=(
                f"Written by a language model ({model.name}) from llmbot's notes, "
                "which it cites by number. Models can still get things wrong: check the sources."
            ),
        )

    def _extractive(
        self,
        question: str,
        passages: Sequence[Found],
        excerpts: Sequence[Excerpt],
        note: str | None = None,
        fallback: str | None = None,
    ) -> Reply:
        extract = extractive_body(excerpts)
        return self.replies.answer(
            question,
            extract.body,
            _topics(passages, extract.shown),
            generated=False,
            footer=f"{note} {EXTRACTIVE_FOOTER}" if note else EXTRACTIVE_FOOTER,
            fallback=fallback,
        )


def _topics(passages: Sequence[Found], numbers: Sequence[int]) -> list[str]:
    """The topics of the numbered passages, each once, in the order of `numbers`."""
    topics: list[str] = []
    for number in numbers:
        topic = passages[number - 1].topic_id
        if topic not in topics:
            topics.append(topic)
    return topics
