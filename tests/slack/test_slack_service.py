"""`serve()` as `llmbot run slack` calls it: Socket Mode, HTTP mode, settings and shutdown."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.adapters.slack.service import serve
from bot.app import App
from bot.config import ConfigError, Settings
from bot.knowledge import KnowledgeBase
from tests.slack_requests import (
    SIGNING_SECRET,
    SlackSender,
    button_payload,
    command_form,
    home_opened_event,
)
from tests.slack_standin import SlackStandIn
from tests.support import ManualClock

APP_TOKEN = "xapp-1-llmbot-test"
STOP_SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def settings(standin: SlackStandIn, tmp_path: Path, **extra: str) -> Settings:
    return Settings.from_env(
        {
            "LLMBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'llmbot.db'}",
            "SLACK_BOT_TOKEN": "xoxb-llmbot-test",
            "SLACK_API_BASE_URL": standin.api_url,
            **extra,
        }
    )


def envelope(kind: str, envelope_id: str, payload: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"envelope_id": envelope_id, "type": kind, "payload": payload, **extra}


async def test_socket_mode_answers_commands_clicks_and_home_once(
    standin: SlackStandIn, tmp_path: Path, kb: KnowledgeBase, clock: ManualClock
) -> None:
    stopping = asyncio.Event()
    configured = settings(standin, tmp_path, SLACK_APP_TOKEN=APP_TOKEN)
    async with App(configured, clock=clock, kb=kb) as app:
        task = asyncio.create_task(serve(app, stopping))
        await standin.wait_calls("auth.test")
        assert app.readiness.report() == {"slack": True}

        command = command_form("quiz attention", "U0ALICE", "alice", standin.response_url("sm"))
        ack = await standin.push(
            envelope("slash_commands", "env-1", command, accepts_response_payload=True)
        )
        (quiz,) = await standin.wait_responses("sm")
        first_button = quiz.blocks[2]["elements"][0]["action_id"]
        click = button_payload(first_button, "U0BOB", "bob", standin.response_url("sm-click"))
        await standin.push(envelope("interactive", "env-2", click))
        (feedback,) = await standin.wait_responses("sm-click")
        event = home_opened_event("U0BOB", "Ev0SOCKET")
        await standin.push(envelope("events_api", "env-3", event, retry_attempt=0))
        await standin.wait_calls("views.publish")
        clock.advance(minutes=5)
        await standin.push(
            envelope("events_api", "env-4", event, retry_attempt=1, retry_reason="timeout")
        )
        later = home_opened_event("U0BOB", "Ev0SOCKET2")
        await standin.push(envelope("events_api", "env-5", later, retry_attempt=0))
        await standin.wait_calls("views.publish", 2)

        stopping.set()
        await asyncio.wait_for(task, STOP_SECONDS)
        assert app.readiness.report() == {"slack": False}

    (opened,) = standin.calls_to("apps.connections.open")
    assert opened.token == APP_TOKEN
    assert ack == {"envelope_id": "env-1"}
    assert quiz.params["response_type"] == "in_channel"
    assert feedback.params["response_type"] == "ephemeral"
    title = feedback.blocks[0]["text"]["text"]
    assert title == "Not quite" or title.startswith("Correct! +")
    assert len(standin.calls_to("views.publish")) == 2


async def test_http_mode_serves_signed_requests_until_stopped(
    standin: SlackStandIn, tmp_path: Path, kb: KnowledgeBase, clock: ManualClock
) -> None:
    port = free_port()
    configured = settings(standin, tmp_path, SLACK_SIGNING_SECRET=SIGNING_SECRET, PORT=str(port))
    stopping = asyncio.Event()
    async with App(configured, clock=clock, kb=kb) as app:
        task = asyncio.create_task(serve(app, stopping))
        await standin.wait_calls("auth.test")
        assert app.readiness.report() == {"slack": True}
        async with aiohttp.ClientSession() as session:
            slack = SlackSender(session, f"http://127.0.0.1:{port}/slack/events")
            status = await slack.command("help", "U0ALICE", "alice", standin.response_url("h"))
            (reply,) = await standin.wait_responses("h")

            stopping.set()
            await asyncio.wait_for(task, STOP_SECONDS)
            with pytest.raises(aiohttp.ClientConnectionError):
                await slack.command("help", "U0ALICE", "alice", standin.response_url("late"))
        assert app.readiness.report() == {"slack": False}

    assert status == 200
    assert reply.params["response_type"] == "ephemeral"
    assert reply.blocks[0]["text"]["text"].startswith("llmbot")


async def test_stopping_during_start_up_returns_promptly(
    tmp_path: Path, kb: KnowledgeBase, clock: ManualClock
) -> None:
    unreachable = f"http://127.0.0.1:{free_port()}/api/"
    configured = Settings.from_env(
        {
            "LLMBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'llmbot.db'}",
            "SLACK_BOT_TOKEN": "xoxb-llmbot-test",
            "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_API_BASE_URL": unreachable,
        }
    )
    stopping = asyncio.Event()
    stopping.set()
    async with App(configured, clock=clock, kb=kb) as app:
        await asyncio.wait_for(serve(app, stopping), STOP_SECONDS)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-x"}, "SLACK_SIGNING_SECRET"),
    ],
)
async def test_missing_settings_are_named(
    env: dict[str, str], message: str, tmp_path: Path, kb: KnowledgeBase
) -> None:
    configured = Settings.from_env(
        {"LLMBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'llmbot.db'}", **env}
    )
    async with App(configured, kb=kb) as app:
        with pytest.raises(ConfigError, match=message):
            await serve(app, asyncio.Event())
