"""Monotonic time and sleeping as a dependency, so pacing and timeouts are testable.

The daily schedule reads wall time from `Clock`; pacing needs a clock that never jumps
and a way to wait for it. Production uses the event loop's; tests pass one that jumps
straight to the next deadline, so no test waits for real time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Protocol, TypeVar

T = TypeVar("T")


class Timer(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that only moves forward."""

    async def sleep(self, seconds: float) -> None:
        """Return once `seconds` have passed on `monotonic()`."""


class LoopTimer:
    """The running event loop's clock."""

    def monotonic(self) -> float:
        return asyncio.get_running_loop().time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class TimedOut(TimeoutError):
    """A platform request outlived its timeout; it was cancelled and may or may not have landed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no answer within {seconds:g} s")
        self.seconds = seconds


async def within(timer: Timer, work: Awaitable[T], seconds: float) -> T:
    """`work`'s result, or `TimedOut` once `seconds` have passed on `timer`.

    Racing against the injected timer (rather than `asyncio.timeout`, which reads the
    loop's clock) is what lets a test show a hanging request being given up on.
    """
    task = asyncio.ensure_future(work)
    alarm = asyncio.ensure_future(timer.sleep(seconds))
    try:
        await asyncio.wait({task, alarm}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        task.cancel()
        raise
    finally:
        alarm.cancel()
    if task.done():
        return task.result()
    # Not awaited: a request that ignores cancellation must not hold its caller too.
    task.cancel()
    raise TimedOut(seconds)
