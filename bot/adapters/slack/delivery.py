"""Sends a rendered reply: through `response_url` when Slack gave one, else the Web API."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters.slack.blocks import SlackMessage, render
from bot.adapters.slack.files import FigureHost
from bot.engine import Reply
from bot.engine.reply import Attachment, ReplyKind, Visibility

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a reply goes. `channel` is the member's own id for the app's direct messages."""

    workspace: str
    channel: str
    user: str
    response_url: str | None = None

    @property
    def direct(self) -> bool:
        return self.channel == self.user or self.channel.startswith("D")


class ImageRejected(Exception):
    """Slack refused the message because of its image block."""


class Delivery:
    """`response_url` first: it needs no channel membership and has no Web API rate limit."""

    def __init__(
        self,
        client: AsyncWebClient,
        figures: FigureHost,
        session: aiohttp.ClientSession,
        retry_handlers: list[AsyncRetryHandler],
    ) -> None:
        self.client = client
        self.figures = figures
        self.session = session
        self.retry_handlers = retry_handlers

    async def send(self, reply: Reply, to: Destination) -> None:
        source = None
        if reply.image is not None:
            source = await self.figures.source(to.workspace, reply.image)
        message = render(reply, source)
        try:
            await self._post(message, reply.private, to)
        except ImageRejected as rejected:
            self.figures.reject(to.workspace, str(rejected))
            await self._post(message.without_image(), reply.private, to)
        if reply.attachment is not None:
            await self._send_file(reply.attachment, to)

    async def _send_file(self, attachment: Attachment, to: Destination) -> None:
        """A file goes to the member's direct messages with the app: an ephemeral message
        cannot carry one, and a DM keeps the report out of the channel."""
        try:
            opened = await self.client.conversations_open(users=to.user)
            channel = str((opened.get("channel") or {}).get("id") or "")
            await self.client.files_upload_v2(
                channel=channel,
                filename=attachment.filename,
                title=attachment.filename,
                content=attachment.content,
                initial_comment=attachment.note or None,
            )
        except (SlackApiError, aiohttp.ClientError, TimeoutError, KeyError) as error:
            log.warning("could not send %s by direct message: %s", attachment.filename, error)
            note = Reply(
                kind=ReplyKind.REFUSED,
                title="The file could not be sent",
                body=(
                    "Slack refused the upload. If llmbot was installed before reports existed,"
                    " reinstall the app (it needs the `im:write` and `files:write` scopes), or"
                    " ask an operator to run `llmbot report`."
                ),
                visibility=Visibility.PRIVATE,
            )
            await self._post(render(note, None), True, to)

    async def _post(self, message: SlackMessage, private: bool, to: Destination) -> None:
        if to.response_url and await self._respond(message, private, to.response_url):
            return
        await self._call_api(message, private, to)

    async def _respond(self, message: SlackMessage, private: bool, url: str) -> bool:
        payload: dict[str, Any] = {
            "response_type": "ephemeral" if private else "in_channel",
            "replace_original": False,
            "text": message.text,
            "blocks": message.blocks,
        }
        webhook = AsyncWebhookClient(
            url, session=self.session, retry_handlers=list(self.retry_handlers)
        )
        try:
            response = await webhook.send_dict(payload)
        except (aiohttp.ClientError, TimeoutError) as error:
            log.info("response_url unreachable (%s); posting through the Web API", error)
            return False
        if response.status_code == 200:
            return True
        if "invalid_blocks" in (response.body or "") and message.has_image:
            raise ImageRejected(response.body)
        # Expired (30 min) or used up (5 uses): the Web API still reaches the member.
        log.info(
            "response_url refused (%s %s); posting through the Web API",
            response.status_code,
            (response.body or "")[:80],
        )
        return False

    async def _call_api(self, message: SlackMessage, private: bool, to: Destination) -> None:
        try:
            if private and not to.direct:
                await self.client.chat_postEphemeral(
                    channel=to.channel, user=to.user, text=message.text, blocks=message.blocks
                )
            else:
                await self.client.chat_postMessage(
                    channel=to.channel,
                    text=message.text,
                    blocks=message.blocks,
                    unfurl_links=False,
                    unfurl_media=False,
                )
        except SlackApiError as error:
            if error.response.get("error") == "invalid_blocks" and message.has_image:
                raise ImageRejected(str(error.response.get("errors") or "invalid_blocks")) from None
            raise
