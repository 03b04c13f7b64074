"""A scheduler pass over 100,000 daily channels of which 100 are due: what it reads.

The pass reads due follow-ups, the channels whose next due time has come (an indexed
range query) and the earliest next due time; posting what it found is paced by the
platform and measured by the fan-out benchmark. For comparison, the scan a pass used
to make: every enabled channel, with its next slot computed in Python.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.stats import median, percentile
from bot.engine import Engine
from bot.engine.clock import to_ms
from bot.engine.daily.schedule import DailySpec, next_slot
from bot.knowledge import KnowledgeBase
from storage.sqlite import SqliteStore

CHANNELS = 100_000
DUE = 100
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


class SilentPoster:
    async def post(self, target: object, reply: object) -> str:
        return "m"

    async def check(self, target: object) -> None:
        return None


def seed(path: Path) -> None:
    """100 channels due now; the rest due at some minute of the next 24 hours."""
    rows = []
    for n in range(CHANNELS):
        due = NOW if n < DUE else NOW + timedelta(minutes=1 + n % (24 * 60 - 1))
        local = due.strftime("%H:%M")
        rows.append(
            (
                *(f"bench:w{n // 100:04d}", f"c{n:06d}", local, "UTC", "1111111", None, ""),
                *(None, "at_close", 0, 1, 0, None, None, 0, 0, "bench", 0, to_ms(due)),
            )
        )
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO daily_channels (workspace_id, channel_id, post_time, timezone,"
            " weekdays, difficulty, topics, window_minutes, feedback, recap, enabled, since_ms,"
            " paused_reason, paused_at_ms, cycle, cycle_started_ms, updated_by, updated_at_ms,"
            f" next_due_ms) VALUES ({', '.join('?' * 19)})",
            rows,
        )
    conn.close()


async def scheduler_pass(kb: KnowledgeBase, path: Path, rounds: int = 200) -> dict[str, float]:
    store = SqliteStore(path)
    await store.start()
    try:
        seed(path)
        engine = Engine(kb, store)
        engine.posters.register("bench", SilentPoster())
        scheduler = engine.scheduler
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            await scheduler.fill_due_times(NOW)
            _, channels = await scheduler.plan(NOW)
            await store.next_daily_due_ms(to_ms(NOW))
            await store.next_daily_wake_ms(to_ms(NOW))
            samples.append(time.perf_counter() - started)
            assert len(channels) == DUE
        scans = []
        for _ in range(3):
            started = time.perf_counter()
            for channel in await store.enabled_daily_channels():
                next_slot(DailySpec.of(channel), NOW)
            scans.append(time.perf_counter() - started)
    finally:
        await store.close()
    return {
        "scheduler_pass_ms": round(percentile(samples, 0.99) * 1000, 2),
        "scheduler_pass_p50_ms": round(percentile(samples, 0.50) * 1000, 2),
        "scheduler_scan_ms": round(median(scans) * 1000, 1),
    }
