"""The use cases behind every adapter: one entry per command, each returning a `Reply`."""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.engine import actions
from bot.engine.actor import Actor
from bot.engine.ask.asker import Asker, AskLimits, Growing
from bot.engine.ask.ports import LanguageModel
from bot.engine.ask.retrieval import PassageRetriever
from bot.engine.clean_text import clean_fields, clean_text
from bot.engine.clock import Clock, SystemClock
from bot.engine.daily.admin import DailyAdmin
from bot.engine.daily.overview import daily_overview
from bot.engine.daily.picker import DailyPicker
from bot.engine.daily.ports import Posters
from bot.engine.daily.posting import DailyPosting
from bot.engine.daily.scheduler import DEFAULT_GRACE, Scheduler
from bot.engine.errors import EngineError, UsageError
from bot.engine.fanout import DEFAULT_CONCURRENCY, FanOut, Pacer, default_budgets
from bot.engine.grammar import (
    USAGE,
    Answer,
    Ask,
    Command,
    DailyAdminCommand,
    DailyCommand,
    Explain,
    ForgetMe,
    Help,
    Leaderboard,
    Me,
    PackCommand,
    PackRemove,
    Practice,
    Problem,
    Progress,
    Quiz,
    Sample,
    SettingsAdminCommand,
    SettingsCommand,
    TeamAdminCommand,
    TeamCommand,
    Tokens,
    Topics,
    parse,
)
from bot.engine.labs.options import (
    MAX_SEED,
    SAMPLE_USAGE,
    TOKENS_USAGE,
    SampleSettings,
    TokensMode,
    lab_text,
    sample_settings,
)
from bot.engine.learn.catalog import find_topic, help_reply, topics_reply
from bot.engine.learn.explain import Explainer
from bot.engine.learn.quiz import POINTS, QuizMaster, parse_choice, random_quiz_id
from bot.engine.learn.scoring import scoring_reply
from bot.engine.observer import EngineObserver, NullObserver, observed
from bot.engine.packs.book import QuestionBook
from bot.engine.packs.ids import PACK_PREFIX
from bot.engine.payloads import MemberStats, Refusal
from bot.engine.practice.mastery_view import (
    masterable,
    mastery_buttons,
    mastery_facts,
    mastery_fields,
    mastery_view,
)
from bot.engine.practice.session import PRACTICE_KINDS
from bot.engine.practice.session import Practice as PracticeSessions
from bot.engine.practice.spacing import Ledger
from bot.engine.progress.observed import ObservedStats
from bot.engine.progress.privacy import Forgetting
from bot.engine.progress.problems import ProblemReports
from bot.engine.reply import Reply, ReplyKind, Visibility
from bot.engine.standings.periods import Calendar
from bot.engine.standings.standings import Standings
from bot.engine.teams.teams import Teams
from bot.engine.workspace.workspaces import Workspaces
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Depth, Difficulty
from bot.knowledge.search import TopicIndex
from storage import Store

if TYPE_CHECKING:
    from bot.engine.labs.lab import Labs
    from bot.engine.packs.admin import PackAdmin
    from bot.engine.progress.overview import ProgressBoard

log = logging.getLogger(__name__)

ADMIN_COMMANDS = DailyAdminCommand | SettingsAdminCommand | TeamAdminCommand


