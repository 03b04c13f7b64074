"""Expected failures inside the engine, each mapped to a short reply for the user."""

from __future__ import annotations


class EngineError(Exception):
    """A user-facing refusal: the message is safe and short enough to show as is."""


class UsageError(EngineError):
    """The command text does not fit the grammar."""

    def __init__(self, message: str, usage: str = "") -> None:
        super().__init__(message)
        self.usage = usage


class UnknownQuiz(EngineError):
    pass


class QuizClosed(EngineError):
    pass


class BadChoice(EngineError):
    pass


class NotAllowed(EngineError):
    pass
