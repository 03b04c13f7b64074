"""A timer for the fan-out suites: time stands still until every task waits on it, then jumps."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

# Enough turns of the event loop for every task woken by the last jump to run until it
# waits again; nothing in these suites waits on I/O, so the count is deterministic.
SETTLE_TURNS = 50


class ManualTimer:
    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        wake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._order), wake))
        await wake

    async def settle(self) -> None:
        for _ in range(SETTLE_TURNS):
            await asyncio.sleep(0)

    async def run(self, work: Coroutine[Any, Any, T], *, limit: float = 3600.0) -> T:
        """Run `work` to the end, jumping to each next deadline whenever all tasks wait."""
        task = asyncio.ensure_future(work)
        while True:
            await self.settle()
            if task.done():
                return task.result()
            while self._sleepers and self._sleepers[0][2].cancelled():
                heapq.heappop(self._sleepers)
            if not self._sleepers:
                task.cancel()
                raise AssertionError("nothing sleeps, yet the work is not done")
            deadline = self._sleepers[0][0]
            if deadline > limit:
                task.cancel()
                raise AssertionError(f"still running at {deadline:g} s")
            self.now = deadline
            while self._sleepers and self._sleepers[0][0] <= deadline:
                _, _, wake = heapq.heappop(self._sleepers)
                if not wake.done():
                    wake.set_result(None)

    def advance(self, seconds: float) -> None:
        """Move time forward by hand, waking every sleeper whose deadline has come (for
        suites whose tasks also wait on real I/O, where `run` cannot tell they are idle)."""
        self.now += seconds
        while self._sleepers and self._sleepers[0][0] <= self.now:
            _, _, wake = heapq.heappop(self._sleepers)
            if not wake.done():
                wake.set_result(None)

    async def asleep_until(self, deadline: float) -> None:
        """Return once some task sleeps until `deadline` (it got that far)."""
        for _ in range(10_000):
            if any(at == deadline and not wake.done() for at, _, wake in self._sleepers):
                return
            await asyncio.sleep(0)
        raise AssertionError(f"nothing sleeps until {deadline:g} s")
