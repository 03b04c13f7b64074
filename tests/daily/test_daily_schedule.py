"""Daily posts: schedules, clock changes, exactly once across instances and restarts, failures."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleChat, render_text
from bot.engine import Actor, Engine, Reply
from bot.knowledge import KnowledgeBase
from storage.sqlite import SqliteStore
from tests.daily_support import ScriptedPoster, advance, answer_button, attach, utc
from tests.support import ManualClock

WS = "console:w1"


def text_of(reply: Reply) -> str:
    return render_text(reply)


async def test_setup_reads_arguments_in_any_order_and_shows_the_local_next_post(
    admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    reply = await admin.say("/llm daily setup hard mon-fri Europe/Paris 09:30")
    assert reply.kind == "daily_status" and reply.private
    assert reply.data["next"].startswith("Thu 26 Nov 09:30 CET")
    assert "09:30 Europe/Paris · Mon–Fri · hard" in text_of(reply)
    again = await admin.say("/llm daily setup 10:15")
    assert "10:15 Europe/Paris · Mon–Fri · hard" in text_of(again)


async def test_daily_question_posts_once_per_scheduled_day_at_local_time(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:30 Europe/Paris mon-fri hard")
    await advance(engine, clock, utc(2026, 11, 26, 8, 29))
    assert poster.posts() == []
    await advance(engine, clock, utc(2026, 12, 1, 12, 0))
    assert poster.times("quiz") == [
        utc(2026, 11, 26, 8, 30),
        utc(2026, 11, 27, 8, 30),
        utc(2026, 11, 30, 8, 30),
        utc(2026, 12, 1, 8, 30),
    ]
    post = poster.posts("quiz")[0]
    assert post.data["daily"] and post.data["difficulty"] == "hard"
    assert len(post.buttons) == len(post.data["choices"])


@pytest.mark.parametrize(
    ("setup", "start", "end", "expected"),
    [
        (
            "02:30 Europe/Paris",
            utc(2027, 3, 27, 12, 0),
            utc(2027, 3, 29, 12, 0),
            # 02:30 does not exist on 28 March: posted at 03:30 CEST, once
            [utc(2027, 3, 28, 1, 30), utc(2027, 3, 29, 0, 30)],
        ),
        (
            "02:30 Europe/Paris",
            utc(2026, 10, 24, 12, 0),
            utc(2026, 10, 26, 12, 0),
            # 02:30 happens twice on 25 October: posted at the first, once
            [utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)],
        ),
        (
            "02:30 America/New_York",
            utc(2027, 3, 13, 12, 0),
            utc(2027, 3, 15, 12, 0),
            [utc(2027, 3, 14, 7, 30), utc(2027, 3, 15, 6, 30)],
        ),
        (
            "01:30 America/New_York",
            utc(2026, 10, 31, 12, 0),
            utc(2026, 11, 2, 12, 0),
            [utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)],
        ),
    ],
)
async def test_dst_transitions_post_once_at_the_documented_time(
    engine: Engine,
    clock: ManualClock,
    admin: ConsoleChat,
    poster: ScriptedPoster,
    setup: str,
    start: object,
    end: object,
    expected: list[object],
) -> None:
    clock.set(start)  # type: ignore[arg-type]
    await admin.say(f"/llm daily setup {setup} every")
    await advance(engine, clock, end)  # type: ignore[arg-type]
    assert poster.times("quiz") == expected


async def test_two_engines_on_one_database_post_each_channel_day_once(
    kb: KnowledgeBase, tmp_path: Path, clock: ManualClock, actor: Actor
) -> None:
    stores = [SqliteStore(tmp_path / "shared.db") for _ in range(2)]
    for store in stores:
        await store.start()
    try:
        engines = [Engine(kb, store, clock=clock, seed=7) for store in stores]
        posters = [attach(engine, clock) for engine in engines]
        channels = [f"room{n}" for n in range(5)]
        for channel in channels:
            chat = ConsoleChat(engines[0], actor).as_user("alice", is_admin=True, channel=channel)
            await chat.say("/llm daily setup 09:00 UTC every")
        clock.set(utc(2026, 11, 26, 9, 0))
        for _ in range(3):
            await asyncio.gather(*(e.scheduler.run_due(clock.now()) for e in engines))
        posted = [r.data["quiz_id"] for p in posters for r in p.posts("quiz")]
        assert len(posted) == len(set(posted)) == len(channels)
        clock.set(utc(2026, 11, 27, 8, 0))
        for _ in range(3):
            await asyncio.gather(*(e.scheduler.run_due(clock.now()) for e in engines))
        assert sum(len(p.posts("daily_reveal")) for p in posters) == len(channels)
    finally:
        for store in stores:
            await store.close()


@pytest.fixture
async def first_store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    store = SqliteStore(tmp_path / "restart.db")
    await store.start()
    yield store
    await store.close()


async def test_restart_inside_the_answer_window_keeps_answers_and_reveals_once(
    kb: KnowledgeBase, tmp_path: Path, clock: ManualClock, actor: Actor, first_store: SqliteStore
) -> None:
    engine = Engine(kb, first_store, clock=clock, seed=7)
    poster = attach(engine, clock)
    admin = ConsoleChat(engine, actor)
    await admin.say("/llm daily setup 09:00 UTC every")
    clock.set(utc(2026, 11, 26, 9, 0))
    await engine.scheduler.run_due(clock.now())
    [post] = poster.posts("quiz")
    right, wrong = answer_button(kb, post, right=True), answer_button(kb, post, right=False)
    clock.set(utc(2026, 11, 26, 9, 1))
    await admin.as_user("ann").press(right)
    await admin.as_user("bob").press(wrong)
    await first_store.close()

    second = SqliteStore(tmp_path / "restart.db")
    await second.start()
    try:
        restarted = Engine(kb, second, clock=clock, seed=7)
        poster_after = attach(restarted, clock)
        chat = ConsoleChat(restarted, actor)
        clock.set(utc(2026, 11, 26, 15, 0))
        again = await chat.as_user("ann").press(wrong)
        assert again.kind == "already_answered"
        await chat.as_user("cat").press(right)
        await advance(restarted, clock, utc(2026, 11, 27, 8, 30))
        [reveal] = poster_after.posts("daily_reveal")
        assert reveal.data["players"] == 3
        assert reveal.data["correct"] == 2
        await advance(restarted, clock, utc(2026, 11, 27, 8, 59))
        assert len(poster_after.posts("daily_reveal")) == 1
        assert poster_after.posts("quiz") == []
    finally:
        await second.close()


async def test_missed_post_is_caught_up_within_the_grace_window(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    clock.set(utc(2026, 11, 26, 10, 45))
    await engine.scheduler.run_due(clock.now())
    assert poster.times("quiz") == [utc(2026, 11, 26, 10, 45)]
    status = await admin.say("/llm daily status")
    assert status.data["days"]["2026-11-26"] == "posted"


async def test_missed_post_past_the_grace_window_is_skipped_and_status_shows_it(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    clock.set(utc(2026, 11, 26, 11, 30))
    await engine.scheduler.run_due(clock.now())
    assert poster.posts() == []
    status = await admin.say("/llm daily status")
    assert status.data["days"]["2026-11-26"] == "missed"
    assert "grace window" in text_of(status)
    await advance(engine, clock, utc(2026, 11, 27, 9, 30))
    assert poster.times("quiz") == [utc(2026, 11, 27, 9, 0)]


async def test_a_slot_before_setup_is_not_caught_up(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    clock.set(utc(2026, 11, 26, 10, 0))
    await admin.say("/llm daily setup 09:00 UTC every")
    await advance(engine, clock, utc(2026, 11, 26, 23, 0))
    assert poster.posts() == []


async def test_claim_left_by_a_crashed_instance_is_taken_after_its_lease(
    engine: Engine,
    clock: ManualClock,
    admin: ConsoleChat,
    poster: ScriptedPoster,
    sqlite_store: SqliteStore,
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    clock.set(utc(2026, 11, 26, 9, 0))
    start = int(clock.now().timestamp() * 1000)
    ghost = await sqlite_store.claim_daily(
        WS, "general", "2026-11-26", "post", "crashed", start, start + 120_000
    )
    assert ghost is not None
    await engine.scheduler.run_due(clock.now())
    assert poster.posts() == []
    await advance(engine, clock, utc(2026, 11, 26, 9, 10))
    assert poster.times("quiz") == [utc(2026, 11, 26, 9, 2)]


async def test_passing_post_failure_is_retried_and_posts_once(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    poster.transient.add("general")
    await advance(engine, clock, utc(2026, 11, 26, 9, 1))
    assert poster.attempts == 1 and poster.posts() == []
    poster.transient.clear()
    await advance(engine, clock, utc(2026, 11, 26, 9, 30))
    assert poster.times("quiz") == [utc(2026, 11, 26, 9, 2)]
    status = await admin.say("/llm daily status")
    assert status.data["paused"] is None


async def test_lasting_failure_pauses_the_schedule_and_admins_hear_why(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    reason = "the bot was removed from this channel."
    poster.lasting["general"] = reason
    await advance(engine, clock, utc(2026, 11, 26, 9, 1))
    status = await admin.as_user("bob").say("/llm daily status")
    assert status.data["paused"] == reason
    assert f"paused: {reason}" in text_of(status)
    assert status.data["days"]["2026-11-26"] == "failed"
    notice = await admin.say("/llm settings timezone Europe/Paris")
    assert reason in notice.body and "`general`" in notice.body
    member_reply = await admin.as_user("bob").say("/llm help")
    assert reason not in member_reply.body
    await advance(engine, clock, utc(2026, 11, 28, 9, 1))
    assert poster.attempts == 1
    refused = await admin.say("/llm daily setup")
    assert refused.kind == "refused" and reason in refused.body
    poster.lasting.clear()
    resumed = await admin.say("/llm daily setup")
    assert resumed.data["paused"] is None
    await advance(engine, clock, utc(2026, 11, 29, 9, 1))
    assert len(poster.posts("quiz")) == 1


async def test_setup_is_refused_when_nothing_can_post_here(
    engine: Engine, admin: ConsoleChat
) -> None:
    reply = await admin.say("/llm daily setup 09:00")
    assert reply.kind == "refused" and "can't post" in reply.body
    status = await admin.say("/llm daily status")
    assert status.kind == "refused" and "no daily question" in status.body
