"""`llmbot run discord`: runs the client in the shared event loop until asked to stop."""

from __future__ import annotations

import asyncio
import logging

import discord

from bot.adapters.discord.client import LlmClient, build_client, configure_endpoints
from bot.adapters.discord.poster import PLATFORM, DiscordPoster
from bot.adapters.discord.responder import Responder
from bot.app import App
from bot.config import ConfigError, Secret

log = logging.getLogger(__name__)

# Part of the 10 s shutdown budget: answers in flight get this long to finish.
DRAIN_SECONDS = 5.0


async def serve(app: App, stopping: asyncio.Event) -> None:
    settings = app.settings.discord
    if not settings.token:
        raise ConfigError("DISCORD_TOKEN is not set")
    configure_endpoints(settings)
    client = build_client(settings, Responder(app.engine))
    app.readiness.register(PLATFORM, lambda: client.is_ready() and not client.is_closed())
    await run_client(client, settings.token, stopping)


async def run_client(client: LlmClient, token: Secret, stopping: asyncio.Event) -> None:
    """Run until `stopping` is set (or the client fails), then drain and close.

    Once the gateway session is ready, the engine may post daily questions through
    this client; that stops before the client closes.
    """
    _keep_library_debug_quiet()
    posters = client.responder.engine.posters
    async with client:
        running = asyncio.create_task(client.start(token.reveal()), name="discord-client")
        waiting = asyncio.create_task(stopping.wait(), name="discord-stop")
        offering = asyncio.create_task(_offer_posts(client), name="discord-poster")
        try:
            await asyncio.wait({running, waiting}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiting.cancel()
            offering.cancel()
            posters.unregister(PLATFORM)
            if not running.done():
                log.info("discord: stopping")
                await client.responder.close(DRAIN_SECONDS)
                await client.close()
        try:
            await running
        except discord.LoginFailure:
            raise ConfigError("DISCORD_TOKEN was rejected by Discord") from None
    if not stopping.is_set():
        raise RuntimeError("the Discord client stopped without being asked to")


async def _offer_posts(client: LlmClient) -> None:
    await client.wait_until_ready()
    client.responder.engine.posters.register(PLATFORM, DiscordPoster(client))


def _keep_library_debug_quiet() -> None:
    """discord.py's DEBUG lines carry raw payloads and interaction tokens; keep them out."""
    root = logging.getLogger().getEffectiveLevel()
    logging.getLogger("discord").setLevel(max(logging.INFO, root))
