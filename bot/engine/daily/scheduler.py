"""The wake-and-post loop: runs whatever daily work is due, then sleeps until the next due time.

A pass reads only what is due: reveals and warnings from their claims, and the channels
whose stored next due time has come, by an index, however many channels have a schedule.
The work runs concurrently through `FanOut`, earliest due first, every platform request
paced inside `DailyPosting`. After a channel is handled its next due time is computed in
Python (zone rules are not SQL) and stored.

Time is injected: `run_due(now)` is one pass that tests call directly, and the loop's
sleep is a function tests can replace, so nothing here ever waits on the wall clock
in a test. A failure in one channel is logged and never ends the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zlib
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import partial

from bot.engine.clock import Clock, from_ms, to_ms
from bot.engine.daily.ports import Posters, PostTarget
from bot.engine.daily.posting import LEASE, DailyPosting, PostResult
from bot.engine.daily.schedule import (
    DEFAULT_GRACE,
    DailySpec,
    Slot,
    first_due,
    last_slot,
    next_slot,
)
from bot.engine.fanout import FanOut, Job
from bot.engine.observer import EngineObserver
from storage import OPEN_STATUSES, ClaimStatus, DailyChannelRecord, Store

log = logging.getLogger(__name__)

# Other instances sharing the database learn about new schedules within this.
MAX_SLEEP = timedelta(seconds=60)
FOLLOW_UP_KINDS = ("reveal", "warn")
FOLLOW_UP_BATCH = 200
# Channels read per pass; a pass that reads this many runs again at once.
DUE_BATCH = 2000
# Next due times are written in transactions of this many channels.
DUE_WRITES = 200
HEARTBEAT = timedelta(seconds=10)
# An instance whose heartbeat is older than this no longer counts as live.
LIVE_FOR = 3 * HEARTBEAT

SleepUntil = Callable[[datetime], Awaitable[None]]
Due = tuple[str, str, int | None]


class Scheduler:
    def __init__(
        self,
        store: Store,
        posting: DailyPosting,
        clock: Clock,
        posters: Posters,
        observer: EngineObserver,
        *,
        grace: timedelta = DEFAULT_GRACE,
        sleep_until: SleepUntil | None = None,
        fanout: FanOut | None = None,
    ) -> None:
        self.store = store
        self.posting = posting
        self.clock = clock
        self.posters = posters
        self.observer = observer
        self.grace = grace
        self.fanout = fanout or FanOut()
        self._sleep_until = sleep_until or self._sleep
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._dues: list[Due] = []

    def wake(self) -> None:
        """Re-read schedules now (a command changed one, or a poster was registered)."""
        self._wake.set()

    async def run(self, stopping: asyncio.Event) -> None:
        """Post until `stopping` is set; returns promptly after it is."""
        self._stopping = stopping
        log.info("daily scheduler started")
        beating = asyncio.create_task(self._beat_until(stopping), name="llmbot-heartbeat")
        try:
            while not stopping.is_set():
                self._wake.clear()
                now = self.clock.now()
                try:
                    wake_at = await self.run_due(now)
                except Exception:
                    log.exception("daily scheduler pass failed")
                    self.observer.error("daily")
                    wake_at = None
                limit = now + MAX_SLEEP
                await self._sleep_until(min(wake_at, limit) if wake_at else limit)
        finally:
            beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beating
            await self.leave()
        log.info("daily scheduler stopped")

    async def heartbeat(self) -> int:
        """Tell the other instances this one is alive; pace at its share of each limit."""
        now_ms = to_ms(self.clock.now())
        live = await self.store.beat_instance(
            self.posting.owner, now_ms, now_ms - int(LIVE_FOR.total_seconds() * 1000)
        )
        self.posting.pacer.share(live)
        return live

    async def _beat_until(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            try:
                await self.heartbeat()
            except Exception:
                log.exception("daily heartbeat failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), HEARTBEAT.total_seconds())

    async def leave(self) -> None:
        """Stop counting as a live instance (on shutdown), so the others take its share."""
        try:
            await self.store.leave_instance(self.posting.owner)
        except Exception:
            log.warning("could not remove this instance's heartbeat", exc_info=True)

    async def _sleep(self, deadline: datetime) -> None:
        timeout = max(0.0, (deadline - self.clock.now()).total_seconds())
        waits = {
            asyncio.ensure_future(self._wake.wait()),
            asyncio.ensure_future(self._stopping.wait()),
        }
        try:
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waits:
                waiter.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await waiter

    async def run_due(self, now: datetime | None = None) -> datetime | None:
        """One pass: reveals and warnings that fell due, and each due channel's post, all
        at once under the platforms' pacing.

        Returns when the next pass is needed (None if nothing is scheduled).
        """
        now = now or self.clock.now()
        now_ms = to_ms(now)
        await self.fill_due_times(now)
        jobs, channels = await self.plan(now)
        await self.fanout.run(jobs)
        await self._write_dues()
        if len(channels) == DUE_BATCH and any(job.key.startswith("post:") for job in jobs):
            return now
        wakes = [
            ms
            for ms in (
                await self.store.next_daily_due_ms(now_ms),
                await self.store.next_daily_wake_ms(now_ms),
            )
            if ms is not None
        ]
        return from_ms(min(wakes)) if wakes else None

    async def plan(self, now: datetime) -> tuple[list[Job], list[DailyChannelRecord]]:
        """What is due at `now` on the platforms served here: two indexed reads."""
        now_ms = to_ms(now)
        platforms = self.posters.platforms()
        jobs: list[Job] = []
        for due in await self.store.due_daily_work(now_ms, FOLLOW_UP_KINDS, FOLLOW_UP_BATCH):
            if PostTarget.of(due.workspace_id, due.channel_id).platform in platforms:
                key = f"{due.kind}:{due.workspace_id}:{due.channel_id}:{due.local_date}"
                jobs.append(Job(due.due_at_ms, key, partial(self.posting.follow_up, due)))
        channels = await self.store.due_daily_channels(now_ms, DUE_BATCH)
        for channel in channels:
            if PostTarget.of(channel.workspace_id, channel.channel_id).platform in platforms:
                key = f"post:{channel.workspace_id}:{channel.channel_id}"
                work = partial(self._handle, channel, now)
                jobs.append(Job(channel.next_due_ms or now_ms, key, work))
        # Instances reading the same due channels start from different ones among those
        # due at the same moment, so their claims rarely collide.
        owner = self.posting.owner
        jobs.sort(key=lambda job: zlib.crc32(f"{owner}:{job.key}".encode()))
        return jobs, channels

    async def fill_due_times(self, now: datetime) -> None:
        """Compute the next due time of channels that have none (NULL means "compute"): the
        schedules written before due times were stored, or by hand."""
        while True:
            missing = await self.store.daily_channels_without_due(DUE_BATCH)
            dues = [(c.workspace_id, c.channel_id, self._first_due_ms(c, now)) for c in missing]
            computed = [due for due in dues if due[2] is not None]
            if computed:
                await self.store.set_daily_next_due(computed)
            if len(missing) < DUE_BATCH or len(computed) < len(missing):
                return

    def _first_due_ms(self, channel: DailyChannelRecord, now: datetime) -> int | None:
        try:
            due = first_due(DailySpec.of(channel), from_ms(channel.since_ms), now)
        except (ValueError, KeyError):
            log.exception("daily schedule of %s is unreadable", channel.channel_id)
            self.observer.error("daily")
            return None
        return to_ms(due) if due else None

    async def _handle(self, channel: DailyChannelRecord, now: datetime) -> None:
        """The channel's due post (or its record as missed), then its next due time."""
        spec = DailySpec.of(channel)
        result, slot = await self._post_if_due(channel, now)
        if result is PostResult.TAKEN:
            return  # whoever holds the claim moves the due time; its lease bounds the wait
        if result is PostResult.RETRY:
            due: datetime | None = self.clock.now() + LEASE
        else:
            following = next_slot(spec, now)
            due = following.at if following else None
        if result is PostResult.POSTED and slot is not None:
            platform = PostTarget.of(channel.workspace_id, channel.channel_id).platform
            delay = (self.clock.now() - slot.at).total_seconds()
            self.observer.daily_post_delay(platform, max(0.0, delay))
        due_ms = None if due is None else to_ms(due)
        self._dues.append((channel.workspace_id, channel.channel_id, due_ms))
        if len(self._dues) >= DUE_WRITES:
            await self._write_dues()

    async def _write_dues(self) -> None:
        dues, self._dues = self._dues, []
        if dues:
            await self.store.set_daily_next_due(dues)

    async def _post_if_due(
        self, channel: DailyChannelRecord, now: datetime
    ) -> tuple[PostResult | None, Slot | None]:
        slot = last_slot(DailySpec.of(channel), now)
        if slot is None or to_ms(slot.at) < channel.since_ms:
            return None, None
        day = slot.local_date.isoformat()
        claim = await self.store.get_daily_claim(
            channel.workspace_id, channel.channel_id, day, "post"
        )
        if claim is not None and claim.status not in OPEN_STATUSES:
            return None, slot
        if claim is not None and claim.lease_until_ms > to_ms(now):
            return PostResult.TAKEN, slot
        if now - slot.at > self.grace:
            settled = await self.store.settle_daily_day(
                channel.workspace_id,
                channel.channel_id,
                day,
                "post",
                ClaimStatus.MISSED,
                f"not posted within the {_hours(self.grace)} grace window (the bot was offline)",
                to_ms(now),
            )
            if settled:
                log.warning("daily post of %s in %s missed", day, channel.channel_id)
            return None, slot
        return await self.posting.post_day(channel, slot.local_date), slot


def _hours(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes} min"
