"""The contract every score-store backend fulfils."""

from __future__ import annotations

from typing import Protocol

from storage.daily_protocol import DailyStore, WorkspaceStore
from storage.records import AnswerOutcome, AnswerRecord, QuizAnswerRow, QuizRecord, ScoreRow


class StoreClosed(RuntimeError):
    """Raised when work arrives after the store began shutting down."""


class AskStore(Protocol):
    """`/llm ask`'s limits, shared by every instance on the database."""

    async def take_model_slot(
        self, workspace: str, user: str, now_ms: int, window_ms: int, limit: int
    ) -> int | None:
        """Count one model call for the member unless `limit` calls were already made in
        the window their first call opened (`window_ms` long); then change nothing and
        return when that window ends (ms). None means the call was counted."""

    async def tokens_used(self, workspace: str, day: str) -> int:
        """Model tokens the workspace spent on its local `day` (an ISO date)."""

    async def add_tokens(self, workspace: str, day: str, tokens: int) -> None:
        """Add to the day's tokens; concurrent additions all count."""


class Store(DailyStore, WorkspaceStore, AskStore, Protocol):
    """Async persistence for quizzes, answers and aggregated scores.

    Backends must make `record_answer` durable before it returns and enforce one
    answer per user per quiz with a unique constraint.
    """

    async def start(self) -> None:
        """Open connections and apply pending migrations."""

    async def close(self) -> None:
        """Stop taking work, flush queued answers and close every connection."""

    async def create_quiz(self, quiz: QuizRecord) -> None:
        """Persist a new quiz; raises `KeyError` if its id is taken."""

    async def get_quiz(self, workspace_id: str, quiz_id: str) -> QuizRecord | None:
        """Return the quiz if it exists in that workspace."""

    async def record_answer(self, answer: AnswerRecord) -> AnswerOutcome:
        """Commit the answer (and its score) and say whether it was the first."""

    async def top_scores(self, workspace_id: str, period: str, limit: int) -> list[ScoreRow]:
        """Best members of a workspace in a period, highest points first."""

    async def user_score(self, workspace_id: str, period: str, user_id: str) -> ScoreRow | None:
        """One member's standing in a period, if they have answered in it."""

    async def rank_of(self, workspace_id: str, period: str, user_id: str) -> int | None:
        """1-based rank of a member in a period (ties share the better rank)."""

    async def answer_counts(self, quiz_id: str) -> dict[int, int]:
        """How many members chose each content option of a quiz."""

    async def quiz_answers(self, workspace_id: str, quiz_id: str) -> list[QuizAnswerRow]:
        """Every answer to one quiz, earliest first (for its reveal and the streak rules)."""
