"""Runs llmbot's Discord client against the stand-in the way `serve` does, and stops it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

import discord
from discord.gateway import DiscordWebSocket

from bot.adapters.discord.client import LlmClient, build_client, configure_endpoints
from bot.adapters.discord.responder import DEFER_AFTER, Responder
from bot.adapters.discord.service import run_client
from bot.config import Settings
from bot.engine import Engine
from tests.discord_standin.server import DiscordStandIn


def settings_for(standin: DiscordStandIn, **env: str) -> Settings:
    return Settings.from_env(
        {
            "DISCORD_TOKEN": standin.world.token,
            "DISCORD_API_BASE": standin.api_base,
            "DISCORD_GATEWAY_URL": standin.gateway_url,
            "DISCORD_GUILD_ID": str(standin.world.guild_id),
            **env,
        }
    )


@contextmanager
def restored_endpoints() -> Iterator[None]:
    """discord.py keeps its endpoints in class attributes; put them back after a test."""
    base, gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    try:
        yield
    finally:
        discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


@dataclass
class RunningBot:
    client: LlmClient
    task: asyncio.Task[None]
    stopping: asyncio.Event

    async def stop(self) -> None:
        self.stopping.set()
        await asyncio.wait_for(asyncio.shield(self.task), 10)


@asynccontextmanager
async def running_bot(
    standin: DiscordStandIn,
    engine: Engine,
    *,
    defer_after: float = DEFER_AFTER,
    **env: str,
) -> AsyncIterator[RunningBot]:
    """A started bot whose gateway session got READY and GUILD_CREATE; stopped on exit."""
    settings = settings_for(standin, **env).discord
    assert settings.token is not None
    configure_endpoints(settings)
    client = build_client(
        settings, Responder(engine, defer_after=defer_after), guild_ready_timeout=0.05
    )
    stopping = asyncio.Event()
    task = asyncio.create_task(run_client(client, settings.token, stopping))
    before = len(standin.identifies)
    connected = asyncio.ensure_future(
        standin.wait_for(lambda: any(s.number > before for s in standin.sessions))
    )
    await asyncio.wait({task, connected}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        connected.cancel()
        task.result()
        raise AssertionError("the bot stopped before connecting")
    await connected
    bot = RunningBot(client, task, stopping)
    try:
        yield bot
    finally:
        if not task.done():
            await bot.stop()
