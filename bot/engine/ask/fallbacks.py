"""Model failures logged at most once a minute: a dead endpoint must not flood the logs."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from bot.engine.ask.ports import Failure
from bot.engine.clock import Clock

log = logging.getLogger(__name__)

LOG_EVERY = timedelta(minutes=1)


class FallbackLog:
    """Counts failures by kind; the first one after a quiet minute logs them all in one line."""

    def __init__(self, clock: Clock, every: timedelta = LOG_EVERY) -> None:
        self._clock = clock
        self._every = every
        self._last: datetime | None = None
        self._pending: Counter[Failure] = Counter()

    def failed(self, failure: Failure, detail: str) -> None:
        self._pending[failure] += 1
        now = self._clock.now()
        if self._last is not None and now - self._last < self._every:
            return
        counts = ", ".join(f"{kind.value} ×{n}" for kind, n in sorted(self._pending.items()))
        log.warning(
            "language model unavailable (%s, last: %s); answered from llmbot's notes instead",
            counts,
            detail,
        )
        self._last = now
        self._pending.clear()
