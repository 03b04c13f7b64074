"""Daily fan-out: 5,000 channels due in the same minute, posted through a stand-in platform.

The stand-in answers each post after 100 ms, as a normal Discord or Slack round trip, and
allows 250 requests/s for the bot token; the ideal is 5,000 / 250 = 20 s, and efficiency
is that ideal over the measured time until the last post. The run is cut off after
`budget_s` (the sequential scheduler would take over eight minutes); a cut-off run reports
the time it would have needed at the rate it reached.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.engine import Actor, Engine, Reply
from bot.engine.poster import PostTarget
from bot.knowledge import KnowledgeBase
from storage.sqlite import SqliteStore

CHANNELS = 5_000
LATENCY_S = 0.100
LIMIT_PER_S = 250.0
SCHEDULED = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


class RunningClock:
    """Wall time shifted so that `show(moment)` makes now read `moment`, then runs on."""

    def __init__(self, moment: datetime) -> None:
        self.show(moment)

    def show(self, moment: datetime) -> None:
        self._base = moment
        self._started = time.perf_counter()

    def now(self) -> datetime:
        return self._base + timedelta(seconds=time.perf_counter() - self._started)


class StandInPlatform:
    """Posts take `LATENCY_S`; records when each request was sent and for which channel."""

    def __init__(self) -> None:
        self.sent: list[float] = []
        self.posts: Counter[str] = Counter()

    async def post(self, target: PostTarget, reply: Reply) -> str:
        self.sent.append(time.perf_counter())
        await asyncio.sleep(LATENCY_S)
        self.posts[target.channel] += 1
        return f"m-{target.channel}-{self.posts[target.channel]}"

    async def check(self, target: PostTarget) -> None:
        return None

    def peak_rate(self) -> int:
        """The most requests sent within any one second."""
        peak, first = 0, 0
        for last, at in enumerate(self.sent):
            while at - self.sent[first] >= 1.0:
                first += 1
            peak = max(peak, last - first + 1)
        return peak


@dataclass(frozen=True)
class FanOutResult:
    posted: int
    elapsed_s: float
    projected_s: float
    efficiency: float
    duplicates: int
    peak_rate: int


async def set_up_channels(engine: Engine, channels: int) -> None:
    """`daily setup 09:00 UTC` in each channel, 100 channels per workspace."""
    for n in range(channels):
        admin = Actor("bench", f"w{n // 100:03d}", f"c{n:05d}", "admin", "Admin", is_admin=True)
        reply = await engine.handle_text(admin, "/llm daily setup 09:00 UTC")
        assert str(reply.kind) != "refused", reply.body


async def sequential_fanout(kb: KnowledgeBase, path: Path, budget_s: float) -> FanOutResult:
    """The scheduler's pass as it is, cut off after `budget_s`."""
    clock = RunningClock(SCHEDULED - timedelta(minutes=1))
    store = SqliteStore(path)
    await store.start()
    try:
        engine = Engine(kb, store, clock=clock, seed=1)
        platform = StandInPlatform()
        engine.posters.register("bench", platform)
        await set_up_channels(engine, CHANNELS)
        clock.show(SCHEDULED)
        started = time.perf_counter()
        run = asyncio.create_task(engine.scheduler.run_due(clock.now()))
        await asyncio.wait({run}, timeout=budget_s)
        run.cancel()
        elapsed = time.perf_counter() - started
    finally:
        await store.close()
    posted = sum(platform.posts.values())
    last = (platform.sent[-1] + LATENCY_S - started) if posted == CHANNELS else elapsed
    projected = last if posted == CHANNELS else elapsed * CHANNELS / max(1, posted)
    return FanOutResult(
        posted=posted,
        elapsed_s=elapsed,
        projected_s=projected,
        efficiency=(CHANNELS / LIMIT_PER_S) / projected,
        duplicates=sum(count - 1 for count in platform.posts.values() if count > 1),
        peak_rate=platform.peak_rate(),
    )
