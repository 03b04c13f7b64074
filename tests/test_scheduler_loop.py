"""The scheduler loop: driven by an injected sleep, woken by changes, never killed by a channel."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from bot.adapters.console import ConsoleChat
from bot.engine import Actor, Engine
from bot.engine.daily.scheduler import Scheduler
from storage import DailyChannelRecord
from storage.sqlite import SqliteStore
from tests.daily_support import attach, utc
from tests.support import ManualClock


class CountingObserver:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.posted: list[str] = []

    def command_handled(self, kind: str, platform: str, seconds: float) -> None:
        pass

    def answer_recorded(self, seconds: float) -> None:
        pass

    def error(self, where: str) -> None:
        self.errors.append(where)

    def daily_posted(self, platform: str) -> None:
        self.posted.append(platform)

    def daily_post_delay(self, platform: str, seconds: float) -> None:
        pass


async def test_loop_sleeps_until_the_next_post_and_survives_a_broken_channel(
    engine: Engine, clock: ManualClock, actor: Actor, sqlite_store: SqliteStore
) -> None:
    poster = attach(engine, clock)
    await ConsoleChat(engine, actor).say("/llm daily setup 09:00 UTC every")
    broken = DailyChannelRecord(
        workspace_id="console:w1",
        channel_id="broken",
        post_time="09:00",
        timezone="Mars/Olympus_Mons",
        weekdays="1111111",
    )
    await sqlite_store.save_daily_channel(broken)
    clock.set(utc(2026, 11, 26, 8, 58, 30))
    observer = CountingObserver()
    stopping = asyncio.Event()
    deadlines: list[datetime] = []

    async def sleep_until(deadline: datetime) -> None:
        deadlines.append(deadline)
        clock.set(max(deadline, clock.now()))
        if poster.posts("quiz") or len(deadlines) > 20:
            stopping.set()

    scheduler = Scheduler(
        sqlite_store, engine.posting, clock, engine.posters, observer, sleep_until=sleep_until
    )
    await asyncio.wait_for(scheduler.run(stopping), timeout=10)
    assert poster.times("quiz") == [utc(2026, 11, 26, 9, 0)]
    assert deadlines[:3] == [
        utc(2026, 11, 26, 8, 59, 30),
        utc(2026, 11, 26, 9, 0),
        utc(2026, 11, 26, 9, 1),
    ]
    assert "daily" in observer.errors


async def test_wake_starts_a_pass_at_once_and_stop_ends_the_loop(
    engine: Engine, clock: ManualClock
) -> None:
    passes = asyncio.Event()
    run_due = engine.scheduler.run_due

    async def counted(now: datetime | None = None) -> datetime | None:
        passes.set()
        return await run_due(now)

    engine.scheduler.run_due = counted  # type: ignore[method-assign]
    stopping = asyncio.Event()
    loop = asyncio.create_task(engine.scheduler.run(stopping))
    await asyncio.wait_for(passes.wait(), timeout=5)
    passes.clear()
    attach(engine, clock)  # registering a poster wakes the scheduler
    await asyncio.wait_for(passes.wait(), timeout=5)
    stopping.set()
    await asyncio.wait_for(loop, timeout=5)


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("LLMBOT_", "DISCORD_", "SLACK_"))
    }
    env["LLMBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'bot.db'}"
    return env


def test_console_sets_up_and_posts_a_daily_question_and_refuses_members(tmp_path: Path) -> None:
    script = [sys.executable, "-m", "bot.cli"]
    refused = subprocess.run(
        [*script, "ask", "--json", "--member", "/llm daily setup 09:00 UTC"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(refused.stdout)["kind"] == "refused"
    session = subprocess.run(
        [*script, "console"],
        env=_env(tmp_path),
        input="/llm daily setup 09:00 UTC mon-fri\n/llm daily now\n/llm daily status\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert session.returncode == 0, session.stderr
    assert "Daily question set up." in session.stdout
    assert "--- posted in #console ---" in session.stdout
    assert "Daily question ·" in session.stdout
    assert ": posted" in session.stdout
