"""Teams and team boards on Slack, end to end, with user groups read from the stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.slack_daily import ADA, standin_with_admin
from tests.slack_harness import ALICE, BOB, Harness, correct_and_wrong, header_of, of_type
from tests.slack_standin import SlackStandIn
from tests.support import ManualClock

RED = "S0RED"


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    async with standin_with_admin() as fake:
        yield fake


async def test_members_create_and_join_teams_and_see_the_team_board(harness: Harness) -> None:
    created = await harness.say("team create Night Owls", ALICE, "alice")
    joined = await harness.say("team join night owls", BOB, "bob")
    await harness.say("team create Larks", ADA, "ada")
    quiz = await harness.say("quiz attention", ALICE, "alice")
    right, wrong, points = await correct_and_wrong(harness, quiz)
    await harness.click(right, ALICE, "alice")
    await harness.click(wrong, BOB, "bob")

    board = await harness.say("leaderboard teams", BOB, "bob")

    assert created.params["response_type"] == "ephemeral"
    assert header_of(created) == "Team Night Owls created"
    assert header_of(joined) == "You joined Night Owls"
    assert board.params["response_type"] == "in_channel"
    assert header_of(board) == "Team leaderboard · this week"
    first, second = of_type(board, "section")[0]["text"]["text"].split("\n")
    average = f"{points / 2:.1f}".removesuffix(".0")
    assert first == f"1. *Night Owls*: {average} avg · {points} pts · 2/2 active (your team)"
    assert second.startswith("2. *Larks*: 0 avg · 0 pts")
    assert "<@" not in board.texts()
    listed = await harness.say("team list", BOB, "bob")
    assert listed.params["response_type"] == "in_channel"
    assert "*Night Owls*: 2 member(s)" in listed.texts()


async def test_team_linked_to_a_user_group_follows_usergroups_users_list(
    harness: Harness, standin: SlackStandIn, clock: ManualClock
) -> None:
    standin.groups[RED] = [BOB]
    await harness.say("team create Red", ADA, "ada")
    linked = await harness.say(f"team link Red <!subteam^{RED}|@red>", ADA, "ada")
    assert header_of(linked) == f"Red follows role `{RED}`"

    shown = await harness.say("team show", BOB, "bob")
    refused = await harness.say("team join Red", ALICE, "alice")
    again = await harness.say("team show", BOB, "bob")
    assert header_of(shown) == header_of(again) == "Team Red"
    assert "Bob" in shown.texts()
    assert header_of(refused) == "Sorry" and "people with its role" in refused.texts()
    (lookup,) = standin.calls_to("usergroups.users.list")
    assert lookup.params["usergroup"] == RED

    standin.groups[RED] = []
    clock.advance(minutes=6)
    gone = await harness.say("team show", BOB, "bob")

    assert header_of(gone) == "Sorry" and "not in a team" in gone.texts()
    assert len(standin.calls_to("usergroups.users.list")) == 2


async def test_user_group_named_in_settings_may_run_admin_commands(
    harness: Harness, standin: SlackStandIn
) -> None:
    standin.groups["S0QUIZ"] = [BOB]
    await harness.say("settings admin-roles <!subteam^S0QUIZ|@quizmasters>", ADA, "ada")

    allowed = await harness.say("daily setup 09:00 UTC every", BOB, "bob")
    refused = await harness.say("daily off", ALICE, "alice")

    assert "Daily question set up." in allowed.texts()
    assert header_of(refused) == "Sorry" and "Only admins" in refused.texts()


async def test_failed_group_lookup_is_retried_after_a_minute(
    harness: Harness, standin: SlackStandIn, clock: ManualClock
) -> None:
    standin.groups[RED] = [BOB]
    await harness.say("team create Red", ADA, "ada")
    await harness.say(f"team link Red <!subteam^{RED}|@red>", ADA, "ada")
    standin.failures["usergroups.users.list"] = "missing_scope"

    before = await harness.say("team show", BOB, "bob")
    clock.advance(seconds=30)
    await harness.say("team show", BOB, "bob")
    assert len(standin.calls_to("usergroups.users.list")) == 1
    del standin.failures["usergroups.users.list"]
    clock.advance(seconds=31)
    after = await harness.say("team show", BOB, "bob")

    assert "not in a team" in before.texts()
    assert header_of(after) == "Team Red"
    assert len(standin.calls_to("usergroups.users.list")) == 2
