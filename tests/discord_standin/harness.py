"""Runs llmbot's Discord client against the stand-in the way `serve` does, and stops it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

import discord
from discord.gateway import DiscordWebSocket

from bot.adapters.discord.client import LlmClient, build_client, configure_endpoints
from bot.adapters.discord.responder import DEFER_AFTER, Responder
from bot.adapters.discord.service import run_client
from bot.config import Settings
from bot.engine import Engine, actions
from tests.discord_standin.records import Sent
from tests.discord_standin.server import WAIT_SECONDS, DiscordStandIn


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
    now: Callable[[], float] = time.monotonic,
    **env: str,
) -> AsyncIterator[RunningBot]:
    """A started bot whose gateway session got READY and GUILD_CREATE, and that the engine
    can post through; stopped on exit."""
    settings = settings_for(standin, **env).discord
    assert settings.token is not None
    configure_endpoints(settings)
    client = build_client(
        settings, Responder(engine, defer_after=defer_after, now=now), guild_ready_timeout=0.05
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
    await _posting_enabled(engine)
    bot = RunningBot(client, task, stopping)
    try:
        yield bot
    finally:
        if not task.done():
            await bot.stop()


async def _posting_enabled(engine: Engine) -> None:
    """Until the client, once ready, registered its poster with the engine (as `serve` does)."""
    changed = asyncio.Event()
    engine.posters.on_change(changed.set)
    async with asyncio.timeout(WAIT_SECONDS):
        while engine.posters.get("discord") is None:
            await changed.wait()
            changed.clear()


def workspace_key(standin: DiscordStandIn) -> str:
    """The engine's key for the stand-in's guild."""
    return f"discord:{standin.world.guild_id}"


async def right_and_wrong(standin: DiscordStandIn, engine: Engine, quiz: Sent) -> tuple[str, str]:
    """The custom ids of the right answer and of one wrong answer on a quiz message."""
    ids = [c["custom_id"] for c in quiz.components]
    decoded = [actions.decode(i) for i in ids]
    assert all(isinstance(a, actions.AnswerAction) for a in decoded)
    quiz_id = decoded[0].quiz_id  # type: ignore[union-attr]
    record = await engine.store.get_quiz(workspace_key(standin), quiz_id)
    assert record is not None
    right = record.choice_order.index(engine.kb.questions[record.question_id].answer_index)
    return ids[right], ids[(right + 1) % len(ids)]
