"""One rate limit as evenly spaced permits, handed out in the order they were asked for."""

from __future__ import annotations

import math
from collections import deque

from bot.engine.fanout.timer import Timer

# Clock readings closer than this count as the same moment (float rounding of spaced times).
TOLERANCE = 1e-6


class Bucket:
    """Permits at `rate` per second, first come first served, with no burst above the rate.

    Each caller reserves the next free moment and sleeps until it (the generic cell rate
    algorithm), so waiting costs no polling and the order is the order of arrival: the
    channels that were due first are sent first. Spacing evenly rather than allowing a
    burst keeps every one-second window at or under the rate, whichever window the
    platform counts in.

    Wake-ups come late by whatever else the event loop was doing, and a late permit
    followed by a punctual one would put two sends closer than the spacing; so the
    moments permits were actually given are kept for one window (`count` permits in
    `count / rate` seconds) and no permit is given that would overfill it.
    """

    def __init__(self, timer: Timer, rate: float) -> None:
        self._timer = timer
        self._next = -math.inf
        self._held_until = -math.inf
        self._holds = 0
        self._given: deque[float] = deque()
        self.set_rate(rate)

    @property
    def rate(self) -> float:
        return 1.0 / self._interval

    def set_rate(self, rate: float) -> None:
        """Permits reserved from now on are spaced at the new rate."""
        self._interval = 1.0 / rate
        count = max(1, math.floor(rate))
        self._window = count / rate
        self._given = deque(self._given, maxlen=count)

    async def acquire(self) -> None:
        """Wait for this caller's permit."""
        while True:
            now = self._timer.monotonic()
            at = max(now, self._next, self._held_until)
            self._next = at + self._interval
            holds = self._holds
            if at > now:
                await self._timer.sleep(at - now)
            # A hold that arrived while we slept (the platform said 429) moves us behind it.
            if holds != self._holds and self._held_until > self._timer.monotonic():
                continue
            await self._fit_window()
            return

    async def _fit_window(self) -> None:
        while True:
            now = self._timer.monotonic()
            given = self._given
            if len(given) < (given.maxlen or 1) or now - given[0] >= self._window - TOLERANCE:
                given.append(now)
                return
            await self._timer.sleep(given[0] + self._window - now)

    def hold(self, until: float) -> None:
        """Give out no permit before `until` (the platform asked us to back off)."""
        if until > self._held_until:
            self._held_until = until
            self._holds += 1

    def idle(self) -> bool:
        """No permit is reserved or held: forgetting this bucket would change nothing."""
        now = self._timer.monotonic()
        return self._next <= now and self._held_until <= now
