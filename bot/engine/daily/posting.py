"""Daily work done exactly once: claim it in the store, post through the poster, mark it done.

Every post, reveal, warning and recap is a row keyed by (channel, local date, kind).
Whoever's atomic claim succeeds does the work; a crash between claim and mark
leaves a lease that runs out, and the next attempt reuses the same quiz.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import TypeVar

from bot.engine.actor import Actor
from bot.engine.clock import Clock, from_ms, to_ms
from bot.engine.daily.picker import DailyPicker
from bot.engine.daily.ports import (
    ChannelPoster,
    ChannelUnavailable,
    MessageEditor,
    Posters,
    PostTarget,
    PrivateNotifier,
)
from bot.engine.daily.recap import build_recap
from bot.engine.daily.reveal import closed_post, reveal_reply, streak_warning
from bot.engine.daily.schedule import DailySpec, closing_time, warning_time
from bot.engine.daily.streaks import apply_close, at_risk
from bot.engine.fanout import Lane, Pacer
from bot.engine.learn.asked import asked_of
from bot.engine.learn.quiz import QuizMaster
from bot.engine.observer import EngineObserver
from bot.engine.packs.book import QuestionBook
from bot.engine.reply import Reply
from bot.engine.standings.periods import period_key
from bot.engine.workspace.workspaces import Workspaces
from bot.knowledge.base import KnowledgeBase
from storage import ClaimStatus, DailyChannelRecord, DailyClaim, FollowUp, QuizRecord, Store
from storage.learning import HeldReviews

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
BOT_USER = "llmbot"

T = TypeVar("T")


class PostResult(enum.StrEnum):
    POSTED = "posted"
    TAKEN = "taken"
    NO_POSTER = "no_poster"
    NO_QUESTION = "no_question"
    UNAVAILABLE = "unavailable"
    RETRY = "retry"


class DailyPosting:
    """Claims, posts and marks each daily post, reveal, warning and recap exactly once."""

    def __init__(
        self,
        *,
        kb: KnowledgeBase,
        book: QuestionBook,
        store: Store,
        clock: Clock,
        posters: Posters,
        quizzes: QuizMaster,
        picker: DailyPicker,
        workspaces: Workspaces,
        observer: EngineObserver,
        owner: str,
        pacer: Pacer,
    ) -> None:
        self.kb = kb
        self.book = book
        self.store = store
        self.clock = clock
        self.posters = posters
        self.quizzes = quizzes
        self.picker = picker
        self.workspaces = workspaces
        self.observer = observer
        self.owner = owner
        self.pacer = pacer

    async def _send(self, target: PostTarget, request: Callable[[], Awaitable[T]]) -> T:
        """One platform request, within the platform's pace and the request timeout."""
        lane = Lane(target.platform, target.workspace, target.channel)
        return await self.pacer.send(lane, request)

    async def _claim(self, workspace: str, channel: str, day: str, kind: str) -> DailyClaim | None:
        now_ms = to_ms(self.clock.now())
        return await self.store.claim_daily(
            workspace, channel, day, kind, self.owner, now_ms, now_ms + to_ms_span(LEASE)
        )

    async def pause(self, workspace: str, channel: str, reason: str) -> None:
        log.warning("daily posts paused in %s/%s: %s", workspace, channel, reason)
        await self.store.set_daily_paused(workspace, channel, reason, to_ms(self.clock.now()))

    async def _fail(self, claim: DailyClaim, reason: str) -> None:
        await self.store.finish_daily_claim(
            claim, ClaimStatus.FAILED, to_ms(self.clock.now()), detail=reason
        )

    async def post_day(self, channel: DailyChannelRecord, day: date) -> PostResult:
        """Post the daily question of `day` in `channel`, unless someone else has or is."""
        target = PostTarget.of(channel.workspace_id, channel.channel_id)
        poster = self.posters.get(target.platform)
        if poster is None:
            return PostResult.NO_POSTER
        claim = await self._claim(channel.workspace_id, channel.channel_id, day.isoformat(), "post")
        if claim is None:
            return PostResult.TAKEN
        try:
            await self._recap_if_due(channel, day, poster, target)
            record = await self._quiz_for(claim, channel, day)
            if record is None:
                await self._fail(claim, "no question matches the topics and difficulty")
                return PostResult.NO_QUESTION
            claim = replace(claim, quiz_id=record.id)
            shown = await self.quizzes.with_share(self.daily_reply(record, day), record)
            ref = await self._send(target, lambda: poster.post(target, shown))
        except ChannelUnavailable as error:
            await self.pause(channel.workspace_id, channel.channel_id, error.reason)
            await self._fail(claim, error.reason)
            return PostResult.UNAVAILABLE
        except Exception:
            # The claim stays until its lease runs out; the next attempt within the grace
            # window posts the same quiz.
            log.exception("daily post to %s failed; will retry", target)
            self.observer.error("daily")
            return PostResult.RETRY
        closes = from_ms(record.closes_at_ms or to_ms(self.clock.now()))
        warn = warning_time(from_ms(record.created_at_ms), closes)
        done = await self.store.finish_daily_claim(
            claim,
            ClaimStatus.POSTED,
            to_ms(self.clock.now()),
            message_ref=ref,
            follow_ups=(
                FollowUp("reveal", day.isoformat(), to_ms(closes)),
                FollowUp("warn", day.isoformat(), to_ms(warn)),
            ),
        )
        if not done:
            log.warning("daily post %s/%s %s outlived its lease", *claim_key(claim))
        self.observer.daily_posted(target.platform)
        log.info("daily question posted in %s for %s", target, day)
        return PostResult.POSTED

    def daily_reply(self, record: QuizRecord, day: date) -> Reply:
        return self.quizzes.quiz_reply(record, title_prefix="Daily question", day=day)

    async def _quiz_for(
        self, claim: DailyClaim, channel: DailyChannelRecord, day: date
    ) -> QuizRecord | None:
        if claim.quiz_id is not None:
            existing = await self.store.get_quiz(channel.workspace_id, claim.quiz_id)
            if existing is not None:
                return existing
        now = self.clock.now()
        question = await self.picker.choose(channel, to_ms(now), commit=True)
        if question is None:
            return None
        window = timedelta(minutes=channel.window_minutes) if channel.window_minutes else None
        closes = closing_time(DailySpec.of(channel), day, now, window)
        target = PostTarget.of(channel.workspace_id, channel.channel_id)
        actor = Actor(target.platform, target.workspace, target.channel, BOT_USER, BOT_USER)
        asked = await self.book.asked(channel.workspace_id, question)
        record = await self.quizzes.start(
            actor, asked, kind="daily", closes_at_ms=to_ms(closes), feedback=channel.feedback
        )
        await self.store.attach_daily_quiz(
            channel.workspace_id, channel.channel_id, day.isoformat(), "post", record.id
        )
        return record

    async def _recap_if_due(
        self, channel: DailyChannelRecord, day: date, poster: ChannelPoster, target: PostTarget
    ) -> None:
        """Before the first post of a week, the previous week's recap (if the channel wants it)."""
        if not channel.recap:
            return
        monday = day - timedelta(days=day.weekday() + 7)
        claim = await self._claim(
            channel.workspace_id, channel.channel_id, monday.isoformat(), "recap"
        )
        if claim is None:
            return
        await self.workspaces.load(channel.workspace_id)
        calendar = self.workspaces.calendar_of(channel.workspace_id)
        midweek = datetime.combine(monday + timedelta(days=3), time(12), DailySpec.of(channel).zone)
        week = period_key("week", midweek, calendar)
        reply = await build_recap(self.store, self.kb, channel, monday, week)
        now_ms = to_ms(self.clock.now())
        if reply is None:
            await self.store.finish_daily_claim(
                claim, ClaimStatus.SKIPPED, now_ms, detail="no daily questions that week"
            )
            return
        try:
            ref = await self._send(target, lambda: poster.post(target, reply))
        except ChannelUnavailable as error:
            await self._fail(claim, error.reason)
            raise
        except Exception:
            log.exception("weekly recap in %s failed; the next post retries it", target)
            self.observer.error("daily")
            return
        await self.store.finish_daily_claim(claim, ClaimStatus.POSTED, now_ms, message_ref=ref)

    async def follow_up(self, due: DailyClaim) -> None:
        """Run a reveal or a streak warning that fell due."""
        target = PostTarget.of(due.workspace_id, due.channel_id)
        poster = self.posters.get(target.platform)
        if poster is None:
            return
        claim = await self._claim(due.workspace_id, due.channel_id, due.local_date, due.kind)
        if claim is None:
            return
        quiz = (
            await self.store.get_quiz(claim.workspace_id, claim.quiz_id) if claim.quiz_id else None
        )
        if quiz is None or asked_of(quiz, self.kb) is None:
            await self._fail(claim, "the quiz or its question no longer exists")
            return
        if claim.kind == "reveal":
            await self._reveal(claim, quiz, poster, target)
        elif claim.kind == "warn":
            await self._warn(claim, quiz, poster, target)
        else:
            await self._fail(claim, f"unknown kind {claim.kind}")

    async def _reveal(
        self, claim: DailyClaim, quiz: QuizRecord, poster: ChannelPoster, target: PostTarget
    ) -> None:
        answers = await self.store.quiz_answers(claim.workspace_id, quiz.id)
        active = await self.store.active_streaks(claim.workspace_id, claim.channel_id)
        day = date.fromisoformat(claim.local_date)
        # Idempotent per day, so doing it before the post is safe if the post is retried.
        await self.store.save_streaks(
            apply_close(active, answers, claim.workspace_id, claim.channel_id, day)
        )
        asked = self.quizzes.asked(quiz)
        question = asked.question
        # Cards of answers held for the reveal move now, once per quiz (idempotent too).
        await self.store.apply_held_reviews(
            HeldReviews(
                claim.workspace_id,
                quiz.id,
                question.id,
                question.topics[0],
                to_ms(self.clock.now()),
            )
        )
        channel = await self.store.get_daily_channel(claim.workspace_id, claim.channel_id)
        if channel is not None and channel.paused_reason:
            await self._fail(claim, f"not posted: {channel.paused_reason}")
            return
        reply = reveal_reply(quiz, asked, answers)
        try:
            ref = await self._send(target, lambda: poster.post(target, reply))
        except ChannelUnavailable as error:
            await self.pause(claim.workspace_id, claim.channel_id, error.reason)
            await self._fail(claim, error.reason)
            return
        except Exception:
            log.exception("reveal in %s failed; will retry", target)
            self.observer.error("daily")
            return
        await self.store.finish_daily_claim(
            claim, ClaimStatus.POSTED, to_ms(self.clock.now()), message_ref=ref
        )
        await self._close_original(claim, quiz, poster, target)

    async def _close_original(
        self, claim: DailyClaim, quiz: QuizRecord, poster: ChannelPoster, target: PostTarget
    ) -> None:
        if not isinstance(poster, MessageEditor):
            return
        post = await self.store.get_daily_claim(
            claim.workspace_id, claim.channel_id, claim.local_date, "post"
        )
        if post is None or post.message_ref is None:
            return
        day = date.fromisoformat(claim.local_date)
        try:
            closed = closed_post(self.daily_reply(quiz, day), self.quizzes.asked(quiz).credit)
            ref = post.message_ref
            await self._send(target, lambda: poster.edit(target, ref, closed))
        except Exception:
            log.warning("could not remove the buttons of the daily post in %s", target)

    async def _warn(
        self, claim: DailyClaim, quiz: QuizRecord, poster: ChannelPoster, target: PostTarget
    ) -> None:
        now = self.clock.now()
        closes = from_ms(quiz.closes_at_ms) if quiz.closes_at_ms else now
        if not isinstance(poster, PrivateNotifier) or closes <= now:
            reason = "closed first" if closes <= now else "no private messages on this platform"
            await self.store.finish_daily_claim(
                claim, ClaimStatus.SKIPPED, to_ms(now), detail=reason
            )
            return
        answered = {a.user_id for a in await self.store.quiz_answers(claim.workspace_id, quiz.id)}
        active = await self.store.active_streaks(claim.workspace_id, claim.channel_id)
        risky = at_risk(active, answered, date.fromisoformat(claim.local_date))
        for streak in risky:
            try:
                warning = streak_warning(streak, closes, now)
                await self._send(target, partial(poster.notify, target, streak.user_id, warning))
            except Exception:
                log.warning("could not warn a member in %s about their streak", target)
        await self.store.finish_daily_claim(
            claim, ClaimStatus.POSTED, to_ms(now), detail=f"{len(risky)} warned"
        )


def to_ms_span(span: timedelta) -> int:
    return int(span.total_seconds() * 1000)


def claim_key(claim: DailyClaim) -> tuple[str, str, str]:
    return claim.workspace_id, claim.channel_id, claim.local_date
