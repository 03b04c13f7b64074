"""The composition root: builds the knowledge base, store and engine from settings."""

from __future__ import annotations

import asyncio
import logging
import signal
from types import TracebackType

from bot.config import Settings
from bot.engine.clock import Clock
from bot.engine.engine import Engine
from bot.knowledge import KnowledgeBase, load_knowledge
from storage import Store, open_store

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 10


class App:
    """Owns the store's lifetime: `async with App(settings) as app:` then use `app.engine`."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        kb: KnowledgeBase | None = None,
    ) -> None:
        self.settings = settings
        self.kb = kb or load_knowledge(settings.content_path)
        self.store: Store = open_store(settings.database_url)
        self.engine = Engine(self.kb, self.store, clock=clock, seed=settings.seed)

    async def __aenter__(self) -> App:
        await self.store.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        await self.store.close()


def stop_event_on_signals() -> asyncio.Event:
    """An event set by SIGTERM or SIGINT, so entry points stop taking work and drain."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    return stopping
