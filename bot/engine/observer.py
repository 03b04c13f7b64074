"""The engine's hook for operational measurements, so it never depends on a metrics library."""

from __future__ import annotations

import time
from types import TracebackType
from typing import Protocol

from bot.engine.ask.ports import TokenUsage


class EngineObserver(Protocol):
    """Told what the engine did; the ops package turns it into Prometheus metrics."""

    def command_handled(self, kind: str, platform: str, seconds: float) -> None:
        """One command answered (refusals included), with how long the engine took."""

    def answer_recorded(self, seconds: float) -> None:
        """One quiz answer acknowledged, timed from arrival until its commit returned."""

    def error(self, where: str) -> None:
        """An unexpected exception escaped `where` (e.g. `engine`, `slack`, `daily`)."""

    def daily_posted(self, platform: str) -> None:
        """A daily question was sent and marked posted."""

    def daily_post_delay(self, platform: str, seconds: float) -> None:
        """A scheduled daily question went out `seconds` after its scheduled time."""

    def model_request(self, outcome: str, usage: TokenUsage | None, seconds: float) -> None:
        """One `/llm ask` that a model could answer: how it went, its tokens, its time."""


class NullObserver:
    """The default: measures nothing, so the engine runs the same without an ops port."""

    def command_handled(self, kind: str, platform: str, seconds: float) -> None:
        pass

    def answer_recorded(self, seconds: float) -> None:
        pass

    def error(self, where: str) -> None:
        pass

    def daily_posted(self, platform: str) -> None:
        pass

    def daily_post_delay(self, platform: str, seconds: float) -> None:
        pass

    def model_request(self, outcome: str, usage: TokenUsage | None, seconds: float) -> None:
        pass


class observed:
    """Time one command and report it, counting anything unexpected that escapes as an error.

    A plain class rather than a generator context manager: every answer of a burst passes
    through here, and a generator costs a frame and two resumptions per command.
    """

    __slots__ = ("_kind", "_observer", "_platform", "_started")

    def __init__(self, observer: EngineObserver, kind: str, platform: str) -> None:
        self._observer = observer
        self._kind = kind
        self._platform = platform
        self._started = 0.0

    def __enter__(self) -> None:
        self._started = time.perf_counter()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None and issubclass(kind, Exception):
            self._observer.error("engine")
        seconds = time.perf_counter() - self._started
        self._observer.command_handled(self._kind, self._platform, seconds)
        if self._kind == "answer":
            self._observer.answer_recorded(seconds)
