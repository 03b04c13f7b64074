"""`/llm tokens` and `/llm sample` as one engine runs them: the labs, loaded on first use, and
their results turned into replies."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from bot.engine.labs.options import MAX_SEED, SampleSettings, TokensMode, sample_settings
from bot.engine.reply import Reply
from bot.knowledge.base import KnowledgeBase

if TYPE_CHECKING:
    from bot.engine.labs.lab import Labs


class LabBench:
    """Holds the engine's `Labs` (tests share one across engines) and its random draws."""

    def __init__(self, kb: KnowledgeBase, rng: random.Random, labs: Labs | None = None) -> None:
        self.kb = kb
        self.rng = rng
        self._labs = labs

    @property
    def labs(self) -> Labs:
        """The labs' tokenizers and word model, created on first use: commands that are not
        labs never import them (`llmbot ask` must start in 0.3 s)."""
        if self._labs is None:
            from bot.engine.labs.lab import Labs

            self._labs = Labs(self.kb)
        return self._labs

    async def tokens(self, text: str, mode: TokensMode) -> Reply:
        from bot.engine.labs.replies import tokens_reply

        return tokens_reply(await self.labs.tokens(text, mode), frozenset(self.kb.topics))

    async def sample(self, prompt: str, settings: SampleSettings) -> Reply:
        """The sampling lab; without a seed, one is drawn (and shown, to draw it again).
        Settings are checked here too: Discord's options arrive already typed."""
        settings = sample_settings(
            settings.temperature, settings.top_p, settings.top_k, settings.seed
        )
        seed = settings.seed if settings.seed is not None else self.rng.randrange(MAX_SEED + 1)
        from bot.engine.labs.replies import sample_reply

        result = await self.labs.sample(prompt, settings, seed)
        return sample_reply(result, frozenset(self.kb.topics))
