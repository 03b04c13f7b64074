"""Engine: each command and button press of every adapter, dispatched to its feature's use
case and answered with a `Reply`; refusals become replies too."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.engine import actions
from bot.engine.actor import Actor
from bot.engine.clean_text import clean_fields, clean_text
from bot.engine.errors import EngineError, UsageError
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
    SAMPLE_USAGE,
    TOKENS_USAGE,
    lab_text,
    sample_settings,
)
from bot.engine.learn.catalog import find_topic, help_reply, topics_reply
from bot.engine.learn.quiz import POINTS, parse_choice
from bot.engine.learn.scoring import scoring_reply
from bot.engine.observer import observed
from bot.engine.packs.ids import PACK_PREFIX
from bot.engine.payloads import Refusal
from bot.engine.practice.session import PRACTICE_KINDS
from bot.engine.reply import Reply, ReplyKind, Visibility
from bot.engine.wiring import EngineParts
from bot.knowledge.models import Depth, Difficulty

if TYPE_CHECKING:
    from bot.engine.ask.asker import Growing

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


class Engine(EngineParts):
    """Platform-neutral: adapters hand it an `Actor` and a command, and render what it returns."""

    async def roles_in_use(self, workspace_key: str) -> frozenset[str]:
        """The role or user-group ids that mean something here (team links, admin roles),
        for platforms that can only look memberships up one group at a time (Slack)."""
        record = await self.workspaces.load(workspace_key)
        return frozenset(record.admin_roles) | await self.teams.linked_roles(workspace_key)

    async def daily_glance(self, actor: Actor) -> Reply:
        """The member's open daily questions and streaks in every daily channel of the
        workspace, for overviews outside any channel (Slack's App Home)."""
        from bot.engine.daily.overview import daily_overview

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
                    return await self.book.explain_topic(actor.workspace_key, query)
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
                return await self.standings.me_with_mastery(actor, self.book, self.masterable)
            case Practice(topic, mistakes):
                return await self.practice.next(actor, topic=topic, mistakes=mistakes)
            case Progress(view):
                return await self.progress.view(actor, view)
            case Problem(quiz_id, reason, note):
                return await self.problems.report(actor, quiz_id, reason, note)
            case ForgetMe():
                return self.forgetting.ask()
            case Topics():
                return topics_reply(self.kb, await self.book.shelf(actor.workspace_key))
            case Tokens(text, mode):
                return await self.lab_bench.tokens(lab_text(text, TOKENS_USAGE, "text"), mode)
            case Sample(prompt, settings):
                return await self.lab_bench.sample(
                    lab_text(prompt, SAMPLE_USAGE, "prompt"), settings
                )
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
        if record is None:
            return await self.quizzes.answer(actor, quiz_id, choice)
        if record.kind in PRACTICE_KINDS:
            position = parse_choice(choice, len(record.choice_order))
            return await self.practice.answer(actor, record, position)
        return await self.quizzes.answer_to(actor, record, choice)

    def explain(self, query: str, depth: Depth = "standard") -> Reply:
        return self.explainer.explain(query, depth)

    def complete_topic(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        return [(c.topic_id, c.title) for c in self.index.complete(prefix, limit)]

    async def complete_pack(self, workspace_key: str, prefix: str, limit: int = 25) -> list[str]:
        """The workspace's pack names starting with `prefix` (Discord's autocomplete)."""
        shelf = await self.book.shelf(workspace_key)
        start = prefix.strip().lower()
        return [name for name in sorted(shelf.packs) if name.startswith(start)][:limit]

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
