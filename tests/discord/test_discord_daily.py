"""Daily questions on Discord, end to end: a real discord.py client, the stand-in, the scheduler.

The engine's clock is injected; the scheduler is driven pass by pass with
`advance`, so nothing here waits on the wall clock.
"""

from __future__ import annotations

import pytest

from bot.adapters.discord.render import GREY, RED
from bot.engine import Engine, actions
from storage import DailyChannelRecord, StreakRecord
from tests.daily_support import advance, utc
from tests.discord_standin import (
    MISSING_ACCESS,
    UNKNOWN_CHANNEL,
    DiscordStandIn,
    Member,
    Refusal,
    RunningBot,
    right_and_wrong,
    running_bot,
    workspace_key,
)
from tests.discord_standin.payloads import DEFAULT_MESSAGE, EMBED_LINKS
from tests.discord_standin.server import DEFERRED_MESSAGE
from tests.support import ManualClock

ALICE = Member(101, "Alice", manage_guild=True)
BOB = Member(102, "Bob")
CAROL = Member(103, "Carol")
MISSING_PERMISSIONS = Refusal(403, 50013, "Missing Permissions")
# The engine's clock starts on Wednesday 25 November 2026 at 12:00 UTC.
FIRST_POST = utc(2026, 11, 26, 9, 0)
FIRST_CLOSE = utc(2026, 11, 27, 8, 0)
SETUP = "09:00 UTC every"




async def daily_channel(standin: DiscordStandIn, engine: Engine) -> DailyChannelRecord | None:
    channel = str(standin.world.channel_id)
    return await engine.store.get_daily_channel(workspace_key(standin), channel)


async def test_a_daily_question_is_posted_answered_privately_and_revealed_once(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine, clock: ManualClock
) -> None:
    asked = await standin.slash(ALICE, "daily setup", options=SETUP)
    status = await standin.answer_to(asked)
    deferral = standin.sent_for(asked)[0]
    assert deferral.type == DEFERRED_MESSAGE and deferral.ephemeral
    assert "Daily question set up." in status.text and "09:00 UTC" in status.text

    await advance(engine, clock, FIRST_POST)
    (post,) = standin.channels.posts()
    assert post.embeds[0]["title"].startswith("Daily question")
    assert post.allowed_mentions == {"parse": []} and not post.ephemeral
    assert post.message_id is not None
    assert standin.messages[post.message_id]["type"] == DEFAULT_MESSAGE
    assert all(c["custom_id"].startswith("llm:a:") for c in post.components)

    right, wrong = await right_and_wrong(standin, engine, post)
    alice = await standin.answer_to(await standin.click(ALICE, post.message_id, right))
    bob = await standin.answer_to(await standin.click(BOB, post.message_id, wrong))
    for feedback in (alice, bob):
        assert feedback.ephemeral and feedback.embeds[0]["title"] == "Answer recorded"
        assert feedback.embeds[0]["color"] != RED
    assert standin.channels.posts() == [post]

    await advance(engine, clock, FIRST_CLOSE)
    await engine.scheduler.run_due(FIRST_CLOSE)
    await advance(engine, clock, utc(2026, 11, 27, 8, 30))

    posts = standin.channels.posts()
    assert len(posts) == 2
    reveal = posts[1]
    assert reveal.embeds[0]["title"].startswith("Daily question closed")
    assert "2 answered · 50% right" in reveal.text and "Alice" in reveal.text
    assert reveal.allowed_mentions == {"parse": []}
    (edit,) = standin.channels.edits()
    assert edit.message_id == post.message_id
    closed = standin.messages[post.message_id]
    assert closed["components"] == []
    assert closed["embeds"][0]["footer"]["text"].startswith("Closed")
    assert closed["embeds"][0]["color"] == GREY

    quiz_id = actions.decode(right).quiz_id  # type: ignore[union-attr]
    late = await standin.ask(CAROL, "answer", quiz_id=quiz_id, choice="A")
    assert late.ephemeral and "has closed" in late.text


