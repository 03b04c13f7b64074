"""llmbot's score store: the `Store` protocol and its backends."""

from __future__ import annotations

from collections.abc import Callable

from storage.protocol import Store, StoreClosed
from storage.records import AnswerOutcome, AnswerRecord, QuizRecord, ScoreRow

__all__ = [
    "AnswerOutcome",
    "AnswerRecord",
    "QuizRecord",
    "ScoreRow",
    "Store",
    "StoreClosed",
    "open_store",
]


def open_store(url: str, *, on_batch: Callable[[int], None] | None = None) -> Store:
    """Build (not start) the backend a database URL names.

    `sqlite:///relative/path.db` and `sqlite:////absolute/path.db` select SQLite.
    `on_batch` is told the size of every group commit, for the ops metrics.
    """
    if url.startswith("sqlite:///"):
        from storage.sqlite import SqliteStore

        return SqliteStore(url.removeprefix("sqlite:///"), on_batch=on_batch)
    raise ValueError(
        f"LLMBOT_DATABASE_URL must start with sqlite:/// (got {url.split(':', 1)[0]!r})"
    )
