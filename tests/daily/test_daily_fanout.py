"""The daily fan-out through the real scheduler and store: due work by index, concurrent
posts, a hanging or rate-limited channel, next due times, heartbeats and post delays."""

from __future__ import annotations

import asyncio
import io
from collections import Counter
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleChat, ConsolePoster
from bot.engine import Actor, Engine, Reply
from bot.engine.clock import to_ms
from bot.engine.daily.ports import PostTarget
from bot.engine.daily.posting import LEASE
from bot.engine.fanout import Budget, Pacer, RateLimited
from bot.engine.observer import NullObserver
from bot.knowledge import KnowledgeBase
from storage import ClaimStatus, DailyChannelRecord, Store
from storage.sqlite import SqliteStore
from tests.daily_support import RecordingPoster, utc
from tests.fanout.timers import ManualTimer
from tests.support import ManualClock

WS = "console:w1"
CHANNELS = [f"c{n:02d}" for n in range(20)]
NINE = utc(2026, 11, 26, 9, 0)


class StandInPoster(ConsolePoster):
    """The console poster with a channel that hangs and one refused once with a 429."""

    def __init__(self, timer: ManualTimer, *, expected: int) -> None:
        super().__init__(io.StringIO())
        self.timer = timer
        self.hangs: set[str] = set()
        self.limited: dict[str, float] = {}
        self.questions: Counter[str] = Counter()
        self.posted_at: dict[str, float] = {}
        self.expected = expected
        self.enough = asyncio.Event()
        self.stuck = asyncio.Event()

    async def post(self, target: PostTarget, reply: Reply) -> str:
        if target.channel in self.hangs:
            self.stuck.set()
            await asyncio.Event().wait()
        if target.channel in self.limited:
            self.stuck.set()
            raise RateLimited(self.limited.pop(target.channel))
        ref = await super().post(target, reply)
        if reply.kind == "quiz":
            self.questions[target.channel] += 1
            self.posted_at[target.channel] = self.timer.monotonic()
            if sum(self.questions.values()) >= self.expected:
                self.enough.set()
        return ref


class DelayObserver(NullObserver):
    def __init__(self) -> None:
        self.delays: list[tuple[str, float]] = []

    def daily_post_delay(self, platform: str, seconds: float) -> None:
        self.delays.append((platform, seconds))


def paced_engine(
    kb: KnowledgeBase, store: Store, clock: ManualClock, pacer: Pacer, **options: object
) -> Engine:
    return Engine(kb, store, clock=clock, seed=7, pacer=pacer, **options)  # type: ignore[arg-type]


async def set_up(engine: Engine, channels: list[str], time: str = "09:00") -> None:
    for channel in channels:
        admin = Actor("console", "w1", channel, "alice", "Alice", is_admin=True)
        reply = await ConsoleChat(engine, admin).say(f"/llm daily setup {time} UTC every")
        assert reply.kind == "daily_status"


async def test_a_channel_whose_poster_hangs_until_its_timeout_does_not_delay_the_others(
    kb: KnowledgeBase, sqlite_store: SqliteStore, clock: ManualClock
) -> None:
    timer = ManualTimer()
    engine = paced_engine(kb, sqlite_store, clock, Pacer({}, timer, timeout_s=10))
    poster = StandInPoster(timer, expected=len(CHANNELS) - 1)
    poster.hangs.add("c00")
    engine.posters.register("console", poster)
    await set_up(engine, CHANNELS)
    clock.set(NINE)
    run = asyncio.create_task(engine.scheduler.run_due(NINE))
    await asyncio.wait_for(asyncio.gather(poster.enough.wait(), poster.stuck.wait()), 30)
    await timer.asleep_until(10.0)  # the hanging request's timeout
    # Every other channel is posted while no time has passed for the hanging one.
    assert set(poster.questions) == set(CHANNELS) - {"c00"}
    assert all(at == 0.0 for at in poster.posted_at.values())
    assert not run.done()
    timer.advance(10)
    await asyncio.wait_for(run, timeout=30)
    hung = await sqlite_store.get_daily_claim(WS, "c00", "2026-11-26", "post")
    assert hung is not None and hung.status is ClaimStatus.CLAIMED  # retried after its lease
    channel = await sqlite_store.get_daily_channel(WS, "c00")
    assert channel is not None and channel.next_due_ms == to_ms(NINE + LEASE)
    other = await sqlite_store.get_daily_channel(WS, "c01")
    assert other is not None and other.next_due_ms == to_ms(utc(2026, 11, 27, 9, 0))


async def test_a_429_with_retry_after_delays_a_post_but_neither_loses_nor_duplicates_it(
    kb: KnowledgeBase, sqlite_store: SqliteStore, clock: ManualClock
) -> None:
    timer = ManualTimer()
    pacer = Pacer({"console": Budget(per_channel=1)}, timer, timeout_s=10)
    engine = paced_engine(kb, sqlite_store, clock, pacer)
    poster = StandInPoster(timer, expected=len(CHANNELS) - 1)
    poster.limited["c03"] = 30.0
    engine.posters.register("console", poster)
    await set_up(engine, CHANNELS)
    clock.set(NINE)
    run = asyncio.create_task(engine.scheduler.run_due(NINE))
    await asyncio.wait_for(asyncio.gather(poster.enough.wait(), poster.stuck.wait()), 30)
    await timer.asleep_until(30.0)  # the refused request waits for retry_after
    assert "c03" not in poster.questions and not run.done()
    timer.advance(30)
    await asyncio.wait_for(run, timeout=30)
    assert poster.questions == Counter({channel: 1 for channel in CHANNELS})
    assert poster.posted_at["c03"] == 30.0
    claim = await sqlite_store.get_daily_claim(WS, "c03", "2026-11-26", "post")
    assert claim is not None and claim.status is ClaimStatus.POSTED


