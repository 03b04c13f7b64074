"""One writer task that commits many queued items per transaction."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from storage.protocol import StoreClosed

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

Flush = Callable[[Sequence[T]], Awaitable[Sequence[R]]]


class GroupCommitWriter(Generic[T, R]):
    """Batches concurrent submissions into one flush while each caller awaits its own result.

    A burst of answers (a daily question in a large server) would otherwise pay one
    fsync per answer; here whatever queued up while the previous flush ran goes into
    the next one, so throughput rises with load while latency stays one flush long.
    Submissions go into plain lists swapped whole by the writer (no per-item queue
    operations), since a burst costs every item its share of the event loop.
    """

    def __init__(
        self,
        flush: Flush[T, R],
        *,
        max_batch: int = 512,
        on_batch: Callable[[int], None] | None = None,
    ) -> None:
        self._flush = flush
        self._max_batch = max_batch
        self._on_batch = on_batch
        self._items: list[T] = []
        self._futures: list[asyncio.Future[R]] = []
        self._pending = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="group-commit-writer")

    async def submit(self, item: T) -> R:
        if self._closing or self._task is None:
            raise StoreClosed("the store is not accepting writes")
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._items.append(item)
        self._futures.append(future)
        self._pending.set()
        return await future

    async def close(self) -> None:
        """Refuse new items, flush everything already queued, then stop."""
        if self._task is None or self._closing:
            return
        self._closing = True
        self._pending.set()
        await self._task

    async def _run(self) -> None:
        while True:
            await self._pending.wait()
            self._pending.clear()
            while self._items:
                items, futures = self._items, self._futures
                if len(items) > self._max_batch:
                    self._items = items[self._max_batch :]
                    self._futures = futures[self._max_batch :]
                    items, futures = items[: self._max_batch], futures[: self._max_batch]
                else:
                    self._items, self._futures = [], []
                await self._commit(items, futures)
            if self._closing:
                return

    async def _commit(self, items: list[T], futures: list[asyncio.Future[R]]) -> None:
        if self._on_batch is not None:
            self._on_batch(len(items))
        try:
            results = await self._flush(items)
        except Exception as exc:
            log.exception("group commit of %d items failed", len(items))
            for future in futures:
                if not future.done():
                    future.set_exception(exc)
            return
        for future, result in zip(futures, results, strict=True):
            if not future.done():
                future.set_result(result)
