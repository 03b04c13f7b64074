"""The wake-and-post loop: runs whatever daily work is due, then sleeps until the next due time.

Time is injected: `run_due(now)` is one pass that tests call directly, and the loop's
sleep is a function tests can replace, so nothing here ever waits on the wall clock
in a test. A failure in one channel is logged and never ends the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.engine.clock import Clock, from_ms, to_ms
from bot.engine.daily.ports import Posters, PostTarget
from bot.engine.daily.posting import DailyPosting
from bot.engine.daily.schedule import DailySpec, last_slot, next_slot
from bot.engine.observer import EngineObserver
from storage import OPEN_STATUSES, ClaimStatus, DailyChannelRecord, Store

log = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(hours=2)
# Other instances sharing the database learn about new schedules within this.
MAX_SLEEP = timedelta(seconds=60)
FOLLOW_UP_KINDS = ("reveal", "warn")
FOLLOW_UP_BATCH = 200

SleepUntil = Callable[[datetime], Awaitable[None]]


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
    ) -> None:
        self.store = store
        self.posting = posting
        self.clock = clock
        self.posters = posters
        self.observer = observer
        self.grace = grace
        self._sleep_until = sleep_until or self._sleep
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()

    def wake(self) -> None:
        """Re-read schedules now (a command changed one, or a poster was registered)."""
        self._wake.set()

    async def run(self, stopping: asyncio.Event) -> None:
        """Post until `stopping` is set; returns promptly after it is."""
        self._stopping = stopping
        log.info("daily scheduler started")
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
        log.info("daily scheduler stopped")

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
        """One pass: reveals and warnings that fell due, then each channel's due post.

        Returns when the next pass is needed (None if nothing is scheduled).
        """
        now = now or self.clock.now()
        platforms = self.posters.platforms()
        for due in await self.store.due_daily_work(to_ms(now), FOLLOW_UP_KINDS, FOLLOW_UP_BATCH):
            if PostTarget.of(due.workspace_id, due.channel_id).platform in platforms:
                await self._guarded(self.posting.follow_up(due), due.workspace_id)
        wakes: list[datetime] = []
        for channel in await self.store.enabled_daily_channels():
            if PostTarget.of(channel.workspace_id, channel.channel_id).platform not in platforms:
                continue
            if channel.paused_reason:
                continue
            await self._guarded(self._post_if_due(channel, now), channel.workspace_id)
            following = self._next_slot(channel, now)
            if following is not None:
                wakes.append(following)
        stored = await self.store.next_daily_wake_ms(to_ms(now))
        if stored is not None:
            wakes.append(from_ms(stored))
        return min(wakes) if wakes else None

    def _next_slot(self, channel: DailyChannelRecord, now: datetime) -> datetime | None:
        try:
            slot = next_slot(DailySpec.of(channel), now)
        except (ValueError, KeyError):
            return None
        return slot.at if slot else None

    async def _guarded(self, work: Awaitable[object], workspace: str) -> None:
        try:
            await work
        except Exception:
            log.exception("daily work in %s failed", workspace)
            self.observer.error("daily")

    async def _post_if_due(self, channel: DailyChannelRecord, now: datetime) -> None:
        slot = last_slot(DailySpec.of(channel), now)
        if slot is None or to_ms(slot.at) < channel.since_ms:
            return
        day = slot.local_date.isoformat()
        claim = await self.store.get_daily_claim(
            channel.workspace_id, channel.channel_id, day, "post"
        )
        if claim is not None and claim.status not in OPEN_STATUSES:
            return
        if claim is not None and claim.lease_until_ms > to_ms(now):
            return
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
            return
        await self.posting.post_day(channel, slot.local_date)


def _hours(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes} min"
