"""Keeps llmbot's own daily requests under each platform's limit, shared across instances.

Every request of the daily fan-out (posts, reveals, recaps, streak warnings, edits) goes
through `Pacer.send`: it waits for a permit from each limit on the request's lane
(channel, then workspace, then the whole token, so the scarcest permit is never taken
only to wait for another), runs the request with a timeout, and on a 429 holds those
limits for the `retry_after` the platform gave and sends the same request again. A 429
means the request was refused, so retrying neither loses nor doubles it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from bot.engine.fanout.bucket import Bucket
from bot.engine.fanout.budget import Budget
from bot.engine.fanout.timer import LoopTimer, Timer, within

log = logging.getLogger(__name__)

T = TypeVar("T")
K = TypeVar("K")

DEFAULT_TIMEOUT_S = 10.0
# Requests reach the platform a little after their permits, by however long the task
# takes to start and the network; pacing this much under each limit keeps every
# one-second window at the platform's end under it too.
ARRIVAL_MARGIN = 0.98
DEFAULT_ATTEMPTS = 5
# Buckets of quiet channels and workspaces are forgotten past this many.
KEEP_BUCKETS = 4096


class RateLimited(Exception):
    """The platform refused a request for its rate limit (HTTP 429) and said when to retry."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited; retry after {retry_after:g} s")
        self.retry_after = max(0.0, retry_after)


@dataclass(frozen=True, slots=True)
class Lane:
    """Where a request goes, in the platform's own ids: what it is paced by."""

    platform: str
    workspace: str
    channel: str


class Pacer:
    def __init__(
        self,
        budgets: Mapping[str, Budget],
        timer: Timer | None = None,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        attempts: int = DEFAULT_ATTEMPTS,
        margin: float = ARRIVAL_MARGIN,
    ) -> None:
        if timeout_s <= 0 or attempts < 1 or not 0 < margin <= 1:
            raise ValueError(
                "the timeout must be positive, at least one attempt allowed and the margin"
                " in (0, 1]"
            )
        self.budgets = dict(budgets)
        self.timer = timer or LoopTimer()
        self.timeout_s = timeout_s
        self.attempts = attempts
        self.margin = margin
        self._instances = 1
        self._tokens: dict[str, Bucket] = {}
        self._workspaces: dict[tuple[str, str], Bucket] = {}
        self._channels: dict[tuple[str, str, str], Bucket] = {}

    @property
    def instances(self) -> int:
        return self._instances

    def share(self, instances: int) -> None:
        """Pace at 1/`instances` of each shared limit (the live instances using the token)."""
        instances = max(1, instances)
        if instances == self._instances:
            return
        log.info("daily pacing shared by %d live instances", instances)
        self._instances = instances
        for platform, bucket in self._tokens.items():
            bucket.set_rate(self._paced(self._shared(self.budgets[platform].per_token)))
        for (platform, _), bucket in self._workspaces.items():
            bucket.set_rate(self._paced(self._shared(self.budgets[platform].per_workspace)))

    def rate(self, platform: str) -> float | None:
        """This instance's share of the platform's token-wide budget (None: not limited)."""
        budget = self.budgets.get(platform)
        return self._shared(budget.per_token) if budget and budget.per_token else None

    async def send(self, lane: Lane, request: Callable[[], Awaitable[T]]) -> T:
        """`request()`'s result, sent within the lane's limits, retried after each 429.

        Raises `TimedOut` if one attempt outlives the timeout, and the last `RateLimited`
        if every attempt was refused.
        """
        buckets = self._buckets(lane)
        for attempt in range(1, self.attempts + 1):
            for bucket in buckets:
                await bucket.acquire()
            try:
                return await within(self.timer, request(), self.timeout_s)
            except RateLimited as limited:
                if attempt == self.attempts:
                    raise
                log.warning(
                    "%s rate-limited a daily request; retrying in %.1f s",
                    lane.platform,
                    limited.retry_after,
                )
                until = self.timer.monotonic() + limited.retry_after
                for bucket in buckets:
                    bucket.hold(until)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _shared(self, rate: float | None) -> float:
        assert rate is not None
        return rate / self._instances

    def _paced(self, rate: float) -> float:
        return rate * self.margin

    def _buckets(self, lane: Lane) -> list[Bucket]:
        """The lane's limits, narrowest first."""
        budget = self.budgets.get(lane.platform)
        if budget is None:
            return []
        buckets: list[Bucket] = []
        if budget.per_channel:
            key = (lane.platform, lane.workspace, lane.channel)
            buckets.append(self._bucket(self._channels, key, budget.per_channel))
        if budget.per_workspace:
            wkey = (lane.platform, lane.workspace)
            rate = self._shared(budget.per_workspace)
            buckets.append(self._bucket(self._workspaces, wkey, rate))
        if budget.per_token:
            buckets.append(
                self._bucket(self._tokens, lane.platform, self._shared(budget.per_token))
            )
        return buckets

    def _bucket(self, buckets: dict[K, Bucket], key: K, rate: float) -> Bucket:
        bucket = buckets.get(key)
        if bucket is None:
            if len(buckets) >= KEEP_BUCKETS:
                for quiet in [k for k, b in buckets.items() if b.idle()]:
                    del buckets[quiet]
            bucket = buckets[key] = Bucket(self.timer, self._paced(rate))
        return bucket
