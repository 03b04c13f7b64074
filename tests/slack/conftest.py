"""Fixtures of the Slack suites: a local Web API stand-in and a real Bolt app in front of it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from tests.slack_harness import Harness, running
from tests.slack_standin import PROXY_VARIABLES, SlackStandIn, running_standin
from tests.support import ManualClock


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # slack_sdk hands HTTPS_PROXY to aiohttp and ignores NO_PROXY.
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    async with running_standin() as fake:
        yield fake


@pytest.fixture
async def harness(
    standin: SlackStandIn, tmp_path: Path, kb: KnowledgeBase, clock: ManualClock
) -> AsyncIterator[Harness]:
    async with running(standin, tmp_path, kb, clock) as running_harness:
        yield running_harness
