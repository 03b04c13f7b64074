"""`/llm daily …`: admins set up, pause, preview, skip and trigger a channel's daily question."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from bot.engine.actor import Actor
from bot.engine.clock import Clock, from_ms, to_ms
from bot.engine.daily.payloads import PostAttempt, PreviewedQuestion
from bot.engine.daily.picker import DailyPicker
from bot.engine.daily.ports import ChannelUnavailable, Posters, PostTarget
from bot.engine.daily.posting import DailyPosting, PostResult
from bot.engine.daily.schedule import (
    EVERY_DAY,
    DailySpec,
    first_due,
    format_local,
    local_date,
)
from bot.engine.daily.status import status_reply, upcoming
from bot.engine.errors import EngineError, NotAllowed, UsageError
from bot.engine.grammar import DailyCommand, DailyNow, DailyOff, DailyPreview, DailySetup, DailySkip
from bot.engine.learn.catalog import find_topic
from bot.engine.learn.quiz import LETTERS, POINTS
from bot.engine.packs.book import QuestionBook
from bot.engine.reply import Reply, ReplyKind, Visibility, said
from bot.engine.workspace.workspaces import Workspaces, zone_named
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.search import TopicIndex
from storage import OPEN_STATUSES, ClaimStatus, DailyChannelRecord, Store

log = logging.getLogger(__name__)

DEFAULT_TIME = "09:00"


class NotSetUp(EngineError):
    pass


class DailyAdmin:
    """`/llm daily …`: what admins do to a channel's daily question, and its status for anyone."""

    def __init__(
        self,
        *,
        kb: KnowledgeBase,
        book: QuestionBook,
        store: Store,
        clock: Clock,
        index: TopicIndex,
        workspaces: Workspaces,
        posters: Posters,
        posting: DailyPosting,
        picker: DailyPicker,
        wake: Callable[[], None],
        grace: timedelta,
    ) -> None:
        self.kb = kb
        self.book = book
        self.store = store
        self.clock = clock
        self.index = index
        self.workspaces = workspaces
        self.posters = posters
        self.posting = posting
        self.picker = picker
        self.wake = wake
        self.grace = grace

    async def run(self, actor: Actor, command: DailyCommand) -> Reply:
        match command:
            case DailySetup():
                await self.workspaces.require_admin(actor, "set up the daily question")
                return await self._setup(actor, command)
            case DailyOff():
                await self.workspaces.require_admin(actor, "switch the daily question off")
                return await self._off(actor)
            case DailyPreview():
                await self.workspaces.require_admin(actor, "preview the daily question")
                return await self._preview(actor)
            case DailySkip():
                await self.workspaces.require_admin(actor, "skip a daily question")
                return await self._skip(actor)
            case DailyNow():
                await self.workspaces.require_admin(actor, "post the daily question")
                return await self._now(actor)
        return await self.status(actor)

    async def pause_notice(self, workspace_key: str) -> str:
        """For admins: every paused channel of the workspace and why, until it is fixed."""
        paused = await self.store.paused_daily_channels(workspace_key)
        return "\n".join(
            f"Note: the daily question in channel `{c.channel_id}` is paused: "
            f"{c.paused_reason} Fix it, then run `/llm daily setup` there."
            for c in paused
        )

    async def _channel(self, actor: Actor) -> DailyChannelRecord:
        channel = await self.store.get_daily_channel(actor.workspace_key, actor.channel)
        if channel is None:
            raise NotSetUp(
                "This channel has no daily question yet. An admin can start one "
                "with `/llm daily setup 09:30 Europe/Paris mon-fri`."
            )
        return channel

    def _topics(self, words: tuple[str, ...]) -> tuple[str, ...]:
        found: list[str] = []
        unknown: list[str] = []
        for word in words:
            match = find_topic(self.kb, self.index, word)
            (found if match else unknown).append(match or word)
        if unknown:
            raise UsageError(
                f"I don't know the topic(s) {', '.join(said(repr(u[:30])) for u in unknown)}. "
                "Use ids from `/llm topics`."
            )
        return tuple(dict.fromkeys(found))

    async def _packs(
        self, actor: Actor, names: tuple[str, ...] | None, current: DailyChannelRecord | None
    ) -> tuple[str, ...]:
        """The packs asked for (all of them this workspace's), else the channel's current ones."""
        if names is None:
            return current.packs if current else ()
        shelf = await self.book.shelf(actor.workspace_key)
        for name in names:
            shelf.require(name)
        return names

    async def _check_access(self, actor: Actor) -> None:
        poster = self.posters.get(actor.platform)
        if poster is None:
            raise NotAllowed(
                "I can't post daily questions from here: this platform's bot "
                "is not running in this process."
            )
        try:
            await poster.check(PostTarget(actor.platform, actor.workspace, actor.channel))
        except ChannelUnavailable as error:
            raise NotAllowed(f"I can't post in this channel: {error.reason}") from None

    async def _setup(self, actor: Actor, command: DailySetup) -> Reply:
        current = await self.store.get_daily_channel(actor.workspace_key, actor.channel)
        zone = command.timezone or (
            current.timezone if current else self.workspaces.zone_of(actor.workspace_key).key
        )
        zone = zone_named(zone).key
        if command.all_topics:
            topics: tuple[str, ...] = ()
        elif command.topics:
            topics = self._topics(command.topics)
        else:
            topics = current.topics if current else ()
        if command.difficulty is not None:
            difficulty = None if command.difficulty == "mixed" else command.difficulty
        else:
            difficulty = current.difficulty if current else None
        packs = await self._packs(actor, command.packs, current)
        probe = DailyChannelRecord(
            actor.workspace_key,
            actor.channel,
            DEFAULT_TIME,
            zone,
            EVERY_DAY,
            difficulty=difficulty,
            topics=topics,
            packs=packs,
        )
        if not await self.picker.pool(probe):
            raise UsageError("No question fits those topics at that difficulty; widen the choice.")
        await self._check_access(actor)
        now_ms = to_ms(self.clock.now())
        window = command.window_hours * 60 if command.window_hours else None
        channel = DailyChannelRecord(
            workspace_id=actor.workspace_key,
            channel_id=actor.channel,
            post_time=command.time or (current.post_time if current else DEFAULT_TIME),
            timezone=zone,
            weekdays=command.days or (current.weekdays if current else EVERY_DAY),
            difficulty=difficulty,
            topics=topics,
            window_minutes=window or (current.window_minutes if current else None),
            feedback=command.feedback or (current.feedback if current else "at_close"),
            recap=command.recap if command.recap is not None else bool(current and current.recap),
            packs=packs,
            enabled=True,
            since_ms=now_ms,
            cycle=current.cycle if current else 0,
            cycle_started_ms=current.cycle_started_ms if current else 0,
            updated_by=actor.user,
            updated_at_ms=now_ms,
        )
        if "1" not in channel.weekdays:
            raise UsageError("Choose at least one day.")
        channel = replace(channel, next_due_ms=self._first_due_ms(channel))
        await self.store.save_daily_channel(channel)
        self.wake()
        log.info("daily question set up in %s/%s", actor.workspace_key, actor.channel)
        return await status_reply(
            self.store, self.clock, self.grace, channel, "Daily question set up."
        )

    async def _off(self, actor: Actor) -> Reply:
        channel = await self._channel(actor)
        now_ms = to_ms(self.clock.now())
        await self.store.save_daily_channel(
            replace(
                channel,
                enabled=False,
                updated_by=actor.user,
                updated_at_ms=now_ms,
                next_due_ms=None,
            )
        )
        self.wake()
        return Reply(
            kind=ReplyKind.DAILY_OFF,
            title="Daily question switched off",
            body="No more posts here; an open question is still revealed when it closes. "
            "`/llm daily setup` switches it back on.",
            visibility=Visibility.PRIVATE,
        )

    async def status(self, actor: Actor) -> Reply:
        channel = await self._channel(actor)
        return await status_reply(self.store, self.clock, self.grace, channel)

    async def _preview(self, actor: Actor) -> Reply:
        channel = await self._channel(actor)
        question = await self.picker.choose(channel, to_ms(self.clock.now()), commit=False)
        if question is None:
            raise UsageError("No question fits this channel's topics and difficulty.")
        asked = await self.book.asked(actor.workspace_key, question)
        options = "\n".join(
            f"**{LETTERS[n]}.** {asked.show(o.text)}{' (right)' if o.correct else ''}"
            for n, o in enumerate(question.options)
        )
        footer = (
            f"{question.difficulty.capitalize()} · {POINTS[question.difficulty]} points"
            " · only you can see this preview"
        )
        return Reply(
            kind=ReplyKind.DAILY_PREVIEW,
            title="Preview · the next daily question here",
            body=f"{asked.show(question.stem)}\n\n{options}",
            footer=f"{footer} · {asked.credit}" if asked.credit else footer,
            visibility=Visibility.PRIVATE,
            payload=PreviewedQuestion(question_id=question.id),
        )

    async def _skip(self, actor: Actor) -> Reply:
        channel = await self._channel(actor)
        now = self.clock.now()
        slot = await upcoming(self.store, self.grace, channel, now)
        if slot is None:
            raise NotAllowed("There is no upcoming daily question to skip.")
        skipped = await self.store.settle_daily_day(
            channel.workspace_id,
            channel.channel_id,
            slot.local_date.isoformat(),
            "post",
            ClaimStatus.SKIPPED,
            "skipped by an admin",
            to_ms(now),
        )
        if not skipped:
            raise NotAllowed("That question is being posted right now; it can't be skipped.")
        await self._reschedule(channel)
        zone = DailySpec.of(channel).zone
        note = f"Skipped the question of {format_local(slot.at, zone)}."
        return await status_reply(self.store, self.clock, self.grace, channel, note)

    async def _now(self, actor: Actor) -> Reply:
        channel = await self._channel(actor)
        if not channel.enabled:
            raise NotAllowed("The daily question is off here; `/llm daily setup` first.")
        now = self.clock.now()
        today = local_date(DailySpec.of(channel), now)
        claim = await self.store.get_daily_claim(
            channel.workspace_id, channel.channel_id, today.isoformat(), "post"
        )
        if claim is not None and claim.status is ClaimStatus.POSTED:
            raise NotAllowed("Today's question is already posted here.")
        if channel.paused_reason:
            await self._check_access(actor)
            await self.store.set_daily_paused(channel.workspace_id, channel.channel_id, None, 0)
            channel = replace(channel, paused_reason=None, paused_at_ms=None)
        if claim is not None and claim.status not in OPEN_STATUSES:
            await self.store.reopen_daily_day(
                channel.workspace_id, channel.channel_id, today.isoformat(), "post", to_ms(now)
            )
        result = await self.posting.post_day(channel, today)
        await self._reschedule(channel)
        return _now_reply(result)

    def _first_due_ms(self, channel: DailyChannelRecord) -> int | None:
        due = first_due(DailySpec.of(channel), from_ms(channel.since_ms), self.clock.now())
        return None if due is None else to_ms(due)

    async def _reschedule(self, channel: DailyChannelRecord) -> None:
        """Store when the scheduler must next look at the channel, and wake it."""
        due = self._first_due_ms(channel)
        await self.store.set_daily_next_due([(channel.workspace_id, channel.channel_id, due)])
        self.wake()


def _now_reply(result: PostResult) -> Reply:
    texts = {
        PostResult.POSTED: ("Posted", "Today's question is posted; it counts as today's."),
        PostResult.TAKEN: ("Already on its way", "Today's question is being posted right now."),
        PostResult.NO_POSTER: ("Not posted", "I can't post from here."),
        PostResult.NO_QUESTION: ("Not posted", "No question fits this channel's filters."),
        PostResult.UNAVAILABLE: (
            "Not posted",
            "I lost access to this channel; the schedule is paused. See `/llm daily status`.",
        ),
        PostResult.RETRY: ("Not posted yet", "Posting failed; try again in a few minutes."),
    }
    title, body = texts[result]
    return Reply(
        kind=ReplyKind.DAILY_NOW,
        title=title,
        body=body,
        visibility=Visibility.PRIVATE,
        payload=PostAttempt(result=result.value),
    )
