"""Concurrent callers asking for the same thing share one read of the store."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SingleFlight(Generic[K, V]):
    """When a daily question lands, thousands of clicks arrive within a second; each cache
    in front of the store would otherwise miss for all of them at once and queue
    thousands of identical reads behind the database thread."""

    def __init__(self) -> None:
        self._pending: dict[K, asyncio.Future[V]] = {}

    async def run(self, key: K, read: Callable[[], Awaitable[V]]) -> V:
        pending = self._pending.get(key)
        if pending is None:
            pending = asyncio.ensure_future(read())
            self._pending[key] = pending
            pending.add_done_callback(lambda _: self._pending.pop(key, None))
        # Shielded: one caller giving up must not cancel the read the others wait for.
        return await asyncio.shield(pending)
