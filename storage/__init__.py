"""llmbot's score store: the `Store` protocol and its backends."""

from __future__ import annotations

from collections.abc import Callable

from storage.protocol import Store, StoreClosed
from storage.records import (
    OPEN_STATUSES,
    AnswerOutcome,
    AnswerRecord,
    ClaimStatus,
    DailyChannelRecord,
    DailyClaim,
    FollowUp,
    QuizAnswerRow,
    QuizRecord,
    ScoreRow,
    StreakRecord,
    TeamMember,
    TeamRecord,
    TeamScoreRow,
    WorkspaceSettingsRecord,
)

__all__ = [
    "OPEN_STATUSES",
    "AnswerOutcome",
    "AnswerRecord",
    "ClaimStatus",
    "DailyChannelRecord",
    "DailyClaim",
    "FollowUp",
    "QuizAnswerRow",
    "QuizRecord",
    "ScoreRow",
    "Store",
    "StoreClosed",
    "StreakRecord",
    "TeamMember",
    "TeamRecord",
    "TeamScoreRow",
    "WorkspaceSettingsRecord",
    "open_store",
]


def open_store(url: str, *, on_batch: Callable[[int], None] | None = None) -> Store:
    """Build (not start) the backend a database URL names.

    `sqlite:///relative/path.db` and `sqlite:////absolute/path.db` select SQLite;
    `postgresql://` (or `postgres://`) selects PostgreSQL, whose driver loads only then.
    `on_batch` is told the size of every group commit, for the ops metrics.
    """
    if url.startswith("sqlite:///"):
        from storage.sqlite import SqliteStore

        return SqliteStore(url.removeprefix("sqlite:///"), on_batch=on_batch)
    if url.startswith(("postgresql://", "postgres://")):
        try:
            from storage.postgres import PostgresStore
        except ModuleNotFoundError as exc:
            raise ValueError(
                'a postgresql:// database needs the postgres extra: pip install "llmbot[postgres]"'
            ) from exc
        return PostgresStore(url, on_batch=on_batch)
    raise ValueError(
        "LLMBOT_DATABASE_URL must start with sqlite:/// or postgresql://"
        f" (got {url.split(':', 1)[0]!r})"
    )
