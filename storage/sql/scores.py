"""Quizzes and score reads, written once for every SQL backend (answers stay per backend)."""

from __future__ import annotations

from storage.records import QuizAnswerRow, QuizRecord, ScoreRow
from storage.sql.access import BY_CODE_POINT, SqlAccess

_QUIZ_COLUMNS = (
    "id, workspace_id, channel_id, question_id, choice_order, created_by, created_at_ms,"
    " kind, closes_at_ms, feedback"
)

_SCORE_SELECT = """
SELECT s.user_id, COALESCE(u.display_name, s.user_id), s.points, s.answered, s.correct
FROM scores AS s
LEFT JOIN users AS u ON u.workspace_id = s.workspace_id AND u.user_id = s.user_id
"""


class ScoreQueries(SqlAccess):
    async def create_quiz(self, quiz: QuizRecord) -> None:
        try:
            await self._write(
                f"INSERT INTO quizzes ({_QUIZ_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                quiz.id,
                quiz.workspace_id,
                quiz.channel_id,
                quiz.question_id,
                ",".join(map(str, quiz.choice_order)),
                quiz.created_by,
                quiz.created_at_ms,
                quiz.kind,
                quiz.closes_at_ms,
                quiz.feedback,
            )
        except self.unique_violation as exc:
            raise KeyError(quiz.id) from exc

    async def get_quiz(self, workspace_id: str, quiz_id: str) -> QuizRecord | None:
        row = await self._read_one(
            f"SELECT {_QUIZ_COLUMNS} FROM quizzes WHERE id = ? AND workspace_id = ?",
            quiz_id,
            workspace_id,
        )
        if row is None:
            return None
        return QuizRecord(
            id=row[0],
            workspace_id=row[1],
            channel_id=row[2],
            question_id=row[3],
            choice_order=tuple(int(i) for i in row[4].split(",")),
            created_by=row[5],
            created_at_ms=row[6],
            kind=row[7],
            closes_at_ms=row[8],
            feedback=row[9],
        )

    async def top_scores(self, workspace_id: str, period: str, limit: int) -> list[ScoreRow]:
        rows = await self._read_all(
            _SCORE_SELECT + " WHERE s.workspace_id = ? AND s.period = ?"
            f" ORDER BY s.points DESC, s.correct DESC, s.user_id{BY_CODE_POINT} LIMIT ?",
            workspace_id,
            period,
            limit,
        )
        return [ScoreRow(*row) for row in rows]

    async def user_score(self, workspace_id: str, period: str, user_id: str) -> ScoreRow | None:
        row = await self._read_one(
            _SCORE_SELECT + " WHERE s.workspace_id = ? AND s.period = ? AND s.user_id = ?",
            workspace_id,
            period,
            user_id,
        )
        return None if row is None else ScoreRow(*row)

    async def rank_of(self, workspace_id: str, period: str, user_id: str) -> int | None:
        row = await self._read_one(
            "SELECT 1 + (SELECT COUNT(*) FROM scores AS o WHERE o.workspace_id = s.workspace_id"
            " AND o.period = s.period AND o.points > s.points) FROM scores AS s"
            " WHERE s.workspace_id = ? AND s.period = ? AND s.user_id = ?",
            workspace_id,
            period,
            user_id,
        )
        return None if row is None else int(row[0])

    async def answer_counts(self, quiz_id: str) -> dict[int, int]:
        rows = await self._read_all(
            "SELECT choice, COUNT(*) FROM answers WHERE quiz_id = ? GROUP BY choice", quiz_id
        )
        return {int(choice): int(count) for choice, count in rows}

    async def quiz_answers(self, workspace_id: str, quiz_id: str) -> list[QuizAnswerRow]:
        rows = await self._read_all(
            "SELECT a.user_id, COALESCE(u.display_name, a.user_id), a.choice, a.correct,"
            " a.answered_at_ms FROM answers AS a LEFT JOIN users AS u"
            " ON u.workspace_id = a.workspace_id AND u.user_id = a.user_id"
            " WHERE a.workspace_id = ? AND a.quiz_id = ?"
            f" ORDER BY a.answered_at_ms, a.user_id{BY_CODE_POINT}",
            workspace_id,
            quiz_id,
        )
        return [QuizAnswerRow(r[0], r[1], int(r[2]), bool(r[3]), int(r[4])) for r in rows]