async def test_a_member_is_refused_daily_setup_and_nothing_changes(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    await standin.ask(ALICE, "daily setup", options=SETUP)

    refused = await standin.ask(BOB, "daily setup", options="18:00 hard")
    now = await standin.ask(BOB, "daily now")

    for reply in (refused, now):
        assert reply.embeds[0]["title"] == "Sorry" and "Only admins" in reply.text
    channel = await daily_channel(standin, engine)
    assert channel is not None
    assert (channel.post_time, channel.difficulty) == ("09:00", None)
    assert standin.channels.posts() == []


async def test_daily_now_defers_at_once_and_posts_todays_question(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    await standin.ask(ALICE, "daily setup", options=SETUP)

    asked = await standin.slash(ALICE, "daily now")
    answer = await standin.answer_to(asked)

    first = standin.sent_for(asked)[0]
    assert first.type == DEFERRED_MESSAGE and first.ephemeral
    assert answer.embeds[0]["title"] == "Posted"
    (post,) = standin.channels.posts()
    assert post.embeds[0]["title"].startswith("Daily question")


@pytest.mark.parametrize("refusal", [MISSING_ACCESS, MISSING_PERMISSIONS, UNKNOWN_CHANNEL])
async def test_a_lasting_refusal_pauses_the_schedule_and_status_says_why(
    standin: DiscordStandIn,
    bot: RunningBot,
    engine: Engine,
    clock: ManualClock,
    refusal: Refusal,
) -> None:
    await standin.ask(ALICE, "daily setup", options=SETUP)
    standin.refuse(refusal)

    await advance(engine, clock, FIRST_POST)
    await advance(engine, clock, utc(2026, 11, 26, 9, 10))

    assert standin.channels.posts() == []
    assert standin.channels.refused == [f"POST channels/{standin.world.channel_id}/messages"]
    channel = await daily_channel(standin, engine)
    assert channel is not None and channel.paused_reason
    status = await standin.ask(BOB, "daily status")
    assert status.ephemeral and f"paused: {channel.paused_reason}" in status.text
    assert f"Discord: {refusal.message}" in status.text
    preview = await standin.ask(ALICE, "daily preview")
    assert "is paused" in preview.text


async def test_setup_is_refused_where_the_bot_cannot_show_embeds(
    standin: DiscordStandIn, engine: Engine
) -> None:
    standin.world.denied = EMBED_LINKS
    async with running_bot(standin, engine):
        reply = await standin.ask(ALICE, "daily setup", options=SETUP)

    assert "I can't post in this channel" in reply.text and "Embed Links" in reply.text
    assert await daily_channel(standin, engine) is None


async def test_a_streak_about_to_break_is_warned_by_direct_message(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine, clock: ManualClock
) -> None:
    await standin.ask(ALICE, "daily setup", options=SETUP)
    await advance(engine, clock, FIRST_POST)
    channel = str(standin.world.channel_id)
    # Bob has a 3-day streak and already used this week's freeze (ISO week 48).
    await engine.store.save_streaks(
        [StreakRecord(workspace_key(standin), channel, "102", 3, 3, "2026-11-25", "2026-W48")]
    )

    await advance(engine, clock, utc(2026, 11, 27, 7, 30))

    (warning,) = standin.channels.dms_to(BOB.id)
    assert warning.embeds[0]["title"] == "Your 3-day streak ends soon"
    assert warning.embeds[0]["footer"]["text"] == "#general · Test guild"
    assert not warning.ephemeral and warning.allowed_mentions == {"parse": []}
    assert standin.channels.dms_to(ALICE.id) == []


async def test_a_passing_refusal_leaves_the_schedule_on_and_the_post_is_retried(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine, clock: ManualClock
) -> None:
    await standin.ask(ALICE, "daily setup", options=SETUP)
    standin.refuse(Refusal(400, 50035, "Invalid Form Body"))

    await advance(engine, clock, FIRST_POST)
    channel = await daily_channel(standin, engine)
    assert standin.channels.refused == [f"POST channels/{standin.world.channel_id}/messages"]
    standin.channels.refusals.clear()
    await advance(engine, clock, utc(2026, 11, 26, 9, 5))

    assert channel is not None and channel.paused_reason is None
    (post,) = standin.channels.posts()
    assert post.embeds[0]["title"].startswith("Daily question")


async def test_the_weekly_recap_attaches_its_chart_with_the_numbers_as_description(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine, clock: ManualClock
) -> None:
    await standin.answer_to(await standin.slash(ALICE, "daily setup", options=f"{SETUP} recap"))
    await advance(engine, clock, FIRST_POST)
    (post,) = standin.channels.posts()
    right, _ = await right_and_wrong(standin, engine, post)
    await standin.answer_to(await standin.click(BOB, post.message_id, right))

    await advance(engine, clock, utc(2026, 11, 30, 9, 30))

    (recap,) = [p for p in standin.channels.posts() if "in review" in p.embeds[0]["title"]]
    (embed,) = recap.embeds
    name = embed["image"]["url"].removeprefix("attachment://")
    (chart,) = [f for f in recap.files if f.filename == name]
    assert chart.data.startswith(b"\x89PNG")
    (line,) = (f["value"] for f in embed["fields"] if f["name"] == "Top members")
    (described,) = [a for a in recap.data["attachments"] if a.get("filename") == name]
    assert line.startswith("1. Bob: ") and line in described["description"]


async def test_a_channel_denying_attach_files_gets_the_recap_as_text_and_stays_on(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine, clock: ManualClock
) -> None:
    await standin.answer_to(await standin.slash(ALICE, "daily setup", options=f"{SETUP} recap"))
    await advance(engine, clock, FIRST_POST)
    (post,) = standin.channels.posts()
    right, _ = await right_and_wrong(standin, engine, post)
    await standin.answer_to(await standin.click(BOB, post.message_id, right))
    standin.channels.without_attach_files.add(standin.world.channel_id)

    await advance(engine, clock, utc(2026, 11, 30, 9, 30))

    (recap,) = [p for p in standin.channels.posts() if "in review" in p.embeds[0]["title"]]
    assert recap.files == [] and "image" not in recap.embeds[0]
    assert any(f["value"].startswith("1. Bob: ") for f in recap.embeds[0]["fields"])
    assert len(standin.channels.refused) == 1
    channel = await daily_channel(standin, engine)
    assert channel is not None and channel.paused_reason is None


async def test_a_recap_in_a_channel_llmbot_lost_still_pauses_it(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine, clock: ManualClock
) -> None:
    await standin.answer_to(await standin.slash(ALICE, "daily setup", options=f"{SETUP} recap"))
    await advance(engine, clock, FIRST_POST)
    (post,) = standin.channels.posts()
    right, _ = await right_and_wrong(standin, engine, post)
    await standin.answer_to(await standin.click(BOB, post.message_id, right))
    standin.refuse(MISSING_ACCESS)

    await advance(engine, clock, utc(2026, 11, 30, 9, 30))

    channel = await daily_channel(standin, engine)
    assert channel is not None and "Missing Access" in (channel.paused_reason or "")
