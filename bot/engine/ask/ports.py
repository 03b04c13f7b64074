"""What the engine needs from a language model, so that `/llm ask` never depends on a vendor.

The engine owns this port; `bot/llm` adapts the official `openai` SDK to it, and tests may
give any object with the same shape. Only passages and the member's question cross it:
no names, ids or channels, so nothing about a member reaches a model.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Found:
    """A retrieved passage of one topic's texts (never a quiz rationale), best first."""

    topic_id: str
    text: str


@dataclass(frozen=True, slots=True)
class Retrieval:
    """What the knowledge base has for a question: no passages means it is not covered,
    and `suggestions` (topic ids) are offered instead, as `/llm explain` does."""

    found: tuple[Found, ...]
    suggestions: tuple[str, ...] = ()


class Retriever(Protocol):
    def retrieve(self, question: str) -> Retrieval:
        """The two to four passages that best answer `question`, or none if too weak."""


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One retrieved passage as the model sees it: numbered from 1, under its topic's title."""

    number: int
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class ModelRequest:
    """The question (member text, quoted as data in the prompt) and the passages to answer from."""

    question: str
    excerpts: tuple[Excerpt, ...]


@dataclass(frozen=True, slots=True)
class TokenUsage:
    """Tokens a call cost; `estimated` when the server reported none and llmbot counted."""

    prompt: int
    completion: int
    estimated: bool = False

    @property
    def total(self) -> int:
        return self.prompt + self.completion


@dataclass(frozen=True, slots=True)
class ModelAnswer:
    text: str
    usage: TokenUsage


class Failure(enum.StrEnum):
    """Why a model gave no usable answer; each falls back to the extractive answer."""

    TIMEOUT = "timeout"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    MALFORMED = "malformed"
    UNREACHABLE = "unreachable"
    REFUSED = "refused"


class ModelUnavailable(Exception):
    """The model could not answer this time; `detail` is for operators, never for members."""

    def __init__(self, failure: Failure, detail: str = "") -> None:
        super().__init__(f"{failure.value}: {detail}" if detail else failure.value)
        self.failure = failure


# Called with the answer so far (not each piece), so a caller may show it as it grows.
Progress = Callable[[str], Awaitable[None]]


class LanguageModel(Protocol):
    """Writes an answer to a question from the given excerpts only."""

    @property
    def name(self) -> str:
        """The model's name, for the label under a generated answer."""

    async def answer(self, request: ModelRequest, progress: Progress | None = None) -> ModelAnswer:
        """The model's answer; raises `ModelUnavailable` for every failure of the endpoint.

        With `progress`, the answer is streamed and `progress` is awaited as it grows.
        """


@dataclass(frozen=True, slots=True)
class AskLimits:
    """`LLMBOT_LLM_RATE` per member and `LLMBOT_LLM_DAILY_TOKENS` per workspace, which the
    ledger keeps."""

    rate_count: int = 5
    rate_window: timedelta = timedelta(minutes=10)
    daily_tokens: int = 200_000


class AskLedger(Protocol):
    """The store's side of `/llm ask`: the per-member rate and the workspace's daily tokens.

    Kept in the store so that every instance on one database shares them.
    """

    async def take_model_slot(
        self, workspace: str, user: str, now_ms: int, window_ms: int, limit: int
    ) -> int | None:
        """Count one model call for the member: None if within `limit` per `window_ms`,
        else the time (ms) when the member's window reopens; a refused call counts nothing."""

    async def tokens_used(self, workspace: str, day: str) -> int:
        """Tokens spent on model answers in the workspace on its local `day` (ISO date)."""

    async def add_tokens(self, workspace: str, day: str, tokens: int) -> None:
        """Add to the day's spending (atomically: several instances may add at once)."""


class ModelObserver(Protocol):
    """Told how each model-backed question went, for `/metrics`."""

    def model_request(self, outcome: str, usage: TokenUsage | None, seconds: float) -> None:
        """One `/llm ask` that would use the model: its outcome, what it cost, how long it took."""
