"""A model's answer shown while it is written: the deferred message edited at most once a second.

Drafts are best effort: one that cannot be shown is skipped, and none is shown once the
final answer is on its way, so a late draft never replaces it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import discord

from bot.adapters.discord.render import render
from bot.engine import Reply

log = logging.getLogger(__name__)

# Discord rate-limits edits per message; one a second reads as live and stays well inside.
DRAFT_EVERY = 1.0


class Drafts:
    def __init__(
        self,
        interaction: discord.Interaction[Any],
        *,
        now: Callable[[], float] = time.monotonic,
        every: float = DRAFT_EVERY,
    ) -> None:
        self._interaction = interaction
        self._now = now
        self._every = every
        self._last: float | None = None
        self._lock = asyncio.Lock()
        self._done = False

    async def show(self, draft: Reply) -> None:
        """Edit the deferred message to `draft`, unless one was shown less than a second ago."""
        if self._done or not self._interaction.response.is_done():
            return
        moment = self._now()
        if self._last is not None and moment - self._last < self._every:
            return
        self._last = moment
        async with self._lock:
            if self._done:
                return
            try:
                await self._interaction.edit_original_response(**render(draft).to_edit())
            except discord.HTTPException as error:
                log.info("skipped a draft answer: %s", error)

    async def finish(self) -> None:
        """No draft after this; waits for one being shown, so the final edit comes last."""
        async with self._lock:
            self._done = True
