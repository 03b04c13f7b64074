"""App Home publishing: debounced per member and capped per workspace, with an injected clock."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.home import HomeTab
from bot.engine import Actor, Engine
from tests.daily_support import attach, utc
from tests.slack_standin import TEAM, SlackStandIn
from tests.support import ManualClock


@pytest.fixture
async def home(standin: SlackStandIn, engine: Engine, clock: ManualClock) -> AsyncIterator[HomeTab]:
    async with aiohttp.ClientSession() as session:
        client = AsyncWebClient(token="xoxb-llmbot-test", base_url=standin.api_url, session=session)
        yield HomeTab(engine, client, clock, budget=3)


def member(user: str) -> Actor:
    return Actor("slack", TEAM, user, user, user.title())


def published(standin: SlackStandIn) -> list[str]:
    return [c.params["user_id"] for c in standin.calls_to("views.publish")]


async def test_answer_before_the_tab_was_ever_opened_waits_for_the_next_opening(
    home: HomeTab, standin: SlackStandIn
) -> None:
    assert await home.answered(member("U1")) is False
    assert await home.opened(member("U1")) is True
    assert published(standin) == ["U1"]


async def test_reopening_within_the_interval_is_skipped_unless_an_answer_came_in(
    home: HomeTab, standin: SlackStandIn, clock: ManualClock
) -> None:
    alice = member("U1")
    await home.opened(alice)
    clock.advance(seconds=5)
    assert await home.opened(alice) is False
    assert await home.answered(alice) is False
    assert await home.opened(alice) is True
    clock.advance(seconds=31)
    assert await home.opened(alice) is True
    assert published(standin) == ["U1", "U1", "U1"]


async def test_refreshes_after_answers_are_capped_per_workspace_minute(
    home: HomeTab, standin: SlackStandIn, clock: ManualClock
) -> None:
    members = [member(f"U{n}") for n in range(5)]
    for each in members:
        await home.opened(each)
    clock.advance(seconds=31)
    assert [await home.answered(each) for each in members] == [False] * 5

    clock.advance(seconds=30)
    refreshed = [await home.answered(each) for each in members]

    assert refreshed == [True, True, True, False, False]
    assert len(published(standin)) == 8


async def test_failed_publish_is_logged_not_raised(
    home: HomeTab, standin: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    standin.failures["views.publish"] = "not_enabled"
    with caplog.at_level(logging.WARNING, logger="bot.adapters.slack.home"):
        assert await home.opened(member("U1")) is False
    (record,) = caplog.records
    assert "not_enabled" in record.getMessage() and record.exc_info is None


async def test_a_friday_question_still_open_on_sunday_is_shown_with_its_channel(
    home: HomeTab, standin: SlackStandIn, engine: Engine, clock: ManualClock
) -> None:
    attach(engine, clock, platform="slack")
    admin = Actor("slack", TEAM, "C0DAILY", "U0ADA", "Ada", is_admin=True)
    await engine.handle_text(admin, "/llm daily setup 09:00 UTC mon-fri")
    clock.set(utc(2026, 11, 27, 9, 0))
    await engine.scheduler.run_due(clock.now())
    clock.set(utc(2026, 11, 29, 12, 0))

    assert await home.opened(member("U1")) is True

    (view,) = standin.calls_to("views.publish")
    shown = view.texts()
    assert "Open in <#C0DAILY> until <!date^1796025600^" in shown
    assert "Mon 30 Nov 08:00 UTC" in shown
    assert "Streak in <#C0DAILY>: none yet" in shown
