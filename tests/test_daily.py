"""Daily questions through the console adapter: setup, scheduling, exactly-once, reveal."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleChat, render_text
from bot.engine import Actor, Engine, Reply
from bot.engine.commands import parse, replies_privately
from bot.engine.picker import cycle_order, pool_for
from bot.engine.quiz import POINTS
from bot.knowledge import KnowledgeBase
from storage.sqlite import SqliteStore
from tests.daily_support import ScriptedPoster, advance, answer_button, attach, utc
from tests.support import ManualClock

WS = "console:w1"


@pytest.fixture
def poster(engine: Engine, clock: ManualClock) -> ScriptedPoster:
    return attach(engine, clock)


@pytest.fixture
def admin(engine: Engine, actor: Actor) -> ConsoleChat:
    return ConsoleChat(engine, actor)


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


@pytest.mark.parametrize(
    "command",
    [
        "/llm daily setup 10:00",
        "/llm daily off",
        "/llm daily preview",
        "/llm daily skip",
        "/llm daily now",
        "/llm settings timezone Europe/Paris",
        "/llm settings admin-roles 77",
        "/llm team rename Owls to Larks",
        "/llm team delete Owls",
        "/llm team link Owls 77",
    ],
)
async def test_members_are_refused_admin_commands_and_nothing_changes(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster, command: str
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    await admin.say("/llm team create Owls")
    member = admin.as_user("bob", "Bob")
    before = await member.say("/llm daily status")
    reply = await member.say(command)
    assert reply.kind == "refused" and reply.private
    assert "Only admins" in reply.body
    assert (await member.say("/llm daily status")).data == before.data
    assert (await member.say("/llm settings")).data == {"timezone": "UTC", "admin_roles": []}
    assert (await member.say("/llm team list")).data == {"teams": ["Owls"]}
    assert poster.posts() == []


async def test_a_role_named_by_an_admin_may_run_admin_commands(
    admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm settings admin-roles <@&77>")
    helper = admin.as_user("bob", roles=("77",))
    assert (await helper.say("/llm daily setup 08:00 UTC")).kind == "daily_status"
    other = admin.as_user("cat", roles=("78",))
    assert (await other.say("/llm daily off")).kind == "refused"


async def test_answers_are_recorded_privately_and_scored_with_speed_bonus(
    engine: Engine,
    kb: KnowledgeBase,
    clock: ManualClock,
    admin: ConsoleChat,
    poster: ScriptedPoster,
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    [post] = poster.posts("quiz")
    clock.set(utc(2026, 11, 26, 9, 3))
    bob = admin.as_user("bob")
    reply = await bob.press(answer_button(kb, post, right=True))
    assert reply.kind == "answer_recorded" and reply.private
    assert "correct" not in reply.data and "points" not in reply.data
    stats = await bob.say("/llm me")
    assert stats.data["week"]["points"] == POINTS[post.data["difficulty"]] + 5


async def test_instant_feedback_channels_judge_at_once_and_close_on_time(
    engine: Engine,
    kb: KnowledgeBase,
    clock: ManualClock,
    admin: ConsoleChat,
    poster: ScriptedPoster,
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every instant 2h")
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    [post] = poster.posts("quiz")
    clock.set(utc(2026, 11, 26, 9, 30))
    reply = await admin.as_user("bob").press(answer_button(kb, post, right=True))
    assert reply.kind == "answer" and reply.data["correct"] is True
    assert reply.data["points"] == POINTS[post.data["difficulty"]] + 2
    clock.set(utc(2026, 11, 26, 11, 0))
    late = await admin.as_user("cat").press(answer_button(kb, post, right=True))
    assert late.kind == "refused" and "closed" in late.body


async def test_reveal_shows_answer_spread_fastest_and_most_chosen_wrong_answer(
    engine: Engine,
    kb: KnowledgeBase,
    clock: ManualClock,
    admin: ConsoleChat,
    poster: ScriptedPoster,
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every 3h")
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    [post] = poster.posts("quiz")
    right, wrong = answer_button(kb, post, right=True), answer_button(kb, post, right=False)
    for minute, (user, button) in enumerate(
        [("ann", right), ("bob", wrong), ("cat", wrong), ("dan", right)], start=1
    ):
        clock.set(utc(2026, 11, 26, 9, minute))
        await admin.as_user(user, user.capitalize()).press(button)
    await advance(engine, clock, utc(2026, 11, 26, 12, 1))
    [reveal] = poster.posts("daily_reveal")
    question = kb.questions[post.data["question_id"]]
    wrong_text = post.data["choices"][[b.action_id for b in post.buttons].index(wrong)]["text"]
    tempting = next(o for o in question.options if o.text == wrong_text)
    assert reveal.data["players"] == 4 and reveal.data["correct"] == 2
    assert reveal.data["fastest"] == ["ann", "dan"]
    assert sorted(reveal.data["percentages"].values(), reverse=True)[:2] == [50, 50]
    assert tempting.why in reveal.body
    assert "Ann" in text_of(reveal)
    [closed] = [s for s in poster.sent if s.edit]
    assert closed.ref == poster.sent[0].ref and not closed.reply.buttons


async def test_questions_do_not_repeat_until_the_pool_is_used_and_follow_the_seed(
    engine: Engine,
    kb: KnowledgeBase,
    clock: ManualClock,
    admin: ConsoleChat,
    poster: ScriptedPoster,
) -> None:
    topics = ("privacy-and-security", "gpt-vs-llm")
    await admin.say(f"/llm daily setup 09:00 UTC every {' '.join(topics)} 1h")
    pool = pool_for(kb, topics, None)
    days = len(pool) + 1
    await advance(engine, clock, utc(2026, 11, 26, 9, 0) + timedelta(days=days - 1))
    asked = [p.data["question_id"] for p in poster.posts("quiz")]
    assert len(asked) == days
    expected = [q.id for q in cycle_order(pool, f"7:{WS}:general:0")]
    assert asked[: len(pool)] == expected
    assert sorted(asked[: len(pool)]) == sorted(q.id for q in pool)
    assert asked[len(pool)] != asked[len(pool) - 1]
    primary = [kb.questions[q].topics[0] for q in asked[:4]]
    assert primary[0] != primary[1] and primary[1] != primary[2]


async def test_skip_skips_the_next_question_only(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    reply = await admin.say("/llm daily skip")
    assert "Thu 26 Nov 09:00 UTC" in reply.body
    assert reply.data["days"]["2026-11-26"] == "skipped"
    await advance(engine, clock, utc(2026, 11, 27, 9, 30))
    assert poster.times("quiz") == [utc(2026, 11, 27, 9, 0)]


async def test_now_posts_today_and_counts_as_todays_question(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 18:00 UTC every")
    reply = await admin.say("/llm daily now")
    assert reply.data["result"] == "posted"
    again = await admin.say("/llm daily now")
    assert again.kind == "refused" and "already posted" in again.body
    await advance(engine, clock, utc(2026, 11, 26, 12, 0))
    assert poster.times("quiz") == [utc(2026, 11, 25, 12, 0)]


async def test_switching_off_stops_posts_but_still_reveals_the_open_question(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    await advance(engine, clock, utc(2026, 11, 26, 10, 0))
    off = await admin.say("/llm daily off")
    assert off.kind == "daily_off"
    await advance(engine, clock, utc(2026, 11, 28, 10, 0))
    assert len(poster.posts("quiz")) == 1
    assert len(poster.posts("daily_reveal")) == 1
    status = await admin.say("/llm daily status")
    assert status.data["enabled"] is False and "off" in status.data["next"]


async def test_preview_is_private_and_shows_what_will_be_posted_next(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    preview = await admin.say("/llm daily preview")
    assert preview.private and preview.kind == "daily_preview" and not preview.buttons
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    assert poster.posts("quiz")[0].data["question_id"] == preview.data["question_id"]


async def test_weekly_recap_is_posted_once_before_the_first_question_of_the_week(
    engine: Engine,
    kb: KnowledgeBase,
    clock: ManualClock,
    admin: ConsoleChat,
    poster: ScriptedPoster,
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every recap")
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    [post] = poster.posts("quiz")
    clock.set(utc(2026, 11, 26, 9, 5))
    await admin.as_user("ann", "Ann").press(answer_button(kb, post, right=True))
    await advance(engine, clock, utc(2026, 12, 1, 9, 30))
    [recap] = poster.posts("daily_recap")
    assert recap.title == "Week 2026-W48 in review"
    assert recap.data["top_members"] == ["ann"]
    assert recap.data["questions"] == 4
    kinds = [kind for _, kind in poster.timeline]
    monday = poster.times("quiz").index(utc(2026, 11, 30, 9, 0))
    assert kinds.index("daily_recap") < [i for i, k in enumerate(kinds) if k == "quiz"][monday]


async def test_workspaces_cannot_see_or_change_each_others_daily_question(
    engine: Engine, clock: ManualClock, admin: ConsoleChat, poster: ScriptedPoster
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    outsider = admin.as_user("eve", is_admin=True, workspace="w2")
    for command in ("/llm daily status", "/llm daily off", "/llm daily skip", "/llm daily now"):
        reply = await outsider.say(command)
        assert reply.kind == "refused" and "no daily question" in reply.body
    assert (await admin.say("/llm daily status")).data["enabled"] is True
    await advance(engine, clock, utc(2026, 11, 26, 9, 1))
    assert len(poster.posts("quiz")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "/llm daily status",
        "/llm daily preview",
        "/llm settings",
        "/llm help scoring",
        "/llm team create Larks",
        "/llm team list",
        "/llm team show Owls",
        "/llm leaderboard teams",
        "/llm me",
    ],
)
async def test_adapters_can_tell_ahead_whether_a_reply_is_private(
    admin: ConsoleChat, poster: ScriptedPoster, text: str
) -> None:
    await admin.say("/llm daily setup 09:00 UTC every")
    await admin.as_user("bob").say("/llm team create Owls")
    reply = await admin.say(text)
    assert reply.kind not in ("refused", "usage")
    assert reply.private == replies_privately(parse(text))
