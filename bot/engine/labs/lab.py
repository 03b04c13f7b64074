"""The two labs as use cases: tokenize or sample, and draw the picture, off the event loop."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.engine.labs.corpus import LazyModel
from bot.engine.labs.options import SampleSettings, TokensMode
from bot.engine.labs.sampling import SampleRun, sample
from bot.engine.labs.tokenizers import EncodingName, Tokenization, Tokenizers
from bot.engine.labs.words import PUNCTUATION
from bot.knowledge.base import KnowledgeBase
from bot.pictures.bars import Series, bar_chart
from bot.pictures.picture import Picture
from bot.pictures.style import BLUE, GREY
from bot.pictures.token_boxes import TokenSection, token_boxes

MODES: dict[TokensMode, tuple[EncodingName, ...]] = {
    "o200k": ("o200k_base",),
    "cl100k": ("cl100k_base",),
    "compare": ("o200k_base", "cl100k_base"),
}
# The picture and the text reply show this many tokens; the attached file has them all.
SHOWN_TOKENS = 200
TITLE_CHARACTERS = 60


@dataclass(frozen=True, slots=True)
class TokensResult:
    tokenizations: tuple[Tokenization, ...]
    picture: Picture

    @property
    def cut(self) -> bool:
        """Whether some tokens are left out of the picture and the text."""
        return any(t.count > SHOWN_TOKENS for t in self.tokenizations)


@dataclass(frozen=True, slots=True)
class SampleResult:
    prompt: str
    settings: SampleSettings
    run: SampleRun
    picture: Picture


class Labs:
    """Holds what the labs load once per process: the tokenizers and the word model."""

    def __init__(self, kb: KnowledgeBase, tokenizers: Tokenizers | None = None) -> None:
        self.tokenizers = tokenizers or Tokenizers()
        self.model = LazyModel(kb)

    async def tokens(self, text: str, mode: TokensMode) -> TokensResult:
        return await asyncio.to_thread(self._tokens, text, mode)

    async def sample(self, prompt: str, settings: SampleSettings, seed: int) -> SampleResult:
        return await asyncio.to_thread(self._sample, prompt, settings, seed)

    def _tokens(self, text: str, mode: TokensMode) -> TokensResult:
        done = tuple(self.tokenizers.tokenize(text, name) for name in MODES[mode])
        sections = [
            TokenSection(
                f"{t.encoding} · {t.count:,} token{'s' if t.count != 1 else ''}",
                [(token.shown, token.id) for token in t.tokens[:SHOWN_TOKENS]],
                hidden=max(0, t.count - SHOWN_TOKENS),
            )
            for t in done
        ]
        picture = token_boxes(f"“{short(text)}” as tokens", sections, name="tokens")
        return TokensResult(done, picture)

    def _sample(self, prompt: str, settings: SampleSettings, seed: int) -> SampleResult:
        run = sample(self.model.get(), prompt, settings, seed)
        top = run.next_word.top
        chosen = describe(settings)
        picture = bar_chart(
            f"Next word after “{short(prompt)}”",
            # A lone "." or "," would be easy to miss as a label.
            [f"“{row.word}”" if row.word in PUNCTUATION else row.word for row in top],
            [
                Series("temperature 1 (the model itself)", [row.model for row in top], GREY),
                Series(chosen, [row.chosen for row in top], BLUE),
            ],
            subtitle="A tiny model built from llmbot's notes, not a real LLM",
            name="sample",
        )
        return SampleResult(prompt, settings, run, picture)


def describe(settings: SampleSettings) -> str:
    """The settings as a short label: `temperature 0.8, top-p 0.9, top-k 5`."""
    parts = [f"temperature {settings.temperature:g}"]
    if settings.top_p < 1:
        parts.append(f"top-p {settings.top_p:g}")
    if settings.top_k:
        parts.append(f"top-k {settings.top_k}")
    return ", ".join(parts)


def short(text: str, limit: int = TITLE_CHARACTERS) -> str:
    """One line of at most `limit` characters, for titles."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
