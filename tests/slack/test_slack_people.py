"""Who a Slack member is to the engine: name and admin flag from `users.info`, cached."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.people import People
from tests.slack_standin import TEAM, SlackStandIn, running_standin
from tests.support import ManualClock


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    async with running_standin() as fake:
        fake.add_user("U0ADMIN", "Ada", admin=True)
        fake.add_user("U0OWNER", "Otto", owner=True)
        yield fake


@pytest.fixture
async def client(standin: SlackStandIn) -> AsyncIterator[AsyncWebClient]:
    async with aiohttp.ClientSession() as session:
        yield AsyncWebClient(token="xoxb-llmbot-test", base_url=standin.api_url, session=session)


async def test_member_gets_profile_name_and_slack_namespace(
    client: AsyncWebClient, clock: ManualClock
) -> None:
    actor = await People(client, clock).actor(TEAM, "C1", "U0ALICE", "alice")

    assert (actor.platform, actor.workspace, actor.channel, actor.user) == (
        "slack",
        TEAM,
        "C1",
        "U0ALICE",
    )
    assert actor.workspace_key == f"slack:{TEAM}"
    assert actor.display_name == "Alice"
    assert actor.is_admin is False


async def test_workspace_admins_and_owners_are_admins(
    client: AsyncWebClient, clock: ManualClock
) -> None:
    people = People(client, clock)

    assert (await people.actor(TEAM, "C1", "U0ADMIN")).is_admin
    assert (await people.actor(TEAM, "C1", "U0OWNER")).is_admin


async def test_members_listed_in_settings_are_admins(
    client: AsyncWebClient, clock: ManualClock
) -> None:
    people = People(client, clock, admin_users=("U0BOB",))

    assert (await people.actor(TEAM, "C1", "U0BOB")).is_admin
    assert not (await people.actor(TEAM, "C1", "U0ALICE")).is_admin


async def test_profiles_are_cached_for_fifteen_minutes(
    client: AsyncWebClient, standin: SlackStandIn, clock: ManualClock
) -> None:
    people = People(client, clock)
    for _ in range(3):
        await people.actor(TEAM, "C1", "U0ALICE")
    clock.advance(minutes=14)
    await people.actor(TEAM, "C2", "U0ALICE")
    assert len(standin.calls_to("users.info")) == 1

    clock.advance(minutes=2)
    await people.actor(TEAM, "C1", "U0ALICE")
    assert len(standin.calls_to("users.info")) == 2


async def test_failed_lookup_falls_back_to_the_payload_name(
    client: AsyncWebClient, standin: SlackStandIn, clock: ManualClock
) -> None:
    standin.failures["users.info"] = "missing_scope"

    actor = await People(client, clock, admin_users=("U0CAROL",)).actor(
        TEAM, "C1", "U0CAROL", "carol"
    )

    assert actor.display_name == "carol"
    assert actor.is_admin is True
