"""The composition root: builds the knowledge base, store and engine from settings."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from datetime import timedelta
from types import TracebackType
from typing import TYPE_CHECKING

from bot.config import ConfigError, Settings
from bot.engine.ask.ports import AskLimits
from bot.engine.clock import Clock
from bot.engine.engine import Engine
from bot.engine.fanout import Pacer, default_budgets
from bot.knowledge import KnowledgeBase
from bot.knowledge.cache import load_cached
from bot.llm import model_from_settings
from bot.ops import Readiness
from storage import Store, open_store

if TYPE_CHECKING:
    from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 10


def ops_metrics(settings: Settings) -> Metrics | None:
    """Prometheus metrics when an ops port will serve them; prometheus_client loads only then."""
    if settings.ops_port is None:
        return None
    try:
        from bot.ops.metrics import Metrics
    except ModuleNotFoundError as exc:
        raise ConfigError(
            'LLMBOT_OPS_PORT needs the ops extra: pip install "llmbot[ops]"'
        ) from exc
    return Metrics()


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
        # First, so a model URL without the llm extra stops llmbot before anything opens.
        self.model = model_from_settings(settings.llm)
        index = None
        if kb is None:
            loaded = load_cached(settings.content_path)
            kb, index = loaded.kb, loaded.index
        self.kb = kb
        self.readiness = Readiness()
        self.metrics = ops_metrics(settings)
        self.store: Store = open_store(
            settings.database_url,
            on_batch=self.metrics.batch_committed if self.metrics else None,
        )
        pacing = settings.daily_pacing
        self.engine = Engine(
            self.kb,
            self.store,
            clock=clock,
            seed=settings.seed,
            observer=self.metrics,
            daily_grace=timedelta(minutes=settings.daily_grace_minutes),
            index=index,
            pacer=Pacer(
                default_budgets(pacing.discord_per_s, pacing.slack_workspace_per_s),
                timeout_s=pacing.post_timeout_s,
            ),
            daily_concurrency=pacing.concurrency,
            model=self.model,
            ask_limits=AskLimits(
                rate_count=settings.llm.rate.count,
                rate_window=timedelta(seconds=settings.llm.rate.window_s),
                daily_tokens=settings.llm.daily_tokens,
            ),
        )

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
        if self.model is not None:
            await self.model.close()


def settle_heap() -> None:
    """Set what the bot built at start (the knowledge base, its search index, the engine's
    parts) aside from the garbage collector.

    Those objects live as long as the process, yet every full collection walked all of
    them: during a burst of answers each one paused the event loop for 20 to 100 ms
    (`benchmarks/open_loop.py`). Collected once and frozen, a full collection walks only
    what was made since.
    """
    gc.collect()
    gc.freeze()


def stop_event_on_signals() -> asyncio.Event:
    """An event set by SIGTERM or SIGINT, so entry points stop taking work and drain."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    return stopping
