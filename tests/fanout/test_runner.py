"""The fan-out runner: earliest due first, paced not bounded, one bad channel holds up no one."""

from __future__ import annotations

import asyncio
import random
from collections import Counter

import pytest

from bot.engine.fanout import Budget, FanOut, Job, Lane, Pacer, RateLimited
from tests.fanout.timers import ManualTimer

LATENCY = 0.1


class StandInPlatform:
    """Answers each request after `LATENCY`; tracks what was delivered and what is in flight."""

    def __init__(self, timer: ManualTimer) -> None:
        self.timer = timer
        self.delivered: Counter[str] = Counter()
        self.finished: dict[str, float] = {}
        self.in_flight = 0
        self.most_in_flight = 0
        self.hangs: set[str] = set()
        self.breaks: set[str] = set()
        self.limited: dict[str, float] = {}

    async def post(self, channel: str) -> str:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if channel in self.limited:
                raise RateLimited(self.limited.pop(channel))
            if channel in self.hangs:
                await asyncio.Event().wait()
            await self.timer.sleep(LATENCY)
            if channel in self.breaks:
                raise ConnectionError("connection reset")
            self.delivered[channel] += 1
            self.finished[channel] = self.timer.monotonic()
            return f"m-{channel}"
        finally:
            self.in_flight -= 1


def jobs_for(pacer: Pacer, platform: StandInPlatform, channels: list[str]) -> list[Job]:
    def job(n: int, channel: str) -> Job:
        return Job(
            due_ms=n,
            key=channel,
            run=lambda: pacer.send(Lane("bench", "w1", channel), lambda: platform.post(channel)),
        )

    return [job(n, channel) for n, channel in enumerate(channels)]


def setup(rate: float = 250, timeout_s: float = 10) -> tuple[ManualTimer, Pacer, StandInPlatform]:
    timer = ManualTimer()
    pacer = Pacer({"bench": Budget(per_token=rate)}, timer, timeout_s=timeout_s, margin=1)
    return timer, pacer, StandInPlatform(timer)


async def test_jobs_start_earliest_due_first() -> None:
    started: list[int] = []

    def job(due: int) -> Job:
        async def run() -> None:
            started.append(due)

        return Job(due_ms=due, key=f"c{due}", run=run)

    dues = list(range(100))
    random.Random(3).shuffle(dues)
    await FanOut(concurrency=4).run([job(due) for due in dues])
    assert started == sorted(started)


async def test_the_pacer_not_the_concurrency_bound_limits_throughput() -> None:
    timer, pacer, platform = setup()
    channels = [f"c{n:04d}" for n in range(1000)]
    report = await timer.run(FanOut(concurrency=64).run(jobs_for(pacer, platform, channels)))
    assert report.done == 1000 and report.failed == 0
    ideal = 1000 / 250
    assert ideal / max(platform.finished.values()) >= 0.97
    assert 25 <= platform.most_in_flight <= 64


async def test_a_hanging_channel_does_not_delay_the_others() -> None:
    timer, pacer, platform = setup(timeout_s=10)
    channels = [f"c{n:03d}" for n in range(200)]
    platform.hangs.add("c000")  # due first, so it takes the very first permit
    failed: list[str] = []
    runner = FanOut(on_failure=lambda job: failed.append(job.key))
    report = await timer.run(runner.run(jobs_for(pacer, platform, channels)))
    assert failed == ["c000"] and report.done == 199
    assert timer.now == pytest.approx(10.0)  # the pass ended when the hanging post timed out
    alone = await finish_times_without_it(channels[1:])
    # Each other channel was posted when it would have been without the hanging one, but
    # for the one permit the hanging post took.
    for channel, finished in platform.finished.items():
        assert finished <= alone[channel] + 1 / 250 + 1e-9
    assert max(platform.finished.values()) < 1.0
    assert "c000" not in platform.delivered


async def finish_times_without_it(channels: list[str]) -> dict[str, float]:
    timer, pacer, platform = setup()
    await timer.run(FanOut().run(jobs_for(pacer, platform, channels)))
    return platform.finished


async def test_a_failing_channel_does_not_stop_the_others() -> None:
    timer, pacer, platform = setup()
    channels = [f"c{n:02d}" for n in range(50)]
    platform.breaks.update({"c03", "c20"})
    report = await timer.run(FanOut(concurrency=4).run(jobs_for(pacer, platform, channels)))
    assert report.failed == 2 and report.done == 48
    assert set(platform.delivered) == set(channels) - {"c03", "c20"}


async def test_a_429_delays_a_post_but_neither_loses_nor_duplicates_it() -> None:
    timer, pacer, platform = setup(rate=50)
    channels = [f"c{n:02d}" for n in range(100)]
    platform.limited["c10"] = 3.0
    report = await timer.run(FanOut(concurrency=16).run(jobs_for(pacer, platform, channels)))
    assert report.done == 100 and report.failed == 0
    assert platform.delivered == Counter({channel: 1 for channel in channels})
    assert platform.finished["c10"] >= 3.0
    # c10's 429 came with its permit at 0.2 s, after ten posts; the hold until 3.2 s moved
    # every later permit behind it, and pacing went on at 50/s from there.
    assert platform.finished["c10"] == pytest.approx(3.2 + LATENCY)
    assert max(platform.finished.values()) == pytest.approx(3.2 + 89 / 50 + LATENCY)


async def test_the_same_key_runs_once_per_pass() -> None:
    runs = Counter[str]()

    def job(key: str, due: int) -> Job:
        async def run() -> None:
            runs[key] += 1

        return Job(due_ms=due, key=key, run=run)

    report = await FanOut().run([job("a", 1), job("a", 0), job("b", 2)])
    assert runs == Counter({"a": 1, "b": 1}) and report.done == 2


def test_the_concurrency_bound_must_be_positive() -> None:
    with pytest.raises(ValueError):
        FanOut(concurrency=0)
