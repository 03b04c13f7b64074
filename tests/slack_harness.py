"""Runs the real Slack service in HTTP mode against the stand-in, and reads what it posted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from bot.adapters.slack.service import SlackService
from bot.app import App
from bot.config import Settings
from bot.engine import actions
from bot.knowledge import KnowledgeBase
from tests.slack_requests import SIGNING_SECRET, SlackSender, button_payload
from tests.slack_standin import TEAM, Call, SlackStandIn
from tests.support import ManualClock

ALICE, BOB = "U0ALICE", "U0BOB"
WORKSPACE = f"slack:{TEAM}"


@dataclass
class Harness:
    standin: SlackStandIn
    slack: SlackSender
    service: SlackService
    app: App

    async def idle(self) -> None:
        assert await self.service.inflight.wait_idle(5)

    async def say(self, text: str, user: str = ALICE, name: str = "alice", url: str = "") -> Call:
        """Run `/llm <text>` and return what the bot posted to its response URL."""
        url = url or f"{user}-{len(self.standin.calls)}"
        status = await self.slack.command(text, user, name, self.standin.response_url(url))
        assert status == 200
        return (await self.standin.wait_responses(url))[-1]

    async def click(
        self, action_id: str, user: str = ALICE, name: str = "alice", url: str = ""
    ) -> Call:
        url = url or f"{user}-click-{len(self.standin.calls)}"
        payload = button_payload(action_id, user, name, self.standin.response_url(url))
        assert await self.slack.interaction(payload) == 200
        return (await self.standin.wait_responses(url))[-1]


def settings_for(standin: SlackStandIn, tmp_path: Path, **extra: str) -> Settings:
    return Settings.from_env(
        {
            "LLMBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'llmbot.db'}",
            "SLACK_BOT_TOKEN": "xoxb-llmbot-test",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_BASE_URL": standin.api_url,
            **extra,
        }
    )


@asynccontextmanager
async def running(
    standin: SlackStandIn, tmp_path: Path, kb: KnowledgeBase, clock: ManualClock, **extra: str
) -> AsyncIterator[Harness]:
    async with App(settings_for(standin, tmp_path, **extra), clock=clock, kb=kb) as app:
        service = SlackService(app, host="127.0.0.1", port=0)
        await service.start()
        try:
            async with aiohttp.ClientSession() as session:
                url = f"http://127.0.0.1:{service.port}/slack/events"
                yield Harness(standin, SlackSender(session, url), service, app)
        finally:
            await service.stop()


def of_type(call: Call, kind: str) -> list[dict[str, Any]]:
    return [b for b in call.blocks if b["type"] == kind]


def header_of(call: Call) -> str:
    return str(of_type(call, "header")[0]["text"]["text"])


def buttons_of(call: Call) -> list[dict[str, Any]]:
    return [e for b in of_type(call, "actions") for e in b["elements"] if e["type"] == "button"]


async def correct_and_wrong(harness: Harness, call: Call) -> tuple[str, str, int]:
    """The quiz's right and a wrong button id, and the points the right one earns."""
    buttons = [b["action_id"] for b in buttons_of(call)]
    quiz_id = actions.decode(buttons[0]).quiz_id  # type: ignore[union-attr]
    record = await harness.app.store.get_quiz(WORKSPACE, quiz_id)
    assert record is not None
    question = harness.app.kb.questions[record.question_id]
    right = record.choice_order.index(question.answer_index)
    wrong = next(n for n in range(len(buttons)) if n != right)
    points = {"easy": 10, "medium": 20, "hard": 30}[question.difficulty]
    return buttons[right], buttons[wrong], points
