"""Posts the engine's daily questions, reveals and recaps to Slack channels on its own."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.blocks import SlackMessage, render
from bot.adapters.slack.delivery import ImageRejected
from bot.adapters.slack.files import FigureHost
from bot.engine import ChannelUnavailable, PostTarget, Reply
from bot.engine.fanout import RateLimited

# Slack errors that will not go away by trying again, and what an admin should do about them.
LASTING = {
    "channel_not_found": (
        "Slack can't find this channel for llmbot: it was deleted, or it is private and "
        "llmbot is not in it. Invite llmbot with `/invite @llmbot`."
    ),
    "not_in_channel": "llmbot is not a member of this channel. Invite it with `/invite @llmbot`.",
    "is_archived": (
        "this channel is archived. Unarchive it, or set up the daily question elsewhere."
    ),
    "account_inactive": (
        "llmbot's Slack token belongs to a deactivated app or user. Reinstall the app."
    ),
    "token_revoked": "llmbot's Slack token was revoked. Reinstall the app to the workspace.",
    "restricted_action": "this workspace does not let llmbot post in this channel.",
}
MEMBERSHIP_NEEDED = LASTING["not_in_channel"]
ARCHIVED = LASTING["is_archived"]
DIRECT = "daily questions are posted in channels, not in direct messages. Choose a channel."


class OtherWorkspace(Exception):
    """A post for a workspace this bot token does not serve (several workspaces, one
    database): not a lasting failure of that channel, so it must not pause it."""


def lasting_reason(error: SlackApiError) -> str | None:
    """The admin-facing sentence for a lasting Slack error, None for one worth retrying."""
    code = error.response.get("error")
    if code == "missing_scope":
        needed = error.response.get("needed")
        scope = f"the `{needed}` permission" if needed else "a permission it needs"
        return (
            f"llmbot's Slack app lacks {scope}. Update the app from "
            "deploy/slack-app-manifest.yaml and reinstall it."
        )
    return LASTING.get(code) if isinstance(code, str) else None


def still_limited(error: SlackApiError) -> RateLimited | None:
    """A 429 that outlasted slack_sdk's own retries, as the engine's `RateLimited`: the
    pacer then holds the workspace's daily requests for `Retry-After` and sends again."""
    if error.response.status_code != 429:
        return None
    try:
        retry_after = float(error.response.headers.get("Retry-After", 1))
    except (TypeError, ValueError):
        retry_after = 1.0
    return RateLimited(retry_after)


class SlackPoster:
    """The engine's channel poster for Slack: messages with `chat.postMessage` (the `ts` is the
    reference), buttons removed with `chat.update`, streak warnings with `chat.postEphemeral`.

    A weekly recap carries a chart, uploaded through the same `FigureHost` as replies' pictures;
    when the upload fails or Slack refuses the image, the recap goes out as text alone (its
    fields carry the same numbers). Names are plain text (`mentions.plain_name`, escaped again
    by the renderer), so nobody is notified.
    """

    def __init__(self, client: AsyncWebClient, team_id: str, figures: FigureHost) -> None:
        self.client = client
        self.team_id = team_id
        self.figures = figures

    def _serves(self, target: PostTarget) -> None:
        if target.workspace != self.team_id:
            raise OtherWorkspace(
                f"workspace {target.workspace} is served by another llmbot process "
                f"(this one signed in to {self.team_id})"
            )

    async def post(self, target: PostTarget, reply: Reply) -> str:
        self._serves(target)
        source = None
        if reply.image is not None:
            source = await self.figures.source(target.workspace, reply.image)
        message = render(reply, source)
        try:
            return await self._post_message(target, message)
        except ImageRejected as rejected:
            self.figures.reject(target.workspace, str(rejected))
            return await self._post_message(target, message.without_image())

    async def _post_message(self, target: PostTarget, message: SlackMessage) -> str:
        try:
            response = await self.client.chat_postMessage(
                channel=target.channel,
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
                unfurl_media=False,
                link_names=False,
            )
        except SlackApiError as error:
            limited = still_limited(error)
            if limited is not None:
                raise limited from None
            if error.response.get("error") == "invalid_blocks" and message.has_image:
                raise ImageRejected(str(error.response.get("errors") or "invalid_blocks")) from None
            reason = lasting_reason(error)
            if reason is None:
                raise
            raise ChannelUnavailable(reason) from None
        return str(response["ts"])

    async def check(self, target: PostTarget) -> None:
        """`conversations.info`: the channel must exist, be open, and have llmbot in it."""
        self._serves(target)
        if target.channel.startswith("D"):
            raise ChannelUnavailable(DIRECT)
        try:
            response = await self.client.conversations_info(channel=target.channel)
        except SlackApiError as error:
            reason = lasting_reason(error)
            if reason is None:
                raise
            raise ChannelUnavailable(reason) from None
        channel: dict[str, Any] = response.get("channel") or {}
        if channel.get("is_archived"):
            raise ChannelUnavailable(ARCHIVED)
        if not channel.get("is_member"):
            raise ChannelUnavailable(MEMBERSHIP_NEEDED)

    async def edit(self, target: PostTarget, message_ref: str, reply: Reply) -> None:
        self._serves(target)
        message = render(reply)
        try:
            await self.client.chat_update(
                channel=target.channel,
                ts=message_ref,
                text=message.text,
                blocks=message.blocks,
                link_names=False,
            )
        except SlackApiError as error:
            raise still_limited(error) or error from None

    async def notify(self, target: PostTarget, user_id: str, reply: Reply) -> None:
        self._serves(target)
        message = render(reply)
        try:
            await self.client.chat_postEphemeral(
                channel=target.channel, user=user_id, text=message.text, blocks=message.blocks
            )
        except SlackApiError as error:
            raise still_limited(error) or error from None
