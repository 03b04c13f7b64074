"""Bolt listeners: `/llm`, button and menu clicks, and `app_home_opened`, each acked first."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.response import BoltResponse

from bot.adapters.slack.delivery import Delivery, Destination
from bot.adapters.slack.home import HomeTab
from bot.adapters.slack.inflight import Inflight
from bot.adapters.slack.mrkdwn import unescape
from bot.adapters.slack.people import People
from bot.adapters.slack.redelivery import RecentIds
from bot.adapters.typed_text import plain_text
from bot.engine import Actor, Engine, Reply, ReplyKind, Visibility
from bot.engine.actions import is_ours
from bot.engine.payloads import AnswerFeedback, AnswerRecorded
from bot.engine.practice.payloads import PracticeFeedback

log = logging.getLogger(__name__)

COMMAND = "/llm"
OUR_ACTIONS = re.compile(r"^llm:")

APOLOGY = Reply(
    kind=ReplyKind.ERROR,
    title="Sorry",
    body="Something went wrong on my side. Please try again in a moment.",
    visibility=Visibility.PRIVATE,
)


def action_value(action: dict[str, Any]) -> str | None:
    """A button carries its engine action id in `action_id`; a menu in the chosen option."""
    if action.get("type") == "static_select":
        value = (action.get("selected_option") or {}).get("value")
    else:
        value = action.get("action_id")
    return value if isinstance(value, str) and is_ours(value) else None


class SlackHandlers:
    """Translates Slack payloads into engine calls and engine replies into deliveries."""

    def __init__(
        self,
        *,
        engine: Engine,
        people: People,
        delivery: Delivery,
        home: HomeTab,
        inflight: Inflight,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        self.engine = engine
        self.people = people
        self.delivery = delivery
        self.home = home
        self.inflight = inflight
        self.on_error = on_error
        self.seen = RecentIds()

    def register(self, bolt: AsyncApp) -> None:
        bolt.middleware(self.drop_redelivered)
        bolt.command(COMMAND)(self.on_command)
        bolt.action(OUR_ACTIONS)(self.on_action)
        bolt.event("app_home_opened")(self.on_home_opened)

    async def drop_redelivered(
        self, body: dict[str, Any], resp: BoltResponse, next_: Callable[[], Awaitable[None]]
    ) -> BoltResponse:
        """Events API retries and Socket Mode re-deliveries reuse the event id: answer 200, skip."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if isinstance(event_id, str) and not self.seen.first_time(event_id):
            log.info("ignoring re-delivered event %s", event_id)
            return BoltResponse(status=200, body="")
        await next_()
        return resp

    async def on_command(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        async with self.inflight.track():
            await ack()
            to = Destination(
                workspace=command["team_id"],
                channel=command["channel_id"],
                user=command["user_id"],
                response_url=command.get("response_url"),
            )
            await self._safely(self._command(command, to), to)

    async def _command(self, command: dict[str, Any], to: Destination) -> None:
        actor = await self.people.actor(to.workspace, to.channel, to.user, command.get("user_name"))
        text = plain_text(unescape(command.get("text") or ""))
        reply = await self.engine.handle_text(actor, f"{COMMAND} {text}")
        await self._deliver(actor, reply, to)

    async def on_action(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        async with self.inflight.track():
            await ack()
            action_id = action_value(action)
            if action_id is None:
                return
            user = body["user"]
            channel = (body.get("channel") or {}).get("id") or user["id"]
            to = Destination(
                workspace=(body.get("team") or {}).get("id") or user.get("team_id", ""),
                channel=channel,
                user=user["id"],
                response_url=body.get("response_url"),
            )
            name = user.get("name") or user.get("username")
            await self._safely(self._press(action_id, name, to), to)

    async def _press(self, action_id: str, name: str | None, to: Destination) -> None:
        actor = await self.people.actor(to.workspace, to.channel, to.user, name)
        reply = await self.engine.press(actor, action_id)
        await self._deliver(actor, reply, to)

    async def on_home_opened(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("tab") != "home":
            return
        async with self.inflight.track():
            user = event["user"]
            try:
                actor = await self.people.actor(body.get("team_id") or "", user, user)
                await self.home.opened(actor)
            except Exception:
                log.exception("could not publish the App Home tab")
                if self.on_error is not None:
                    self.on_error("slack")

    async def _deliver(self, actor: Actor, reply: Reply, to: Destination) -> None:
        await self.delivery.send(reply, to)
        # After an answer the member's App Home numbers (or their open daily question) changed.
        if isinstance(reply.payload, AnswerFeedback | AnswerRecorded | PracticeFeedback):
            await self.home.answered(actor)

    async def _safely(self, work: Awaitable[None], to: Destination) -> None:
        """The adapter's one error boundary: a logged traceback and a short apology."""
        try:
            await work
        except Exception:
            log.exception("Slack request failed")
            if self.on_error is not None:
                self.on_error("slack")
            try:
                await self.delivery.send(APOLOGY, to)
            except Exception as error:
                log.warning("could not send the apology either: %s", type(error).__name__)
