"""Daily fan-out: 5,000 channels due in the same minute, posted through a stand-in platform.

The stand-in answers each post after 100 ms, as a normal Discord or Slack round trip, and
allows 250 requests/s for the bot token; the ideal is 5,000 / 250 = 20 s, and efficiency
is that ideal over the measured time until the last post. With several instances (each
its own store and engine, one database) the same 250/s is shared.

The script imports only what every version of llmbot has (`Engine`, `Actor`, the stores),
so `make bench` also runs it on the tree before the concurrent fan-out for the "before"
figure; a run cut off after `--budget-s` reports the time it would have needed at the
rate it reached. It prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.engine import Engine
from bot.knowledge import load_knowledge

CHANNELS = 5_000
LATENCY_S = 0.100
LIMIT_PER_S = 250.0
SCHEDULED = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
COLUMNS = (
    "workspace_id, channel_id, post_time, timezone, weekdays, difficulty, topics,"
    " window_minutes, feedback, recap, enabled, since_ms, paused_reason, paused_at_ms,"
    " cycle, cycle_started_ms, updated_by, updated_at_ms"
)


class RunningClock:
    """Wall time shifted so that it reads `moment` when the run starts, then runs on."""

    def __init__(self, moment: datetime) -> None:
        self._base = moment
        self._started = time.perf_counter()

    def now(self) -> datetime:
        return self._base + timedelta(seconds=time.perf_counter() - self._started)


class Ledger:
    """What the stand-in platform saw, across every instance."""

    def __init__(self) -> None:
        self.sent: list[float] = []
        self.done: list[float] = []
        self.posts: Counter[str] = Counter()
        self.by_instance: Counter[int] = Counter()
        self.complete = asyncio.Event()


class StandInPlatform:
    """Posts take `LATENCY_S`; every request is recorded in the shared ledger."""

    def __init__(self, ledger: Ledger, instance: int) -> None:
        self.ledger = ledger
        self.instance = instance

    async def post(self, target: Any, reply: Any) -> str:
        self.ledger.sent.append(time.perf_counter())
        await asyncio.sleep(LATENCY_S)
        self.ledger.posts[target.channel] += 1
        self.ledger.by_instance[self.instance] += 1
        self.ledger.done.append(time.perf_counter())
        if len(self.ledger.posts) == CHANNELS:
            self.ledger.complete.set()
        return f"m-{target.channel}-{self.ledger.posts[target.channel]}"

    async def check(self, target: Any) -> None:
        return None


def channel_rows() -> list[tuple[object, ...]]:
    """5,000 schedules at 09:00 UTC every day, 100 channels per workspace."""
    return [
        (
            *(f"bench:w{n // 100:03d}", f"c{n:05d}", "09:00", "UTC", "1111111", None, ""),
            *(None, "at_close", 0, 1, 0, None, None, 0, 0, "bench", 0),
        )
        for n in range(CHANNELS)
    ]


async def seed(url: str, rows: list[tuple[object, ...]]) -> None:
    """Insert the schedules directly (setting up 5,000 channels by command takes longer
    than posting them); the next due time stays unset, to be computed at start."""
    marks = ", ".join("?" * len(rows[0]))
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        with conn:
            conn.executemany(f"INSERT INTO daily_channels ({COLUMNS}) VALUES ({marks})", rows)
        conn.close()
        return
    import asyncpg

    pg = await asyncpg.connect(url)
    try:
        numbered = ", ".join(f"${n + 1}" for n in range(len(rows[0])))
        await pg.executemany(f"INSERT INTO daily_channels ({COLUMNS}) VALUES ({numbered})", rows)
    finally:
        await pg.close()


def open_store(url: str) -> Any:
    if url.startswith("sqlite:///"):
        from storage.sqlite import SqliteStore

        return SqliteStore(url.removeprefix("sqlite:///"))
    from storage.postgres import PostgresStore

    return PostgresStore(url)


def paced(**options: Any) -> dict[str, Any]:
    """The 250/s budget for the stand-in platform, where this version of llmbot paces."""
    if "pacer" not in inspect.signature(Engine).parameters:
        return {}
    from bot.engine.fanout import Budget, Pacer

    return {"pacer": Pacer({"bench": Budget(per_token=LIMIT_PER_S)}), **options}


async def fanout(url: str, instances: int, budget_s: float) -> dict[str, Any]:
    kb = load_knowledge()
    stores = [open_store(url) for _ in range(instances)]
    for store in stores:
        await store.start()
    ledger = Ledger()
    try:
        await seed(url, channel_rows())
        clock = RunningClock(SCHEDULED)
        engines = [
            Engine(kb, store, clock=clock, seed=n, **paced()) for n, store in enumerate(stores)
        ]
        for n, engine in enumerate(engines):
            engine.posters.register("bench", StandInPlatform(ledger, n))
        for engine in engines * 2:  # everyone learns how many share the token
            if hasattr(engine.scheduler, "heartbeat"):
                await engine.scheduler.heartbeat()

        async def drive(engine: Engine) -> None:
            while not ledger.complete.is_set():
                wake = await engine.scheduler.run_due(clock.now())
                if wake is None or wake > clock.now():
                    await asyncio.sleep(0.05)  # the rest is claimed by others, or done

        started = time.perf_counter()
        runs = [asyncio.create_task(drive(engine)) for engine in engines]
        await asyncio.wait([asyncio.ensure_future(ledger.complete.wait())], timeout=budget_s)
        elapsed = time.perf_counter() - started
        for run in runs:
            run.cancel()
        await asyncio.gather(*runs, return_exceptions=True)
    finally:
        for store in stores:
            await store.close()
    posted = len(ledger.posts)
    if posted == CHANNELS:
        measured = max(ledger.done) - started
    else:
        measured = elapsed * CHANNELS / max(1, posted)
    return {
        "instances": instances,
        "posted": posted,
        "seconds": round(measured, 2),
        "cut_off": posted < CHANNELS,
        "efficiency": round((CHANNELS / LIMIT_PER_S) / measured, 3),
        "duplicates": sum(count - 1 for count in ledger.posts.values()),
        "peak_per_s": peak_rate(ledger.sent),
        "shares": [round(ledger.by_instance[n] / max(1, posted), 3) for n in range(instances)],
    }


def peak_rate(sent: list[float]) -> int:
    """The most requests sent within any one second."""
    ordered = sorted(sent)
    peak, first = 0, 0
    for last, at in enumerate(ordered):
        while at - ordered[first] >= 1.0:
            first += 1
        peak = max(peak, last - first + 1)
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--instances", type=int, default=1)
    parser.add_argument("--budget-s", type=float, default=60.0)
    args = parser.parse_args()
    if args.database_url:
        figures = asyncio.run(fanout(args.database_url, args.instances, args.budget_s))
    else:
        with tempfile.TemporaryDirectory(prefix="llmbot-fanout-") as work:
            url = f"sqlite:///{work}/fanout.db"
            figures = asyncio.run(fanout(url, args.instances, args.budget_s))
    json.dump(figures, sys.stdout)
    print()


if __name__ == "__main__":
    main()
