"""The typed facts of the labs' replies: `/llm tokens` and `/llm sample`.

Field names and order are the JSON keys of `llmbot ask --json`, like `engine/payloads.py`
(which lists these in its `Payload` union).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenItem:
    """One token: its id and its text (`<0xE2>` for a byte of a split character)."""

    id: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenCount:
    encoding: str
    count: int
    tokens: tuple[TokenItem, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TokensLab:
    """A text as a real tokenizer splits it; `compare` holds the other encoding with --compare."""

    encoding: str
    count: int
    characters_per_token: float
    words_per_token: float
    tokens: tuple[TokenItem, ...]
    compare: tuple[TokenCount, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NextWordChance:
    """A candidate next word: its probability in the model (temperature 1) and with the
    chosen settings, after top-k and top-p (0 when they removed it)."""

    word: str
    model: float
    chosen: float


@dataclass(frozen=True, slots=True, kw_only=True)
class SampleLab:
    """The sampling lab: what the model read (`order` 3, 2 or 1 words of context, 1 being
    word frequencies alone), the next-word distribution and three continuations."""

    prompt: str
    context: tuple[str, ...]
    order: int
    temperature: float
    top_p: float
    top_k: int
    seed: int
    next_words: tuple[NextWordChance, ...]
    kept: int
    vocabulary: int
    continuations: tuple[str, ...]