async def test_a_pass_reads_only_the_due_channels_and_wakes_for_the_next(
    engine: Engine, sqlite_store: SqliteStore, clock: ManualClock
) -> None:
    engine.posters.register("console", ConsolePoster(io.StringIO()))
    await set_up(engine, ["a"], "09:00")
    await set_up(engine, ["b"], "10:00")
    await set_up(engine, ["c"], "11:00")
    clock.set(NINE)
    _, channels = await engine.scheduler.plan(NINE)
    assert [c.channel_id for c in channels] == ["a"]
    assert await engine.scheduler.run_due(NINE) == utc(2026, 11, 26, 10, 0)


async def test_next_due_time_follows_setup_skip_now_and_off(
    engine: Engine, sqlite_store: SqliteStore, clock: ManualClock, actor: Actor
) -> None:
    engine.posters.register("console", ConsolePoster(io.StringIO()))
    admin = ConsoleChat(engine, actor)

    async def next_due() -> int | None:
        channel = await sqlite_store.get_daily_channel(WS, actor.channel)
        assert channel is not None
        return channel.next_due_ms

    await admin.say("/llm daily setup 09:00 Europe/Paris every")
    assert await next_due() == to_ms(utc(2026, 11, 26, 8, 0))  # 09:00 in Paris, tomorrow
    await admin.say("/llm daily setup 18:00 America/New_York")
    assert await next_due() == to_ms(utc(2026, 11, 25, 23, 0))  # a time zone change
    await admin.say("/llm daily skip")
    clock.set(utc(2026, 11, 25, 23, 0))
    await engine.scheduler.run_due(clock.now())
    assert await next_due() == to_ms(utc(2026, 11, 26, 23, 0))  # the skipped day passed
    await admin.say("/llm daily now")
    # Today's slot is due again (now posted): one more look, and the pass moves it on.
    assert await next_due() == to_ms(utc(2026, 11, 25, 23, 0))
    await engine.scheduler.run_due(clock.now())
    assert await next_due() == to_ms(utc(2026, 11, 26, 23, 0))
    await admin.say("/llm daily off")
    assert await next_due() is None


async def test_a_schedule_without_a_due_time_gets_one_and_is_caught_up_within_grace(
    engine: Engine, sqlite_store: SqliteStore, clock: ManualClock
) -> None:
    poster = RecordingPoster()
    engine.posters.register("console", poster)
    await sqlite_store.save_daily_channel(
        DailyChannelRecord(WS, "old", "09:00", "UTC", "1111111", since_ms=0)
    )
    clock.set(utc(2026, 11, 26, 10, 30))  # down at 09:00, back within the 2 h grace
    await engine.scheduler.run_due(clock.now())
    assert [sent.target.channel for sent in poster.sent] == ["old"]
    channel = await sqlite_store.get_daily_channel(WS, "old")
    assert channel is not None and channel.next_due_ms == to_ms(utc(2026, 11, 27, 9, 0))


async def test_instances_sharing_a_database_share_the_platform_budget(
    kb: KnowledgeBase, tmp_path: Path, clock: ManualClock
) -> None:
    stores = [SqliteStore(tmp_path / "shared.db") for _ in range(2)]
    for store in stores:
        await store.start()
    try:
        first, second = (
            paced_engine(kb, store, clock, Pacer({"discord": Budget(per_token=40)}))
            for store in stores
        )
        assert await first.scheduler.heartbeat() == 1
        assert await second.scheduler.heartbeat() == 2
        await first.scheduler.heartbeat()
        assert first.posting.pacer.rate("discord") == pytest.approx(20)
        await second.scheduler.leave()
        await first.scheduler.heartbeat()
        assert first.posting.pacer.rate("discord") == pytest.approx(40)
        assert await second.scheduler.heartbeat() == 2
        clock.advance(seconds=31)  # the first instance went silent: it stops counting
        assert await second.scheduler.heartbeat() == 1
    finally:
        for store in stores:
            await store.close()


async def test_each_post_reports_how_late_it_went_out(
    kb: KnowledgeBase, sqlite_store: SqliteStore, clock: ManualClock
) -> None:
    observer = DelayObserver()
    engine = Engine(kb, sqlite_store, clock=clock, seed=7, observer=observer)
    engine.posters.register("console", ConsolePoster(io.StringIO()))
    await set_up(engine, ["a", "b"])
    clock.set(utc(2026, 11, 26, 9, 0, 30))
    await engine.scheduler.run_due(clock.now())
    assert observer.delays == [("console", 30.0), ("console", 30.0)]
