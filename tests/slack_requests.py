"""The requests Slack sends to the bot in HTTP mode: signed slash commands, clicks and events."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlencode

import aiohttp

from tests.slack_standin import BOT_USER, TEAM

SIGNING_SECRET = "llmbot-test-signing-secret"
CHANNEL = "C0GENERAL"


def signature_headers(
    body: str, timestamp: int | None = None, secret: str = SIGNING_SECRET
) -> dict[str, str]:
    """The headers Slack adds: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    stamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    return {
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": f"v0={digest.hexdigest()}",
    }


def command_form(
    text: str, user: str, user_name: str, response_url: str, channel: str = CHANNEL
) -> dict[str, str]:
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "team_domain": "llmbot-test",
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": user_name,
        "command": "/llm",
        "text": text,
        "api_app_id": "A0LLM",
        "response_url": response_url,
        "trigger_id": f"trigger-{user}",
    }


def button_payload(
    action_id: str,
    user: str,
    user_name: str,
    response_url: str | None,
    channel: str | None = CHANNEL,
    selected: str | None = None,
) -> dict[str, Any]:
    """A `block_actions` payload for a button, or for a menu when `selected` is given."""
    action: dict[str, Any] = {"action_id": action_id, "block_id": "b1", "action_ts": "1.2"}
    if selected is None:
        action.update(type="button", value=action_id, text={"type": "plain_text", "text": "x"})
    else:
        action.update(type="static_select", selected_option={"value": selected})
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "llmbot-test"},
        "user": {"id": user, "username": user_name, "name": user_name, "team_id": TEAM},
        "api_app_id": "A0LLM",
        "token": "legacy-verification-token",
        "trigger_id": f"trigger-{user}",
        "actions": [action],
    }
    if channel is not None:
        payload["channel"] = {"id": channel, "name": "general"}
        payload["container"] = {"type": "message", "message_ts": "1.1", "channel_id": channel}
    else:
        payload["container"] = {"type": "view", "view_id": "V0HOME"}
    if response_url is not None:
        payload["response_url"] = response_url
    return payload


def view_submission(
    view: dict[str, Any], user: str, user_name: str, values: dict[str, Any]
) -> dict[str, Any]:
    """A `view_submission` of a modal the bot opened, with the member's input."""
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "llmbot-test"},
        "user": {"id": user, "username": user_name, "name": user_name, "team_id": TEAM},
        "api_app_id": "A0LLM",
        "token": "legacy-verification-token",
        "trigger_id": f"trigger-{user}",
        "view": {**view, "team_id": TEAM, "state": {"values": values}},
    }


def home_opened_event(user: str, event_id: str, tab: str = "home") -> dict[str, Any]:
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "api_app_id": "A0LLM",
        "event": {
            "type": "app_home_opened",
            "user": user,
            "channel": "D0HOME",
            "tab": tab,
            "event_ts": "1700000000.000100",
        },
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1700000000,
        "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
    }


class SlackSender:
    """Plays Slack's side of HTTP mode: signed requests to the bot's Request URL."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session = session
        self.url = url

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        signed: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        sent = {"Content-Type": content_type, **(signed or signature_headers(body))}
        sent.update(headers or {})
        async with self.session.post(self.url, data=body.encode(), headers=sent) as response:
            return response.status, await response.text()

    async def command(self, text: str, user: str, user_name: str, response_url: str) -> int:
        body = urlencode(command_form(text, user, user_name, response_url))
        status, _ = await self.post(body, "application/x-www-form-urlencoded")
        return status

    async def interaction(self, payload: dict[str, Any]) -> int:
        body = urlencode({"payload": json.dumps(payload)})
        status, _ = await self.post(body, "application/x-www-form-urlencoded")
        return status

    async def event(self, envelope: dict[str, Any], retry: int | None = None) -> int:
        headers = (
            {}
            if retry is None
            else {
                "X-Slack-Retry-Num": str(retry),
                "X-Slack-Retry-Reason": "http_timeout",
            }
        )
        status, _ = await self.post(json.dumps(envelope), "application/json", headers=headers)
        return status
