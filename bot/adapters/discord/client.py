"""The discord.py client that carries llmbot: endpoints, intents, commands, persistent buttons."""

from __future__ import annotations

import logging
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket

from bot.adapters.discord.buttons import ActionButton, RelatedMenu
from bot.adapters.discord.render import NO_MENTIONS
from bot.adapters.discord.responder import Responder
from bot.adapters.discord.slash import build_group
from bot.config import DiscordSettings

log = logging.getLogger(__name__)

DEFAULT_GATEWAY = "wss://gateway.discord.gg/"


def configure_endpoints(settings: DiscordSettings) -> None:
    """Point discord.py's REST and gateway at Discord, an API proxy or a stand-in.

    discord.py reads both from class attributes, so they must be set before `start()`.
    """
    discord.http.Route.BASE = settings.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url or DEFAULT_GATEWAY)


def intents() -> discord.Intents:
    """Guilds only: interactions carry everything else, and no privileged intent is needed."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    return chosen


class LlmClient(discord.Client):
    """Holds the responder that buttons and commands hand their interactions to."""

    def __init__(self, responder: Responder, *, sync_guild: int | None = None, **options: Any):
        # llmbot never joins voice; spare operators the warning about missing voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            intents=intents(),
            allowed_mentions=NO_MENTIONS,
            activity=discord.CustomActivity(name="Type /llm help"),
            **options,
        )
        self.responder = responder
        self.sync_guild = sync_guild
        self.tree = app_commands.CommandTree(self)
        self.tree.add_command(build_group())
        self.tree.error(responder.on_tree_error)

    async def setup_hook(self) -> None:
        # Registered before the gateway connects, so a click on any earlier message is handled.
        self.add_dynamic_items(ActionButton, RelatedMenu)
        if self.sync_guild is None:
            return
        guild = discord.Object(self.sync_guild)
        self.tree.copy_global_to(guild=guild)
        try:
            synced = await self.tree.sync(guild=guild)
        except discord.HTTPException as error:
            log.error("could not sync commands to guild %s: %s", self.sync_guild, error)
            return
        log.info("synced %d command(s) to guild %s", len(synced), self.sync_guild)


class ShardedLlmClient(LlmClient, discord.AutoShardedClient):
    """The same bot on the shards this process was given (`DISCORD_SHARD_COUNT` / `_IDS`)."""


def build_client(settings: DiscordSettings, responder: Responder, **options: Any) -> LlmClient:
    """One client per process; `options` go to discord.py (tests lower `guild_ready_timeout`)."""
    if settings.shard_count is None:
        return LlmClient(responder, sync_guild=settings.guild_id, **options)
    return ShardedLlmClient(
        responder,
        sync_guild=settings.guild_id,
        shard_count=settings.shard_count,
        shard_ids=list(settings.shard_ids) or None,
        **options,
    )
