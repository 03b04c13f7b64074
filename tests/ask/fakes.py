"""Doubles for the asker's ports: a fixed retriever, an in-memory ledger, a recording observer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bot.engine.ask.ports import Found, Retrieval, TokenUsage


@dataclass
class FixedRetriever:
    found: tuple[Found, ...]
    suggestions: tuple[str, ...] = ("hallucinations", "what-is-an-llm")
    asked: list[str] = field(default_factory=list)

    def retrieve(self, question: str) -> Retrieval:
        self.asked.append(question)
        return Retrieval(self.found, self.suggestions)


@dataclass
class MemoryLedger:
    """The store's behaviour in one process: a window per member opened by its first call."""

    windows: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    tokens: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    writes: int = 0

    async def take_model_slot(
        self, workspace: str, user: str, now_ms: int, window_ms: int, limit: int
    ) -> int | None:
        start, used = self.windows.get((workspace, user), (now_ms, 0))
        if now_ms - start >= window_ms:
            start, used = now_ms, 0
        if used >= limit:
            return start + window_ms
        self.windows[(workspace, user)] = (start, used + 1)
        self.writes += 1
        return None

    async def tokens_used(self, workspace: str, day: str) -> int:
        return self.tokens.get((workspace, day), 0)

    async def add_tokens(self, workspace: str, day: str, tokens: int) -> None:
        self.tokens[(workspace, day)] += tokens
        self.writes += 1


@dataclass
class Outcomes:
    seen: list[tuple[str, TokenUsage | None]] = field(default_factory=list)

    def model_request(self, outcome: str, usage: TokenUsage | None, seconds: float) -> None:
        self.seen.append((outcome, usage))
