"""How hard members found each question, per workspace: the quiz footer's "answered right by
34 % of players" and the observed difficulty the daily picker uses for `easy` and `hard`.

The answer writer keeps one row per question and workspace; this reads them all at once
and keeps them for a minute, so a burst of quiz posts costs one read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.engine.clock import Clock
from bot.engine.progress.analytics import footer_share, observed_difficulty
from storage import Store

FRESH_FOR = timedelta(seconds=60)


class ObservedStats:
    def __init__(self, store: Store, clock: Clock, fresh_for: timedelta = FRESH_FOR) -> None:
        self.store = store
        self.clock = clock
        self.fresh_for = fresh_for
        self._cached: dict[str, tuple[datetime, Mapping[str, tuple[int, int]]]] = {}

    async def stats(self, workspace_id: str) -> Mapping[str, tuple[int, int]]:
        now = self.clock.now()
        cached = self._cached.get(workspace_id)
        if cached is not None and now - cached[0] < self.fresh_for:
            return cached[1]
        found = await self.store.question_stats(workspace_id)
        self._cached[workspace_id] = (now, found)
        return found

    async def footer(self, workspace_id: str, question_id: str) -> str | None:
        attempts, right = (await self.stats(workspace_id)).get(question_id, (0, 0))
        return footer_share(attempts, right)

    async def difficulties(self, workspace_id: str) -> dict[str, str]:
        """Observed easy/medium/hard for the questions with enough answers."""
        found = {}
        for question_id, (attempts, right) in (await self.stats(workspace_id)).items():
            level = observed_difficulty(attempts, right)
            if level is not None:
                found[question_id] = level
        return found
