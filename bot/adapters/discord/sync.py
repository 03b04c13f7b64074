"""`llmbot discord sync` and `llmbot discord invite-url`: deliberate one-off operations.

Commands are synced on purpose, never on connect: Discord limits command creates per
day, and a deployment syncs to one guild or globally, not both (both list `/llm` twice).
"""

from __future__ import annotations

import base64
import binascii

import discord
from discord import app_commands

from bot.adapters.discord.client import configure_endpoints
from bot.adapters.discord.slash import build_group
from bot.config import ConfigError, DiscordSettings

AUTHORIZE_URL = "https://discord.com/oauth2/authorize"
SCOPES = "bot+applications.commands"
# The least the bot needs to post its answers, embeds and diagrams in a channel.
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
)


def application_id(settings: DiscordSettings) -> int:
    """`DISCORD_APPLICATION_ID`, else the bot user id encoded in the token's first segment
    (the same number as the application's for every bot created since 2018)."""
    if settings.application_id is not None:
        return settings.application_id
    if not settings.token:
        raise ConfigError("set DISCORD_APPLICATION_ID or DISCORD_TOKEN")
    first = settings.token.reveal().split(".", 1)[0]
    try:
        decoded = base64.b64decode(first + "=" * (-len(first) % 4), altchars=b"-_").decode()
    except (binascii.Error, UnicodeDecodeError):
        decoded = ""
    if not decoded.isdigit():
        raise ConfigError("DISCORD_TOKEN is not a bot token; set DISCORD_APPLICATION_ID")
    return int(decoded)


def invite_url(app_id: int) -> str:
    return f"{AUTHORIZE_URL}?client_id={app_id}&scope={SCOPES}&permissions={PERMISSIONS.value}"


async def sync_commands(
    settings: DiscordSettings, guild_id: int | None, *, clear: bool = False
) -> list[str]:
    """Replace the application's commands in one guild (at once) or globally; return their names.

    With `clear`, remove them instead: the way back from syncing to the wrong place.
    """
    if not settings.token:
        raise ConfigError("DISCORD_TOKEN is not set")
    configure_endpoints(settings)
    client = discord.Client(intents=discord.Intents.none())
    tree = app_commands.CommandTree(client)
    guild = discord.Object(guild_id) if guild_id is not None else None
    if not clear:
        tree.add_command(build_group(), guild=guild)
    async with client:
        try:
            await client.login(settings.token.reveal())
        except discord.LoginFailure:
            raise ConfigError("DISCORD_TOKEN was rejected by Discord") from None
        synced = await tree.sync(guild=guild)
    return [command.name for command in synced]
