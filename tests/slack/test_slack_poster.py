"""The Slack channel poster and user-group lookups against the stand-in, without Bolt."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.files import FigureHost
from bot.adapters.slack.groups import UserGroups
from bot.adapters.slack.poster import OtherWorkspace, SlackPoster
from bot.engine import ChannelUnavailable, MessageEditor, PostTarget, PrivateNotifier, Reply
from bot.engine.daily.recap_chart import recap_chart
from bot.engine.reply import Field, ReplyKind
from tests.slack_standin import TEAM, SlackStandIn
from tests.support import ManualClock

TARGET = PostTarget("slack", TEAM, "C0DAILY")
NOTE = Reply(kind="daily_recap", title="Week 2026-W48 in review", body="Well played, <!here>")
RECAP = Reply(
    kind=ReplyKind.DAILY_RECAP,
    title="Week 2026-W48 in review",
    fields=(Field("Top members", "1. Ann: 30 pts\n2. Bob: 20 pts", True),),
    image=recap_chart("2026-W48", [("Ann", 30), ("Bob", 20)], [(1, "Red", 12.5)]),
)


def poster_for(client: AsyncWebClient) -> SlackPoster:
    return SlackPoster(client, TEAM, FigureHost(client, ManualClock()))


@pytest.fixture
async def client(standin: SlackStandIn) -> AsyncIterator[AsyncWebClient]:
    async with aiohttp.ClientSession() as session:
        yield AsyncWebClient(token="xoxb-llmbot-test", base_url=standin.api_url, session=session)


async def test_post_returns_the_ts_that_edit_and_slack_use(
    client: AsyncWebClient, standin: SlackStandIn
) -> None:
    poster = poster_for(client)

    ref = await poster.post(TARGET, NOTE)
    await poster.edit(TARGET, ref, NOTE)

    assert isinstance(poster, MessageEditor) and isinstance(poster, PrivateNotifier)
    (posted,) = standin.calls_to("chat.postMessage")
    (edited,) = standin.calls_to("chat.update")
    assert posted.params["channel"] == edited.params["channel"] == "C0DAILY"
    assert ref.startswith("1700000000.") and edited.params["ts"] == ref
    assert "<!here>" not in posted.texts() and "&lt;!here&gt;" in posted.texts()


@pytest.mark.parametrize(
    ("error", "says"),
    [
        ("channel_not_found", "Slack can't find this channel"),
        ("not_in_channel", "Invite it with `/invite @llmbot`"),
        ("is_archived", "this channel is archived"),
        ("account_inactive", "Reinstall the app"),
        ("token_revoked", "token was revoked"),
    ],
)
async def test_lasting_slack_errors_become_channel_unavailable(
    client: AsyncWebClient, standin: SlackStandIn, error: str, says: str
) -> None:
    standin.failures["chat.postMessage"] = error

    with pytest.raises(ChannelUnavailable) as caught:
        await poster_for(client).post(TARGET, NOTE)

    assert says in caught.value.reason and caught.value.reason.endswith(".")


async def test_missing_scope_names_the_permission_to_add(
    client: AsyncWebClient, standin: SlackStandIn
) -> None:
    standin.failures["conversations.info"] = "missing_scope"
    standin.failure_fields["conversations.info"] = {"needed": "groups:read"}

    with pytest.raises(ChannelUnavailable) as caught:
        await poster_for(client).check(TARGET)

    assert "lacks the `groups:read` permission" in caught.value.reason


async def test_passing_slack_errors_propagate_so_the_post_is_retried(
    client: AsyncWebClient, standin: SlackStandIn
) -> None:
    standin.failures["chat.postMessage"] = "internal_error"

    with pytest.raises(SlackApiError):
        await poster_for(client).post(TARGET, NOTE)


@pytest.mark.parametrize(
    ("channel", "fine"),
    [
        ({}, True),
        ({"is_member": False}, False),
        ({"is_archived": True}, False),
        ({"is_channel": False, "is_group": True, "is_private": True}, True),
    ],
)
async def test_check_needs_an_open_channel_with_llmbot_in_it(
    client: AsyncWebClient, standin: SlackStandIn, channel: dict[str, object], fine: bool
) -> None:
    standin.channels["C0DAILY"] = channel
    poster = poster_for(client)

    if fine:
        await poster.check(TARGET)
    else:
        with pytest.raises(ChannelUnavailable):
            await poster.check(TARGET)
    (asked,) = standin.calls_to("conversations.info")
    assert asked.params["channel"] == "C0DAILY"


async def test_notify_is_ephemeral_to_one_member(
    client: AsyncWebClient, standin: SlackStandIn
) -> None:
    await poster_for(client).notify(TARGET, "U0BOB", NOTE)

    (note,) = standin.calls_to("chat.postEphemeral")
    assert (note.params["channel"], note.params["user"]) == ("C0DAILY", "U0BOB")


async def test_concurrent_members_share_one_lookup_per_group(
    client: AsyncWebClient, standin: SlackStandIn, clock: ManualClock
) -> None:
    standin.groups.update({"S0RED": ["U0ALICE", "U0BOB"], "S0BLUE": ["U0BOB"]})

    async def in_use(workspace_key: str) -> frozenset[str]:
        assert workspace_key == f"slack:{TEAM}"
        return frozenset({"S0RED", "S0BLUE", "S0GONE"})

    groups = UserGroups(client, clock, in_use)
    found = await asyncio.gather(
        groups.of(f"slack:{TEAM}", "U0ALICE"),
        groups.of(f"slack:{TEAM}", "U0BOB"),
        groups.of(f"slack:{TEAM}", "U0CAROL"),
    )

    assert found == [("S0RED",), ("S0BLUE", "S0RED"), ()]
    asked = sorted(c.params["usergroup"] for c in standin.calls_to("usergroups.users.list"))
    assert asked == ["S0BLUE", "S0GONE", "S0RED"]


async def test_direct_messages_are_refused_without_asking_slack(
    client: AsyncWebClient, standin: SlackStandIn
) -> None:
    with pytest.raises(ChannelUnavailable) as caught:
        await poster_for(client).check(PostTarget("slack", TEAM, "D0ALICE"))

    assert "not in direct messages" in caught.value.reason
    assert standin.calls_to("conversations.info") == []


async def test_another_workspace_is_not_posted_to_and_not_paused(
    client: AsyncWebClient, standin: SlackStandIn
) -> None:
    elsewhere = PostTarget("slack", "T0OTHER", "C0DAILY")

    with pytest.raises(OtherWorkspace):
        await poster_for(client).post(elsewhere, NOTE)

    assert standin.calls_to("chat.postMessage") == []


async def test_a_recap_uploads_its_chart_and_shows_it_with_the_numbers_as_alt_text(
    client: AsyncWebClient, standin: SlackStandIn
) -> None:
    await poster_for(client).post(TARGET, RECAP)

    (upload,) = standin.calls_to("upload")
    assert upload.params["head"].startswith(b"\x89PNG")
    (posted,) = standin.calls_to("chat.postMessage")
    (image,) = [b for b in posted.blocks if b["type"] == "image"]
    assert "slack_file" in image
    assert "1. Ann: 30 pts; 2. Bob: 20 pts" in str(image["alt_text"])
    assert "1. Red: 12.5 points per active member" in str(image["alt_text"])


async def test_a_failed_chart_upload_still_posts_the_recap_as_text_with_one_warning(
    client: AsyncWebClient, standin: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    standin.failures["files.getUploadURLExternal"] = "missing_scope"

    with caplog.at_level(logging.WARNING, logger="bot.adapters.slack"):
        ref = await poster_for(client).post(TARGET, RECAP)

    (posted,) = standin.calls_to("chat.postMessage")
    assert ref.startswith("1700000000.")
    assert all(b["type"] != "image" for b in posted.blocks)
    assert "Ann: 30 pts" in posted.texts()
    (warning,) = caplog.records
    assert "missing_scope" in warning.getMessage()


async def test_a_refused_chart_is_dropped_and_the_recap_posted_again_without_it(
    client: AsyncWebClient, standin: SlackStandIn
) -> None:
    standin.refuse_slack_files = True

    await poster_for(client).post(TARGET, RECAP)

    refused, posted = standin.calls_to("chat.postMessage")
    assert any(b["type"] == "image" for b in refused.blocks)
    assert all(b["type"] != "image" for b in posted.blocks)
