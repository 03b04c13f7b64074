"""Helpers for the Slack daily suites: an admin member, a driven scheduler, posts by title."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from tests.slack_harness import Harness, header_of
from tests.slack_standin import Call, SlackStandIn, running_standin
from tests.support import ManualClock

ADA = "U0ADA"
DAILY_TITLE = "Daily question ·"
REVEAL_TITLE = "Daily question closed ·"


@asynccontextmanager
async def standin_with_admin() -> AsyncIterator[SlackStandIn]:
    """Alice and Bob are members; Ada is a workspace admin."""
    async with running_standin() as fake:
        fake.add_user(ADA, "Ada", admin=True)
        yield fake


async def run_at(harness: Harness, clock: ManualClock, moment: datetime) -> None:
    """One scheduler pass at `moment`, the clock jumping there first."""
    clock.set(moment)
    await harness.app.engine.scheduler.run_due(moment)


def posts(standin: SlackStandIn, title: str) -> list[Call]:
    """Channel messages (`chat.postMessage`) whose header starts with `title`."""
    return [
        call
        for call in standin.calls_to("chat.postMessage")
        if call.blocks and header_of(call).startswith(title)
    ]


def section_texts(call: Call) -> str:
    return "\n".join(
        b["text"]["text"] for b in call.blocks if b["type"] == "section" and "text" in b
    )
