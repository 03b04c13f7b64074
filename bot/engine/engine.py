"""The use cases behind every adapter: one entry per command, each returning a `Reply`."""

from __future__ import annotations

import logging
import random
from zoneinfo import ZoneInfo

from bot.engine import actions
from bot.engine.catalog import help_reply, topics_reply
from bot.engine.clock import Clock, SystemClock
from bot.engine.commands import (
    USAGE,
    Actor,
    Answer,
    Command,
    Explain,
    Help,
    Leaderboard,
    Me,
    Quiz,
    Topics,
    parse,
)
from bot.engine.errors import EngineError, UsageError
from bot.engine.explain import Explainer
from bot.engine.observer import EngineObserver, NullObserver, observed
from bot.engine.quiz import QuizMaster
from bot.engine.reply import Reply, Visibility
from bot.engine.standings import Standings
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Depth, Difficulty
from bot.knowledge.search import TopicIndex
from storage import Store

log = logging.getLogger(__name__)

UTC_ZONE = ZoneInfo("UTC")


def refusal(error: EngineError) -> Reply:
    body = str(error)
    if isinstance(error, UsageError) and error.usage:
        body += f"\n{error.usage}"
    return Reply(
        kind="usage" if isinstance(error, UsageError) else "refused",
        title="Usage" if isinstance(error, UsageError) else "Sorry",
        body=body,
        visibility=Visibility.PRIVATE,
        data={"error": str(error)},
    )


class Engine:
    """Platform-neutral: adapters hand it an `Actor` and a command, and render what it returns."""

    def __init__(
        self,
        kb: KnowledgeBase,
        store: Store,
        *,
        clock: Clock | None = None,
        seed: int | None = None,
        observer: EngineObserver | None = None,
    ) -> None:
        self.kb = kb
        self.store = store
        self.observer: EngineObserver = observer or NullObserver()
        self.clock = clock or SystemClock()
        self.rng = random.Random(seed)
        self.index = TopicIndex(kb)
        self.explainer = Explainer(kb, self.index)
        self.quizzes = QuizMaster(kb, store, self.clock, self.rng, self.zone_of)
        self.standings = Standings(store, self.clock, self.zone_of)

    def zone_of(self, workspace_key: str) -> ZoneInfo:
        return UTC_ZONE

    async def handle_text(self, actor: Actor, text: str) -> Reply:
        """Run one `/llm …` text command; bad input becomes a usage reply, never an exception."""
        try:
            command = parse(text)
        except UsageError as error:
            log.info("usage error from %s: %s", actor.platform, error)
            self.observer.command_handled("invalid", actor.platform, 0.0)
            return refusal(error)
        return await self.run(actor, command)

    async def run(self, actor: Actor, command: Command) -> Reply:
        with observed(self.observer, type(command).__name__.lower(), actor.platform):
            try:
                return await self._dispatch(actor, command)
            except EngineError as error:
                log.info("refused %s for %s: %s", type(command).__name__, actor.platform, error)
                return refusal(error)

    async def _dispatch(self, actor: Actor, command: Command) -> Reply:
        match command:
            case Explain(query, depth):
                return self.explain(query, depth)
            case Quiz(topic, difficulty):
                return await self.quiz(actor, topic, difficulty)
            case Answer(quiz_id, choice):
                return await self.quizzes.answer(actor, quiz_id, choice)
            case Leaderboard(period):
                return await self.standings.leaderboard(actor, period)
            case Me():
                return await self.standings.me(actor)
            case Topics():
                return topics_reply(self.kb)
            case Help():
                return help_reply()
        raise UsageError("Unknown command.", USAGE["help"])

    async def press(self, actor: Actor, action_id: str) -> Reply:
        """A button or menu choice, decoded from its id."""
        try:
            action = actions.decode(action_id)
        except actions.BadAction:
            log.info("unknown action id from %s", actor.platform)
            self.observer.command_handled("invalid", actor.platform, 0.0)
            return refusal(UsageError("That button is no longer valid."))
        match action:
            case actions.AnswerAction(quiz_id, choice):
                return await self.run(actor, Answer(quiz_id, str(choice)))
            case actions.ExplainAction(topic_id, depth):
                return await self.run(actor, Explain(topic_id, depth))
            case actions.QuizAction(topic_id):
                return await self.run(actor, Quiz(topic_id))

    def explain(self, query: str, depth: Depth = "standard") -> Reply:
        return self.explainer.explain(query, depth)

    def complete_topic(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        return [(c.topic_id, c.title) for c in self.index.complete(prefix, limit)]

    async def quiz(self, actor: Actor, topic: str | None, difficulty: Difficulty | None) -> Reply:
        topic_id: str | None = None
        if topic:
            if topic in self.kb.topics:
                topic_id = topic
            else:
                match = self.index.resolve(topic)
                if match is None:
                    return self.explainer.decline(topic)
                topic_id = match.topic_id
        pool = self.quizzes.pool(topic_id, difficulty)
        if not pool:
            raise UsageError(
                f"I have no {difficulty or ''} questions on that topic yet.".replace("  ", " ")
            )
        question = self.rng.choice(pool)
        record = await self.quizzes.start(actor, question)
        return self.quizzes.quiz_reply(record)
