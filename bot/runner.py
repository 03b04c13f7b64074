"""Runs one or several chat platforms in one process, one event loop, one engine and store."""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any, cast

from bot.app import App, settle_heap, stop_event_on_signals
from bot.config import ConfigError, Settings
from bot.ops.server import OpsServer

log = logging.getLogger(__name__)

# Each module exposes `async def serve(app: App, stopping: asyncio.Event) -> None`,
# which returns promptly once `stopping` is set. Imported lazily: a Slack-only
# deployment never loads discord.py and vice versa.
SERVICES = {
    "discord": "bot.adapters.discord.service",
    "slack": "bot.adapters.slack.service",
}

Serve = Callable[[App, asyncio.Event], Coroutine[Any, Any, None]]


def configured_platforms(settings: Settings) -> list[str]:
    found = []
    if settings.discord.token:
        found.append("discord")
    if settings.slack.bot_token:
        found.append("slack")
    return found


@asynccontextmanager
async def ops_server(app: App) -> AsyncIterator[OpsServer | None]:
    """Serve the ops port for the duration of the block when `LLMBOT_OPS_PORT` is set."""
    settings = app.settings
    if settings.ops_port is None or app.metrics is None:
        yield None
        return
    server = OpsServer(
        app.store, app.readiness, app.metrics, host=settings.ops_host, port=settings.ops_port
    )
    await server.start()
    try:
        yield server
    finally:
        await server.close()


async def run_platforms(settings: Settings, platforms: list[str]) -> None:
    if not platforms:
        raise ConfigError("no platform configured: set DISCORD_TOKEN and/or SLACK_BOT_TOKEN")
    services = [cast(Serve, importlib.import_module(SERVICES[name]).serve) for name in platforms]
    stopping = stop_event_on_signals()
    async with App(settings) as app, ops_server(app):
        settle_heap()
        log.info("starting %s", ", ".join(platforms))
        tasks = [asyncio.create_task(serve(app, stopping)) for serve in services]
        # One scheduler per process posts daily questions for every platform whose service
        # registered a poster (`app.engine.posters.register`).
        scheduler = asyncio.create_task(app.engine.scheduler.run(stopping), name="daily")
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()
        finally:
            stopping.set()
            await asyncio.gather(*tasks, scheduler, return_exceptions=True)
        log.info("stopped cleanly")