def refusal(error: EngineError) -> Reply:
    body = str(error)
    if isinstance(error, UsageError) and error.usage:
        body += f"\n{error.usage}"
    return Reply(
        kind=ReplyKind.USAGE if isinstance(error, UsageError) else ReplyKind.REFUSED,
        title="Usage" if isinstance(error, UsageError) else "Sorry",
        body=body,
        visibility=Visibility.PRIVATE,
        payload=Refusal(error=str(error)),
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
        daily_grace: timedelta = DEFAULT_GRACE,
        index: TopicIndex | None = None,
        quiz_ids: Callable[[], str] = random_quiz_id,
        pacer: Pacer | None = None,
        daily_concurrency: int = DEFAULT_CONCURRENCY,
        model: LanguageModel | None = None,
        ask_limits: AskLimits | None = None,
        labs: Labs | None = None,
    ) -> None:
        self.kb = kb
        self.store = store
        store.use_learning_rules(Ledger())
        self.observer: EngineObserver = observer or NullObserver()
        self.clock = clock or SystemClock()
        self.rng = random.Random(seed)
        self.index = index or TopicIndex(kb)
        self.explainer = Explainer(kb, self.index)
        # The labs load on first use (see `labs`); tests share one `Labs` across engines.
        self._labs = labs
        self.workspaces = Workspaces(store, self.clock)
        self.book = QuestionBook(kb, store)
        self._packs: PackAdmin | None = None
        self.observed = ObservedStats(store, self.clock)
        self.quizzes = QuizMaster(
            kb=kb,
            store=store,
            clock=self.clock,
            rng=self.rng,
            calendar_of=self.calendar_of,
            new_quiz_id=quiz_ids,
            observed=self.observed,
        )
        self.standings = Standings(store, self.clock, self.calendar_of)
        self.practice = PracticeSessions(
            kb=kb,
            book=self.book,
            store=store,
            clock=self.clock,
            quizzes=self.quizzes,
            explainer=self.explainer,
            index=self.index,
            rng=self.rng,
        )
        self.problems = ProblemReports(kb, store, self.clock, self.quizzes.known)
        self._progress: ProgressBoard | None = None
        self.forgetting = Forgetting(store)
        self.masterable = masterable(kb)
        self.teams = Teams(store, self.clock, self.workspaces)
        self.posters = Posters()
        self.picker = DailyPicker(self.book, store, seed, self.observed)
        self.posting = DailyPosting(
            kb=kb,
            book=self.book,
            store=store,
            clock=self.clock,
            posters=self.posters,
            quizzes=self.quizzes,
            picker=self.picker,
            workspaces=self.workspaces,
            observer=self.observer,
            owner=f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}",
            pacer=pacer or Pacer(default_budgets()),
        )
        self.scheduler = Scheduler(
            store,
            self.posting,
            self.clock,
            self.posters,
            self.observer,
            grace=daily_grace,
            # A job that fails is logged by the runner; each counts as a daily error.
            fanout=FanOut(daily_concurrency, on_failure=lambda job: self.observer.error("daily")),
        )
        self.posters.on_change(self.scheduler.wake)
        self.asker = Asker(
            kb,
            PassageRetriever(self.index),
            store,
            clock=self.clock,
            zone_of=self.zone_of,
            observer=self.observer,
            model=model,
            limits=ask_limits,
        )
        self.daily_admin = DailyAdmin(
            kb=kb,
            book=self.book,
            store=store,
            clock=self.clock,
            index=self.index,
            workspaces=self.workspaces,
            posters=self.posters,
            posting=self.posting,
            picker=self.picker,
            wake=self.scheduler.wake,
            grace=daily_grace,
        )

    def zone_of(self, workspace_key: str) -> ZoneInfo:
        """The workspace's time zone (UTC until an admin sets one), from a short cache."""
        return self.workspaces.zone_of(workspace_key)

    def calendar_of(self, workspace_key: str) -> Calendar:
        return self.workspaces.calendar_of(workspace_key)

    async def roles_in_use(self, workspace_key: str) -> frozenset[str]:
        """The role or user-group ids that mean something here (team links, admin roles),
        for platforms that can only look memberships up one group at a time (Slack)."""
        record = await self.workspaces.load(workspace_key)
        return frozenset(record.admin_roles) | await self.teams.linked_roles(workspace_key)

    async def daily_glance(self, actor: Actor) -> Reply:
        """The member's open daily questions and streaks in every daily channel of the
        workspace, for overviews outside any channel (Slack's App Home)."""
        return await daily_overview(self.store, self.clock, actor.workspace_key, actor.user)

    async def handle_text(self, actor: Actor, text: str) -> Reply:
        """Run one `/llm …` text command; bad input becomes a usage reply, never an exception."""
        try:
            command = parse(clean_text(text))
        except UsageError as error:
            log.info("usage error from %s: %s", actor.platform, error)
            self.observer.command_handled("invalid", actor.platform, 0.0)
            return refusal(error)
        return await self.run(actor, command)

    async def run(self, actor: Actor, command: Command, growing: Growing | None = None) -> Reply:
        """Run one command. `growing`, if given, is shown each longer draft of an answer a
        model is writing (`/llm ask`), before the final reply is returned."""
        actor, command = clean_fields(actor), clean_fields(command)
        with observed(self.observer, type(command).__name__.lower(), actor.platform):
            try:
                await self.workspaces.load(actor.workspace_key)
                await self.teams.follow_roles(actor)
                reply = await self._dispatch(actor, command, growing)
                if isinstance(command, ADMIN_COMMANDS):
                    reply = await self._with_pause_notice(actor, reply)
                return reply
            except EngineError as error:
                log.info("refused %s for %s: %s", type(command).__name__, actor.platform, error)
                return refusal(error)

    async def _dispatch(
        self, actor: Actor, command: Command, growing: Growing | None = None
    ) -> Reply:
        match command:
            case Explain(query, depth):
                if query.startswith(PACK_PREFIX):
                    return await self.explain_pack_topic(actor, query)
                return self.explain(query, depth)
            case Ask(question):
                return await self.asker.ask(actor.workspace_key, actor.user, question, growing)
            case Quiz(topic, difficulty, pack):
                return await self.quiz(actor, topic, difficulty, pack)
            case Answer(quiz_id, choice):
                return await self.answer(actor, quiz_id, choice)
            case Leaderboard(period, board):
                return await self.standings.leaderboard(actor, period, board)
            case Me():
                return await self.me(actor)
            case Practice(topic, mistakes):
                return await self.practice.next(actor, topic=topic, mistakes=mistakes)
            case Progress(view):
                return await self.progress_view(actor, view)
            case Problem(quiz_id, reason, note):
                return await self.problems.report(actor, quiz_id, reason, note)
            case ForgetMe():
                return self.forgetting.ask()
            case Topics():
                return topics_reply(self.kb, await self.book.shelf(actor.workspace_key))
            case Tokens(text, mode):
                return await self.tokens(lab_text(text, TOKENS_USAGE, "text"), mode)
            case Sample(prompt, settings):
                return await self.sample(lab_text(prompt, SAMPLE_USAGE, "prompt"), settings)
            case Help(topic):
                return scoring_reply(POINTS) if topic == "scoring" else help_reply()
            case _ if isinstance(command, DailyCommand):
                return await self.daily_admin.run(actor, command)
            case _ if isinstance(command, TeamCommand):
                return await self.teams.run(actor, command)
            case _ if isinstance(command, SettingsCommand):
                return await self.workspaces.run(actor, command)
            case _ if isinstance(command, PackCommand):
                return await self.packs.run(actor, command)
        raise UsageError("Unknown command.", USAGE["help"])

    async def _with_pause_notice(self, actor: Actor, reply: Reply) -> Reply:
        notice = await self.daily_admin.pause_notice(actor.workspace_key)
        if not notice:
            return reply
        body = f"{reply.body}\n\n{notice}" if reply.body else notice
        return replace(reply, body=body, paused_notice=notice)

    async def press(self, actor: Actor, action_id: str) -> Reply:
        """A button or menu choice, decoded from its id."""
        actor = clean_fields(actor)
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
            case actions.LabAction(lab):
                from bot.engine.labs.corpus import EXAMPLE_PROMPT, EXAMPLE_TEXT

                example = Tokens(EXAMPLE_TEXT) if lab == "tokens" else Sample(EXAMPLE_PROMPT)
                return await self.run(actor, example)
            case actions.SampleAction(context, temperature, top_p, top_k, seed):
                try:
                    settings = sample_settings(temperature, top_p, top_k, seed)
                except UsageError as error:
                    return refusal(error)
                from bot.engine.labs.replies import button_prompt

                return await self.run(actor, Sample(button_prompt(context), settings))
            case actions.PracticeAction(topic_id, mistakes, after):
                return await self._guarded(
                    actor,
                    "practice",
                    self.practice.next(actor, topic=topic_id, mistakes=mistakes, after=after),
                )
            case actions.StopPracticeAction():
                return self.practice.stop()
            case actions.ProblemAction(quiz_id, reason):
                return await self.run(actor, Problem(quiz_id, reason))
            case actions.ForgetAction(confirmed):
                return await self._guarded(
                    actor, "forgetme", self.forgetting.confirm(actor, confirmed)
                )
            case actions.PackRemoveAction(name, version):
                return await self.run(actor, PackRemove(name, version))

    @property
    def labs(self) -> Labs:
        """The labs' tokenizers and word model, created on first use: commands that are not
        labs never import them (`llmbot ask` must start in 0.3 s)."""
        if self._labs is None:
            from bot.engine.labs.lab import Labs

            self._labs = Labs(self.kb)
        return self._labs

    async def tokens(self, text: str, mode: TokensMode) -> Reply:
        from bot.engine.labs.replies import tokens_reply

        return tokens_reply(await self.labs.tokens(text, mode), frozenset(self.kb.topics))

    async def sample(self, prompt: str, settings: SampleSettings) -> Reply:
        """The sampling lab; without a seed, one is drawn (and shown, to draw it again).
        Settings are checked here too: Discord's options arrive already typed."""
        settings = sample_settings(
            settings.temperature, settings.top_p, settings.top_k, settings.seed
        )
        seed = settings.seed if settings.seed is not None else self.rng.randrange(MAX_SEED + 1)
        from bot.engine.labs.replies import sample_reply

        result = await self.labs.sample(prompt, settings, seed)
        return sample_reply(result, frozenset(self.kb.topics))

    async def _guarded(self, actor: Actor, name: str, work: Awaitable[Reply]) -> Reply:
        """A button's use case with the same observation and refusals as a command."""
        with observed(self.observer, name, actor.platform):
            try:
                await self.workspaces.load(actor.workspace_key)
                return await work
            except EngineError as error:
                log.info("refused %s for %s: %s", name, actor.platform, error)
                return refusal(error)

    async def answer(self, actor: Actor, quiz_id: str, choice: str) -> Reply:
        """Quiz, daily and practice answers share `/llm answer` and the answer buttons."""
        record = await self.quizzes.known.get(actor.workspace_key, quiz_id)
        if record is not None and record.kind in PRACTICE_KINDS:
            position = parse_choice(choice, len(record.choice_order))
            return await self.practice.answer(actor, record, position)
        return await self.quizzes.answer(actor, quiz_id, choice)

    async def me(self, actor: Actor) -> Reply:
        """Points, rank and streak, then mastery: N of M topics and the three weakest."""
        # Independent reads: on PostgreSQL they run side by side on pooled connections.
        reply, view = await asyncio.gather(
            self.standings.me(actor),
            mastery_view(self.book, actor.workspace_key, actor.user, self.masterable),
        )
        stats = reply.payload
        if not isinstance(stats, MemberStats):
            return reply
        return replace(
            reply,
            fields=(*reply.fields, *mastery_fields(view)),
            buttons=(*reply.buttons, *mastery_buttons(view)),
            payload=replace(stats, mastery=mastery_facts(view)),
        )

    @property
    def progress(self) -> ProgressBoard:
        """Built on first use: the report code is not needed to start `llmbot ask`."""
        if self._progress is None:
            from bot.engine.progress.overview import ProgressBoard

            self._progress = ProgressBoard(self.book, self.clock, self.calendar_of)
        return self._progress

    async def progress_view(self, actor: Actor, view: str) -> Reply:
        if view == "me":
            return await self.progress.me(actor)
        await self.workspaces.require_admin(
            actor, "see the workspace's progress" if view == "show" else "export the report"
        )
        if view == "show":
            return await self.progress.show(actor)
        return await self.progress.export(actor)

    def explain(self, query: str, depth: Depth = "standard") -> Reply:
        return self.explainer.explain(query, depth)

    def complete_topic(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        return [(c.topic_id, c.title) for c in self.index.complete(prefix, limit)]

    async def complete_pack(self, workspace_key: str, prefix: str, limit: int = 25) -> list[str]:
        """The workspace's pack names starting with `prefix` (Discord's autocomplete)."""
        shelf = await self.book.shelf(workspace_key)
        start = prefix.strip().lower()
        return [name for name in sorted(shelf.packs) if name.startswith(start)][:limit]

    @property
    def packs(self) -> PackAdmin:
        """Built on first use: `/llm pack` is not needed to start `llmbot ask`."""
        if self._packs is None:
            from bot.engine.packs.admin import PackAdmin

            self._packs = PackAdmin(
                kb=self.kb,
                store=self.store,
                clock=self.clock,
                book=self.book,
                workspaces=self.workspaces,
            )
        return self._packs

    async def explain_pack_topic(self, actor: Actor, handle: str) -> Reply:
        from bot.engine.packs.replies import topic_reply

        found = (await self.book.shelf(actor.workspace_key)).topic(handle)
        if found is None:
            raise UsageError(
                "This workspace has no pack topic by that id; `/llm topics` lists them."
            )
        return topic_reply(*found, handle)

    async def quiz(
        self,
        actor: Actor,
        topic: str | None,
        difficulty: Difficulty | None,
        pack: str | None = None,
    ) -> Reply:
        workspace = actor.workspace_key
        if pack is not None and topic:
            raise UsageError("Give a topic or a pack, not both.")
        if pack is not None:
            (await self.book.shelf(workspace)).require(pack)
            pool = [
                q
                for q in await self.book.pack_questions(workspace, pack)
                if difficulty in (None, q.difficulty)
            ]
        elif topic and topic.startswith(PACK_PREFIX):
            pool = await self.book.topic_pool(workspace, topic, difficulty)
        else:
            topic_id: str | None = None
            if topic:
                topic_id = find_topic(self.kb, self.index, topic)
                if topic_id is None:
                    return self.explainer.decline(topic)
            pool = self.quizzes.pool(topic_id, difficulty)
        if not pool:
            raise UsageError(
                f"I have no {difficulty or ''} questions on that topic yet.".replace("  ", " ")
            )
        question = self.rng.choice(pool)
        record = await self.quizzes.start(actor, await self.book.asked(workspace, question))
        return await self.quizzes.with_share(self.quizzes.quiz_reply(record), record)
