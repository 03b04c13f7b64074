"""Runs a pass's daily work concurrently: earliest due first, a bounded number at a time.

The platform's limit is enforced by the `Pacer` inside each job; the bound here only
keeps a burst of due work from starting thousands of tasks and database round trips at
once. It must not be what limits throughput: at 100 ms per post and 250 posts/s, 25
posts are in flight, so the default of 64 leaves room. A job that fails is logged and
counted; one that hangs is cut off by its request timeout; neither holds up the others,
because every other slot keeps taking work.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

DEFAULT_CONCURRENCY = 64


@dataclass(frozen=True, slots=True)
class Job:
    """One unit of daily work: `key` names it (one run per key per pass), `due_ms` orders it."""

    due_ms: int
    key: str
    run: Callable[[], Awaitable[object]] = field(compare=False)


@dataclass(frozen=True, slots=True)
class FanOutReport:
    done: int
    failed: int


class FanOut:
    def __init__(
        self,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_failure: Callable[[Job], None] | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("the daily concurrency must be at least 1")
        self.concurrency = concurrency
        self._on_failure = on_failure

    async def run(self, jobs: Iterable[Job]) -> FanOutReport:
        """Run every job once (duplicate keys run once), earliest due first; returns when all
        have finished or failed."""
        unique: dict[str, Job] = {}
        for job in jobs:
            unique.setdefault(job.key, job)
        queue = deque(sorted(unique.values(), key=lambda job: job.due_ms))
        outcomes = [0, 0]
        workers = min(self.concurrency, len(queue))
        await asyncio.gather(*(self._worker(queue, outcomes) for _ in range(workers)))
        return FanOutReport(done=outcomes[0], failed=outcomes[1])

    async def _worker(self, queue: deque[Job], outcomes: list[int]) -> None:
        while queue:
            job = queue.popleft()
            try:
                await job.run()
            except Exception:
                log.exception("daily work %s failed", job.key)
                outcomes[1] += 1
                if self._on_failure is not None:
                    self._on_failure(job)
            else:
                outcomes[0] += 1
