"""The pacer: permits spaced at each platform's budget, shared by instances, 429s retried."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from bot.engine.fanout import Budget, Lane, Pacer, RateLimited, TimedOut, default_budgets
from tests.fanout.timers import ManualTimer

BENCH = Lane("bench", "w1", "c1")


def most_in_one_second(times: list[float]) -> int:
    ordered = sorted(times)
    # Sends a microsecond apart count as simultaneous, as in the pacer.
    return max(sum(1 for t in ordered if 0 <= t - start < 1.0 - 1e-6) for start in ordered)


async def send_all(pacer: Pacer, timer: ManualTimer, lanes: list[Lane]) -> list[float]:
    """Send one request per lane at once; returns when each was sent."""

    async def record() -> float:
        return timer.monotonic()

    async def all_of() -> list[float]:
        return list(await asyncio.gather(*(pacer.send(lane, record) for lane in lanes)))

    return await timer.run(all_of())


async def test_requests_are_spaced_evenly_at_the_platform_budget() -> None:
    timer = ManualTimer()
    pacer = Pacer({"bench": Budget(per_token=250)}, timer, margin=1)
    sent = await send_all(pacer, timer, [Lane("bench", "w1", f"c{n}") for n in range(1000)])
    assert sent == pytest.approx([n / 250 for n in range(1000)])
    assert most_in_one_second(sent) <= 250


async def test_live_instances_share_the_token_budget() -> None:
    timer = ManualTimer()
    pacer = Pacer({"bench": Budget(per_token=300)}, timer, margin=1)
    await send_all(pacer, timer, [BENCH])  # the bucket exists before the share changes
    pacer.share(3)
    assert pacer.rate("bench") == pytest.approx(100)
    sent = await send_all(pacer, timer, [BENCH] * 200)
    assert 199 / 100 <= sent[-1] <= 200 / 100 + 1e-9
    assert most_in_one_second([0.0, *sent]) <= 100
    pacer.share(1)
    sent = await send_all(pacer, timer, [BENCH] * 301)
    assert sent[-1] - sent[0] == pytest.approx(300 / 300)


class LateTimer(ManualTimer):
    """Wake-ups come 0 to 3 ms late, as on a busy event loop."""

    def __init__(self) -> None:
        super().__init__()
        self.lateness = iter([0.0, 0.003, 0.001] * 2000)

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds + next(self.lateness) if seconds > 0 else seconds)


async def test_late_wake_ups_never_put_more_than_the_budget_in_one_second() -> None:
    timer = LateTimer()
    pacer = Pacer({"bench": Budget(per_token=250)}, timer, margin=1)
    sent = await send_all(pacer, timer, [BENCH] * 1000)
    assert most_in_one_second(sent) <= 250
    assert sent[-1] <= 999 / 250 + 0.01  # and hardly any slower for it


async def test_discord_keeps_headroom_under_its_global_limit_for_replies() -> None:
    discord = default_budgets()["discord"]
    assert discord.per_token is not None and discord.per_token < 50
    with pytest.raises(ValueError, match="global"):
        default_budgets(discord_per_s=50)


async def test_slack_paces_each_channel_and_each_workspace() -> None:
    timer = ManualTimer()
    pacer = Pacer({"slack": Budget(per_workspace=2, per_channel=1)}, timer, margin=1)
    same_channel = await send_all(pacer, timer, [Lane("slack", "T1", "C1")] * 3)
    assert same_channel == pytest.approx([0.0, 1.0, 2.0])
    start = timer.now + 10
    timer.now = start
    lanes = [Lane("slack", "T2", f"C{n}") for n in range(4)] + [Lane("slack", "T3", "C9")]
    sent = await send_all(pacer, timer, lanes)
    assert [t - start for t in sent[:4]] == pytest.approx([0.0, 0.5, 1.0, 1.5])
    assert sent[4] == pytest.approx(start)  # another workspace has its own limit


async def test_a_platform_without_a_budget_is_not_paced() -> None:
    timer = ManualTimer()
    pacer = Pacer({"bench": Budget(per_token=1)}, timer, margin=1)
    sent = await send_all(pacer, timer, [Lane("console", "w1", "c1")] * 5)
    assert sent == [0.0] * 5


async def test_a_429_holds_the_limit_for_retry_after_and_sends_the_same_request_again() -> None:
    timer = ManualTimer()
    pacer = Pacer({"bench": Budget(per_token=10)}, timer, margin=1)
    delivered: list[tuple[str, float]] = []
    refused = {"c1"}

    def request(channel: str) -> Callable[[], Awaitable[str]]:
        async def send() -> str:
            if channel in refused:
                refused.discard(channel)
                raise RateLimited(retry_after=3.0)
            delivered.append((channel, timer.monotonic()))
            return f"m-{channel}"

        return send

    async def both() -> list[str]:
        first = pacer.send(Lane("bench", "w1", "c1"), request("c1"))
        second = pacer.send(Lane("bench", "w1", "c2"), request("c2"))
        return list(await asyncio.gather(first, second))

    refs = await timer.run(both())
    assert refs == ["m-c1", "m-c2"]
    assert sorted(channel for channel, _ in delivered) == ["c1", "c2"]
    # The 429 holds the whole token: c2's permit (0.1 s) moved behind the 3 s, after c1's.
    assert dict(delivered)["c1"] == pytest.approx(3.0)
    assert dict(delivered)["c2"] == pytest.approx(3.1)


async def test_a_hold_moves_permits_already_reserved_behind_it() -> None:
    timer = ManualTimer()
    pacer = Pacer({"bench": Budget(per_token=1)}, timer, margin=1)
    calls = 0

    async def refused_once() -> float:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RateLimited(retry_after=5.0)
        return timer.monotonic()

    async def record() -> float:
        return timer.monotonic()

    async def both() -> list[float]:
        first = pacer.send(BENCH, refused_once)
        return list(await asyncio.gather(first, pacer.send(BENCH, record)))

    retried, queued = await timer.run(both())
    # The second permit was reserved for 1 s; the 429 at 0 s moved both behind 5 s, the
    # refused request first.
    assert retried == pytest.approx(5.0)
    assert queued == pytest.approx(6.0)


async def test_a_request_refused_at_every_attempt_is_reported_not_dropped() -> None:
    timer = ManualTimer()
    pacer = Pacer({"bench": Budget(per_token=10)}, timer, attempts=3, margin=1)
    calls = 0

    async def always_refused() -> str:
        nonlocal calls
        calls += 1
        raise RateLimited(retry_after=1.0)

    with pytest.raises(RateLimited):
        await timer.run(pacer.send(BENCH, always_refused))
    assert calls == 3


async def test_a_request_that_hangs_is_given_up_after_the_timeout() -> None:
    timer = ManualTimer()
    pacer = Pacer({"bench": Budget(per_token=10)}, timer, timeout_s=10, margin=1)

    async def hangs() -> str:
        await asyncio.Event().wait()
        return "never"

    with pytest.raises(TimedOut):
        await timer.run(pacer.send(BENCH, hangs))
    assert timer.now == pytest.approx(10.0)


def test_budgets_and_settings_refuse_nonsense() -> None:
    with pytest.raises(ValueError):
        Budget(per_token=0)
    with pytest.raises(ValueError):
        Pacer({}, timeout_s=0)
    with pytest.raises(ValueError):
        Pacer({}, margin=1.5)


async def test_permits_come_a_little_under_the_budget_for_arrival_jitter() -> None:
    timer = ManualTimer()
    pacer = Pacer({"bench": Budget(per_token=100)}, timer)
    sent = await send_all(pacer, timer, [BENCH] * 101)
    assert sent[-1] == pytest.approx(100 / (100 * pacer.margin))
    assert pacer.margin < 1
