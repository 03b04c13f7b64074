"""Fixtures of the Discord suites: a local gateway/REST stand-in and a real discord.py client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.engine import Engine
from tests.discord_standin import DiscordStandIn, RunningBot, restored_endpoints, running_bot


@pytest.fixture
async def standin() -> AsyncIterator[DiscordStandIn]:
    # discord.py keeps its REST and gateway URLs in class attributes; put them back after.
    with restored_endpoints():
        async with DiscordStandIn() as server:
            yield server


@pytest.fixture
async def bot(standin: DiscordStandIn, engine: Engine) -> AsyncIterator[RunningBot]:
    async with running_bot(standin, engine) as running:
        yield running
