"""Daily questions on Slack, end to end: `/llm daily …` through Bolt, posts through the poster."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from bot.engine.standings.periods import week_label
from storage import StreakRecord
from tests.daily_support import utc
from tests.slack_daily import (
    ADA,
    DAILY_TITLE,
    REVEAL_TITLE,
    posts,
    run_at,
    standin_with_admin,
)
from tests.slack_harness import (
    ALICE,
    BOB,
    WORKSPACE,
    Harness,
    buttons_of,
    correct_and_wrong,
    header_of,
)
from tests.slack_requests import CHANNEL, home_opened_event
from tests.slack_standin import SlackStandIn
from tests.support import ManualClock

SETUP = "daily setup 09:00 UTC every"


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    async with standin_with_admin() as fake:
        yield fake


async def test_daily_question_is_posted_answered_privately_and_revealed_once(
    harness: Harness, standin: SlackStandIn, clock: ManualClock
) -> None:
    setup = await harness.say(SETUP, ADA, "ada")
    assert setup.params["response_type"] == "ephemeral"
    assert "Daily question set up." in setup.texts()
    (checked,) = standin.calls_to("conversations.info")
    assert checked.params["channel"] == CHANNEL

    await run_at(harness, clock, utc(2026, 11, 26, 9, 0))
    (post,) = posts(standin, DAILY_TITLE)
    assert post.params["channel"] == CHANNEL
    assert post.params["link_names"] is False
    right, wrong, points = await correct_and_wrong(harness, post)
    clock.set(utc(2026, 11, 26, 9, 2))
    alice = await harness.click(right, ALICE, "alice")
    bob = await harness.click(wrong, BOB, "bob")
    for feedback in (alice, bob):
        assert feedback.params["response_type"] == "ephemeral"
        assert header_of(feedback) == "Answer recorded"
        assert "revealed in the channel" in feedback.texts()
    assert "Not quite" not in bob.texts() and "Correct" not in alice.texts()

    await run_at(harness, clock, utc(2026, 11, 27, 7, 59))
    assert posts(standin, REVEAL_TITLE) == []
    await run_at(harness, clock, utc(2026, 11, 27, 8, 0))
    await run_at(harness, clock, utc(2026, 11, 27, 8, 5))

    (reveal,) = posts(standin, REVEAL_TITLE)
    assert reveal.params["channel"] == CHANNEL
    shown = reveal.texts()
    assert "2 answered · 50% right" in shown and "1. Alice" in shown
    assert "<@" not in shown and "<!" not in shown
    (update,) = standin.calls_to("chat.update")
    claim = await harness.app.store.get_daily_claim(WORKSPACE, CHANNEL, "2026-11-26", "post")
    assert claim is not None and update.params["ts"] == claim.message_ref
    assert update.params["channel"] == CHANNEL
    assert buttons_of(update) == [] and header_of(update) == header_of(post)
    assert "Closed" in update.texts()
    me = await harness.say("me", ALICE, "alice")
    assert f"{points + 5} points · 1 answered" in me.texts()


async def test_member_is_refused_daily_setup_and_nothing_changes(
    harness: Harness, standin: SlackStandIn, clock: ManualClock
) -> None:
    refused = await harness.say(SETUP, BOB, "bob")

    assert refused.params["response_type"] == "ephemeral"
    assert header_of(refused) == "Sorry" and "Only admins" in refused.texts()
    assert standin.calls_to("conversations.info") == []
    assert await harness.app.store.get_daily_channel(WORKSPACE, CHANNEL) is None
    status = await harness.say("daily status", ADA, "ada")
    assert "no daily question yet" in status.texts()
    await run_at(harness, clock, utc(2026, 11, 26, 9, 0))
    assert standin.calls_to("chat.postMessage") == []


@pytest.mark.parametrize(
    ("channel", "reason"),
    [
        ({"is_archived": True}, "this channel is archived"),
        ({"is_member": False}, "llmbot is not a member of this channel"),
    ],
)
async def test_setup_is_refused_where_llmbot_cannot_post(
    harness: Harness, standin: SlackStandIn, channel: dict[str, bool], reason: str
) -> None:
    standin.channels[CHANNEL] = channel

    refused = await harness.say(SETUP, ADA, "ada")

    assert header_of(refused) == "Sorry"
    assert f"I can't post in this channel: {reason}" in refused.texts()
    assert await harness.app.store.get_daily_channel(WORKSPACE, CHANNEL) is None


async def test_lost_channel_access_pauses_the_schedule_and_status_says_why(
    harness: Harness, standin: SlackStandIn, clock: ManualClock
) -> None:
    await harness.say(SETUP, ADA, "ada")
    standin.failures["chat.postMessage"] = "not_in_channel"

    await run_at(harness, clock, utc(2026, 11, 26, 9, 0))
    status = await harness.say("daily status", BOB, "bob")
    assert "paused: llmbot is not a member of this channel" in status.texts()
    assert "2026-11-26: failed" in status.texts()
    notice = await harness.say("daily preview", ADA, "ada")
    assert f"channel `{CHANNEL}` is paused" in notice.texts()

    await run_at(harness, clock, utc(2026, 11, 27, 9, 0))
    assert len(standin.calls_to("chat.postMessage")) == 1


async def test_passing_slack_failure_is_retried_and_posts_once(
    harness: Harness, standin: SlackStandIn, clock: ManualClock
) -> None:
    await harness.say(SETUP, ADA, "ada")
    standin.failures["chat.postMessage"] = "internal_error"
    await run_at(harness, clock, utc(2026, 11, 26, 9, 0))
    assert len(posts(standin, DAILY_TITLE)) == 1

    del standin.failures["chat.postMessage"]
    await run_at(harness, clock, utc(2026, 11, 26, 9, 1))
    assert len(posts(standin, DAILY_TITLE)) == 1
    await run_at(harness, clock, utc(2026, 11, 26, 9, 3))
    await run_at(harness, clock, utc(2026, 11, 26, 9, 10))

    first, second = posts(standin, DAILY_TITLE)
    assert first.params["blocks"] == second.params["blocks"]
    status = await harness.say("daily status", BOB, "bob")
    assert "paused" not in status.texts() and "2026-11-26: posted" in status.texts()


async def test_member_about_to_lose_a_streak_is_warned_ephemerally(
    harness: Harness, standin: SlackStandIn, clock: ManualClock
) -> None:
    await harness.say(SETUP, ADA, "ada")
    used_freeze = week_label(date(2026, 11, 26))
    await harness.app.store.save_streaks(
        [StreakRecord(WORKSPACE, CHANNEL, BOB, 3, 3, "2026-11-25", used_freeze)]
    )
    await run_at(harness, clock, utc(2026, 11, 26, 9, 0))

    await run_at(harness, clock, utc(2026, 11, 27, 6, 59))
    assert standin.calls_to("chat.postEphemeral") == []
    await run_at(harness, clock, utc(2026, 11, 27, 7, 0))

    (warning,) = standin.calls_to("chat.postEphemeral")
    assert (warning.params["channel"], warning.params["user"]) == (CHANNEL, BOB)
    assert header_of(warning) == "Your 3-day streak ends soon"


async def test_admin_posts_now_and_members_see_the_question_in_the_channel(
    harness: Harness, standin: SlackStandIn
) -> None:
    await harness.say("daily setup 18:00 UTC every instant", ADA, "ada")

    now = await harness.say("daily now", ADA, "ada")
    (post,) = posts(standin, DAILY_TITLE)
    right, _, points = await correct_and_wrong(harness, post)
    answer = await harness.click(right, BOB, "bob")

    assert now.params["response_type"] == "ephemeral" and header_of(now) == "Posted"
    assert all(b["action_id"].startswith("llm:a:") for b in buttons_of(post))
    assert len(buttons_of(post)) >= 2
    assert answer.params["response_type"] == "ephemeral"
    assert header_of(answer) == f"Correct! +{points + 5} points (with a 5-point speed bonus)"


async def test_app_home_shows_the_open_daily_question_streak_and_team(
    harness: Harness, standin: SlackStandIn, clock: ManualClock
) -> None:
    await harness.say("team create Owls", BOB, "bob")
    await harness.say(SETUP, ADA, "ada")
    await run_at(harness, clock, utc(2026, 11, 26, 9, 0))
    right, _, _ = await correct_and_wrong(harness, posts(standin, DAILY_TITLE)[0])
    clock.set(utc(2026, 11, 26, 9, 1))
    await harness.click(right, BOB, "bob")
    await run_at(harness, clock, utc(2026, 11, 27, 8, 0))
    await run_at(harness, clock, utc(2026, 11, 27, 9, 0))

    assert await harness.slack.event(home_opened_event(BOB, "Ev0DAILY1")) == 200
    (opened,) = await standin.wait_calls("views.publish")
    shown = opened.texts()
    assert f"Streak in <#{CHANNEL}>: 1 day(s) in a row (best 1)." in shown
    assert f"Open in <#{CHANNEL}> until <!date^" in shown
    assert "answer it there with the buttons" in shown
    assert "Your team: Owls" in shown and "Rank 1 of 1 this week" in shown

    clock.advance(seconds=31)
    _, wrong, _ = await correct_and_wrong(harness, posts(standin, DAILY_TITLE)[1])
    await harness.click(wrong, BOB, "bob")
    await harness.idle()
    _, refreshed = standin.calls_to("views.publish")
    assert "you answered it; the answer is revealed when it closes" in refreshed.texts()


async def test_a_post_still_rate_limited_after_slack_sdk_retries_waits_and_goes_out_once(
    harness: Harness, standin: SlackStandIn, clock: ManualClock
) -> None:
    await harness.say(SETUP, ADA, "ada")
    # slack_sdk retries a 429 twice itself; the third refusal reaches the pacer, which
    # holds the workspace for Retry-After and sends the same post again.
    standin.rate_limited["chat.postMessage"] = 3
    await run_at(harness, clock, utc(2026, 11, 26, 9, 0))
    *refused, post = posts(standin, DAILY_TITLE)
    assert len(refused) == 3 and all(call.params == post.params for call in refused)
    assert len(standin.calls_to("chat.postMessage")) == 4  # refused three times, sent once
    assert post.params["channel"] == CHANNEL
    claim = await harness.app.store.get_daily_claim(WORKSPACE, CHANNEL, "2026-11-26", "post")
    assert claim is not None and claim.status.value == "posted"
