"""Peak memory of a bot process posting to 10,000 daily channels on a database holding
1,000,000 answers: the whole fan-out of one morning, in a fresh process.

`python -m benchmarks.memory DB` runs that process (schedules inserted beforehand
without a due time, so it also computes them all at start) and prints its peak resident
set; `peak_rss_mb` starts it.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.peak import own_peak_mb
from benchmarks.reads import seed_history
from bot.engine import Engine
from bot.engine.fanout import Pacer
from bot.knowledge.cache import load_cached
from storage.sqlite import SqliteStore

CHANNELS = 10_000
MORNING = datetime(2026, 11, 25, 9, 0, 30, tzinfo=UTC)


class FixedClock:
    def now(self) -> datetime:
        return MORNING


class CountingPoster:
    def __init__(self) -> None:
        self.posted = 0

    async def post(self, target: object, reply: object) -> str:
        self.posted += 1
        return f"m{self.posted}"

    async def check(self, target: object) -> None:
        return None


async def prepare(path: Path) -> None:
    """A million answers from 10,000 members, and 10,000 schedules at 09:00 UTC."""
    await seed_history(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO daily_channels (workspace_id, channel_id, post_time, timezone,"
            " weekdays, topics, feedback, recap, enabled, since_ms, cycle, cycle_started_ms,"
            " updated_by, updated_at_ms) VALUES (?, ?, '09:00', 'UTC', '1111111', '',"
            " 'at_close', 0, 1, 0, 0, 0, 'bench', 0)",
            [(f"bench:w{n // 100:03d}", f"c{n:05d}") for n in range(CHANNELS)],
        )
    conn.close()


async def morning(path: Path) -> int:
    """Every channel's post, as the scheduler's passes make them."""
    store = SqliteStore(path)
    await store.start()
    try:
        loaded = load_cached()  # as the bot process loads its content
        engine = Engine(loaded.kb, store, clock=FixedClock(), pacer=Pacer({}), index=loaded.index)
        poster = CountingPoster()
        engine.posters.register("bench", poster)
        while await engine.scheduler.run_due(MORNING) == MORNING:
            pass
        return poster.posted
    finally:
        await store.close()


async def peak_rss_mb(work: Path) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of the morning in a fresh process."""
    path = work / "memory.db"
    await prepare(path)
    return await asyncio.to_thread(_run_morning, path)


def _run_morning(path: Path) -> tuple[float, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.split()[-1]), time.perf_counter() - started


if __name__ == "__main__":
    posted = asyncio.run(morning(Path(sys.argv[1])))
    assert posted == CHANNELS, posted
    print(own_peak_mb())
