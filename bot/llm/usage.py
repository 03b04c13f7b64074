"""Token counts of a call: as the server reports them, else estimated (and marked so)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from bot.engine.ask.ports import TokenUsage

# English averages about four characters per token for GPT-style tokenizers; a rough
# count is enough to keep a daily budget honest when a server reports nothing.
CHARS_PER_TOKEN = 4
# Each chat message costs a few tokens of framing on top of its text.
TOKENS_PER_MESSAGE = 4


def estimate(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN) if text else 0


def reported_or_estimated(
    reported: object | None, messages: Iterable[dict[str, str]], completion: str
) -> TokenUsage:
    """The server's `usage` when it has whole numbers, else an estimate from the texts."""
    prompt_tokens = getattr(reported, "prompt_tokens", None)
    completion_tokens = getattr(reported, "completion_tokens", None)
    if isinstance(prompt_tokens, int) and isinstance(completion_tokens, int):
        return TokenUsage(prompt=prompt_tokens, completion=completion_tokens)
    prompt = sum(estimate(m["content"]) + TOKENS_PER_MESSAGE for m in messages)
    return TokenUsage(prompt=prompt, completion=estimate(completion), estimated=True)
