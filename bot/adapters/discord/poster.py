"""The engine's channel poster on Discord: daily questions, reveals, recaps and streak DMs.

Posts go through REST with the channel id alone, so any process can post to any
guild whatever shards it runs; the gateway cache is only used to check permissions.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import discord

from bot.adapters.discord.render import render
from bot.engine import ChannelUnavailable, PostTarget, Reply, Visibility

log = logging.getLogger(__name__)

PLATFORM = "discord"

# Discord's JSON error codes that last until someone changes the server; anything else
# (rate limits, outages) is passed on so the engine retries the post.
MISSING_ACCESS = 50001
MISSING_PERMISSIONS = 50013
UNKNOWN_CHANNEL = 10003
UNKNOWN_GUILD = 10004
LASTING = {
    MISSING_ACCESS: (
        "llmbot lost access to this channel (Discord: Missing Access). Invite it back to the "
        "server, or give its role View Channel and Send Messages in the channel."
    ),
    MISSING_PERMISSIONS: (
        "llmbot lacks a permission in this channel (Discord: Missing Permissions). Give its "
        "role View Channel, Send Messages and Embed Links there."
    ),
    UNKNOWN_CHANNEL: "the channel was deleted (Discord: Unknown Channel).",
    UNKNOWN_GUILD: "llmbot is no longer in this server (Discord: Unknown Guild). Invite it back.",
}
# What a daily post needs: see the channel, write in it, and show the question as an embed.
NEEDED = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
}
# Server channels that take messages (forums and categories take none themselves).
POSTABLE = (discord.TextChannel, discord.VoiceChannel, discord.StageChannel, discord.Thread)
NEEDED_IN_THREADS = {
    "view_channel": "View Channel",
    "send_messages_in_threads": "Send Messages in Threads",
    "embed_links": "Embed Links",
}


@contextmanager
def lasting_errors() -> Iterator[None]:
    """Turn Discord's lasting refusals into `ChannelUnavailable`; let the rest through."""
    try:
        yield
    except discord.HTTPException as error:
        reason = LASTING.get(error.code)
        if reason is None:
            raise
        raise ChannelUnavailable(reason) from error


class DiscordPoster:
    """Implements `ChannelPoster`, `MessageEditor` and `PrivateNotifier` for one client."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def post(self, target: PostTarget, reply: Reply) -> str:
        reply = replace(reply, visibility=Visibility.PUBLIC)
        if reply.image is not None:
            try:
                return await self._send(target, reply)
            except ChannelUnavailable as error:
                cause = error.__cause__
                if not isinstance(cause, discord.HTTPException):
                    raise
                if cause.code != MISSING_PERMISSIONS:
                    raise
                # Most likely Attach Files is denied here: the text carries the same facts,
                # and a picture must not pause the channel's daily questions.
                log.warning("Discord refused the picture in %s (Missing Permissions); "
                            "posting without it", target)
                reply = replace(reply, image=None)
        return await self._send(target, reply)

    async def _send(self, target: PostTarget, reply: Reply) -> str:
        with lasting_errors():
            sent = await self._channel(target).send(**render(reply).to_post())
        return str(sent.id)

    async def check(self, target: PostTarget) -> None:
        channel = self.client.get_channel(int(target.channel))
        if channel is None:
            with lasting_errors():
                channel = await self.client.fetch_channel(int(target.channel))
        if not isinstance(channel, POSTABLE):
            raise ChannelUnavailable("daily questions need a text channel of a server.")
        me = channel.guild.me
        if me is None:
            # A guild held by another process's shard: the fetch proved the channel is
            # visible, and the first post reports anything else.
            return
        needed = NEEDED_IN_THREADS if isinstance(channel, discord.Thread) else NEEDED
        granted = channel.permissions_for(me)
        missing = [label for name, label in needed.items() if not getattr(granted, name)]
        if missing:
            raise ChannelUnavailable(
                f"llmbot lacks {', '.join(missing)} in this channel. Give its role "
                "these permissions there."
            )

    async def edit(self, target: PostTarget, message_ref: str, reply: Reply) -> None:
        message = render(replace(reply, visibility=Visibility.PUBLIC))
        await self._channel(target).get_partial_message(int(message_ref)).edit(**message.to_edit())

    async def notify(self, target: PostTarget, user_id: str, reply: Reply) -> None:
        """A direct message: Discord has no ephemeral message outside an interaction."""
        where = self._where(target)
        if where:
            footer = f"{reply.footer} · {where}" if reply.footer else where
            reply = replace(reply, footer=footer)
        dm = await self.client.create_dm(discord.Object(int(user_id)))
        await dm.send(**render(replace(reply, visibility=Visibility.PUBLIC)).to_post())
        log.info("sent a private notice about %s", target)

    def _channel(self, target: PostTarget) -> discord.PartialMessageable:
        guild = int(target.workspace) if target.workspace.isdigit() else None
        return self.client.get_partial_messageable(int(target.channel), guild_id=guild)

    def _where(self, target: PostTarget) -> str:
        """`#channel · server` when this process knows them, so a DM says where it is from."""
        channel = self.client.get_channel(int(target.channel))
        if not isinstance(channel, discord.abc.GuildChannel | discord.Thread):
            return ""
        return f"#{channel.name} · {channel.guild.name}"
