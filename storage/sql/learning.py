"""Reads of the learning tables, and problem reports, written once for every SQL backend.

Cards, topic summaries and question statistics are written by the answer writer (see
`learning_batch`); everything here reads them, or the answers, through `SqlAccess`.
"""

from __future__ import annotations

from collections.abc import Sequence

from storage.learning import (
    CardKey,
    CardState,
    DueCard,
    MemberActivity,
    QuestionReport,
    QuestionSums,
    ReportCount,
    TopicProgress,
    TopicTotals,
)
from storage.sql.access import BY_CODE_POINT, SqlAccess
from storage.sql.cards import CARD_COLUMNS, PROGRESS_COLUMNS, card_from_row, progress_from_row

# Both dialects: a per-answer "accuracy on the member's other answers" needs floating point.
_FLOAT = "CAST({} AS DOUBLE PRECISION)"


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _not_in(column: str, values: Sequence[str]) -> str:
    return f" AND {column} NOT IN ({_marks(len(values))})" if values else ""


# Every answer of a member, in quizzes, daily questions and practice: what a report counts.
_ALL_ANSWERS = (
    "SELECT workspace_id, user_id, correct, answered_at_ms, quiz_id FROM answers"
    " UNION ALL SELECT workspace_id, user_id, correct, answered_at_ms, quiz_id"
    " FROM practice_answers"
)


class LearningQueries(SqlAccess):
    async def get_card(self, key: CardKey) -> CardState | None:
        row = await self._read_one(
            f"SELECT {CARD_COLUMNS} FROM cards WHERE workspace_id = ? AND user_id = ?"
            " AND question_id = ?",
            key.workspace_id,
            key.user_id,
            key.question_id,
        )
        return None if row is None else card_from_row(row)[1]

    async def most_overdue_card(
        self,
        workspace_id: str,
        user_id: str,
        now_ms: int,
        topic_id: str | None,
        excluded: Sequence[str],
    ) -> DueCard | None:
        topic = " AND topic_id = ?" if topic_id else ""
        row = await self._read_one(
            "SELECT question_id, topic_id, due_ms FROM cards WHERE workspace_id = ?"
            f" AND user_id = ? AND due_ms <= ?{topic}{_not_in('question_id', excluded)}"
            f" ORDER BY due_ms, question_id{BY_CODE_POINT} LIMIT 1",
            workspace_id,
            user_id,
            now_ms,
            *([topic_id] if topic_id else []),
            *excluded,
        )
        return None if row is None else DueCard(row[0], row[1], int(row[2]))

    async def next_due_ms(
        self, workspace_id: str, user_id: str, after_ms: int, topic_id: str | None
    ) -> int | None:
        topic = " AND topic_id = ?" if topic_id else ""
        row = await self._read_one(
            "SELECT MIN(due_ms) FROM cards WHERE workspace_id = ? AND user_id = ?"
            f" AND due_ms > ?{topic}",
            workspace_id,
            user_id,
            after_ms,
            *([topic_id] if topic_id else []),
        )
        return None if row is None or row[0] is None else int(row[0])

    async def carded_questions(self, workspace_id: str, user_id: str) -> set[str]:
        rows = await self._read_all(
            "SELECT question_id FROM cards WHERE workspace_id = ? AND user_id = ?",
            workspace_id,
            user_id,
        )
        return {row[0] for row in rows}

    async def missed_questions(
        self, workspace_id: str, user_id: str, excluded: Sequence[str], limit: int
    ) -> list[str]:
        """Questions whose last answer was wrong, most recent miss first."""
        rows = await self._read_all(
            "SELECT question_id FROM cards WHERE workspace_id = ? AND user_id = ?"
            f" AND last_correct = 0{_not_in('question_id', excluded)}"
            f" ORDER BY last_review_ms DESC, question_id{BY_CODE_POINT} LIMIT ?",
            workspace_id,
            user_id,
            *excluded,
            limit,
        )
        return [row[0] for row in rows]

    async def topic_progress(self, workspace_id: str, user_id: str) -> list[TopicProgress]:
        rows = await self._read_all(
            f"SELECT {PROGRESS_COLUMNS} FROM topic_progress WHERE workspace_id = ? AND user_id = ?",
            workspace_id,
            user_id,
        )
        return [progress_from_row(row)[1] for row in rows]

    async def mastered_topics(
        self, workspace_id: str, min_first_right: int
    ) -> dict[str, list[str]]:
        """Each member's mastered topics: `min_first_right` first-attempt rights, last answer
        right (the rule is the engine's; it passes its threshold)."""
        rows = await self._read_all(
            "SELECT user_id, topic_id FROM topic_progress WHERE workspace_id = ?"
            f" AND first_right >= ? AND last_correct = 1 ORDER BY topic_id{BY_CODE_POINT}",
            workspace_id,
            min_first_right,
        )
        found: dict[str, list[str]] = {}
        for user, topic in rows:
            found.setdefault(user, []).append(topic)
        return found

    async def held_open_questions(self, workspace_id: str, now_ms: int) -> list[str]:
        """Questions of daily quizzes still open whose feedback waits for the reveal."""
        rows = await self._read_all(
            "SELECT question_id FROM quizzes WHERE workspace_id = ? AND kind = 'daily'"
            " AND closes_at_ms > ? AND feedback = 'at_close'",
            workspace_id,
            now_ms,
        )
        return sorted({row[0] for row in rows})

    async def question_stats(self, workspace_id: str) -> dict[str, tuple[int, int]]:
        """(attempts, right) per question in the workspace's quizzes and daily questions."""
        rows = await self._read_all(
            "SELECT question_id, attempts, right_count FROM question_stats WHERE workspace_id = ?",
            workspace_id,
        )
        return {row[0]: (int(row[1]), int(row[2])) for row in rows}

    async def question_sums(self, workspace_id: str | None) -> list[QuestionSums]:
        """Per question: attempts, rights, picks per option and the discrimination sums.

        x for an answer is the member's accuracy on their *other* quiz and daily answers
        in the workspace (from the all-time score row, which counts exactly those), so a
        question does not correlate with itself. One pass over the answers, in their
        stored order, grouped by question and option.
        """
        scope = " AND a.workspace_id = ?" if workspace_id else ""
        x = _FLOAT.format("m.correct - a.correct") + " / (m.answered - 1)"
        paired = "CASE WHEN m.answered > 1 THEN {} ELSE 0 END"
        rows = await self._read_all(
            "SELECT q.question_id, a.choice, COUNT(*), SUM(a.correct),"
            f" SUM({paired.format(1)}), SUM({paired.format(x)}),"
            f" SUM({paired.format(f'({x}) * ({x})')}), SUM({paired.format('a.correct')}),"
            f" SUM({paired.format(f'({x}) * a.correct')})"
            # CROSS JOIN keeps SQLite scanning the answers once and looking the rest up.
            " FROM answers AS a CROSS JOIN quizzes AS q CROSS JOIN scores AS m"
            " WHERE q.id = a.quiz_id AND m.workspace_id = a.workspace_id AND m.period = 'all'"
            f" AND m.user_id = a.user_id{scope} GROUP BY q.question_id, a.choice",
            *([workspace_id] if workspace_id else []),
        )
        totals: dict[str, list[float]] = {}
        picks: dict[str, dict[int, int]] = {}
        for question, choice, *sums in rows:
            running = totals.setdefault(question, [0.0] * 7)
            for n, value in enumerate(sums):
                running[n] += float(value or 0)
            picks.setdefault(question, {})[int(choice)] = int(sums[0])
        found = []
        for question, t in totals.items():
            chosen = picks[question]
            found.append(
                QuestionSums(
                    question_id=question,
                    attempts=int(t[0]),
                    right=int(t[1]),
                    picks=tuple(chosen.get(i, 0) for i in range(max(chosen) + 1)),
                    paired=int(t[2]),
                    sum_x=t[3],
                    sum_xx=t[4],
                    sum_y=t[5],
                    sum_xy=t[6],
                )
            )
        return found

    async def member_activity(self, workspace_id: str, since_ms: int) -> list[MemberActivity]:
        """Every member with a stored name or an answer since `since_ms`, with their team."""
        rows = await self._read_all(
            "WITH x AS (SELECT user_id, COUNT(*) AS n, SUM(correct) AS r,"
            f" MAX(answered_at_ms) AS last FROM ({_ALL_ANSWERS}) AS every"
            " WHERE workspace_id = ? AND answered_at_ms >= ? GROUP BY user_id),"
            " who AS (SELECT user_id FROM users WHERE workspace_id = ? UNION SELECT user_id FROM x)"
            " SELECT who.user_id, COALESCE(u.display_name, who.user_id), COALESCE(t.name, ''),"
            " COALESCE(x.n, 0), COALESCE(x.r, 0), COALESCE(x.last, 0) FROM who"
            " LEFT JOIN x ON x.user_id = who.user_id"
            " LEFT JOIN users AS u ON u.workspace_id = ? AND u.user_id = who.user_id"
            " LEFT JOIN team_members AS m ON m.workspace_id = ? AND m.user_id = who.user_id"
            " LEFT JOIN teams AS t ON t.workspace_id = m.workspace_id AND t.team_id = m.team_id"
            f" ORDER BY who.user_id{BY_CODE_POINT}",
            workspace_id,
            since_ms,
            workspace_id,
            workspace_id,
            workspace_id,
        )
        return [MemberActivity(r[0], r[1], r[2], int(r[3]), int(r[4]), int(r[5])) for r in rows]

    async def question_totals(
        self, workspace_id: str, since_ms: int, team_id: str | None
    ) -> list[TopicTotals]:
        """Answers and rights per question (quiz, daily and practice) since `since_ms`."""
        team = (
            " AND a.user_id IN (SELECT user_id FROM team_members WHERE workspace_id = ?"
            " AND team_id = ?)"
            if team_id
            else ""
        )
        rows = await self._read_all(
            "SELECT q.question_id, COUNT(*), SUM(a.correct)"
            f" FROM ({_ALL_ANSWERS}) AS a JOIN quizzes AS q ON q.id = a.quiz_id"
            f" WHERE a.workspace_id = ? AND a.answered_at_ms >= ?{team} GROUP BY q.question_id",
            workspace_id,
            since_ms,
            *([workspace_id, team_id] if team_id else []),
        )
        return [TopicTotals(r[0], int(r[1]), int(r[2])) for r in rows]

    async def save_question_report(self, report: QuestionReport) -> bool:
        """Store a member's report; False if they had already reported this question."""
        rows = await self._write(
            "INSERT INTO question_reports (workspace_id, question_id, user_id, reason, note,"
            " reported_at_ms) VALUES (?,?,?,?,?,?)"
            " ON CONFLICT (workspace_id, question_id, user_id) DO NOTHING RETURNING question_id",
            report.workspace_id,
            report.question_id,
            report.user_id,
            report.reason,
            report.note,
            report.reported_at_ms,
        )
        return bool(rows)

    async def report_counts(self, workspace_id: str | None) -> list[ReportCount]:
        """Reports per question and reason, in a workspace or in all of them."""
        scope = " WHERE workspace_id = ?" if workspace_id else ""
        rows = await self._read_all(
            "SELECT question_id, reason, note FROM question_reports"
            f"{scope} ORDER BY reported_at_ms",
            *([workspace_id] if workspace_id else []),
        )
        grouped: dict[tuple[str, str], list[str]] = {}
        for question, reason, note in rows:
            grouped.setdefault((question, reason), []).append(note)
        return [
            ReportCount(question, reason, len(notes), tuple(n for n in notes if n))
            for (question, reason), notes in grouped.items()
        ]

    async def reports_since(self, workspace_id: str, since_ms: int) -> int:
        """How many questions members reported since `since_ms`."""
        row = await self._read_one(
            "SELECT COUNT(DISTINCT question_id) FROM question_reports WHERE workspace_id = ?"
            " AND reported_at_ms >= ?",
            workspace_id,
            since_ms,
        )
        return 0 if row is None else int(row[0])

    async def known_workspaces(self) -> list[str]:
        """Every workspace the database has seen, as stored (`discord:<guild id>`, …)."""
        rows = await self._read_all(
            "SELECT workspace_id FROM (SELECT workspace_id FROM users UNION"
            " SELECT workspace_id FROM quizzes UNION SELECT workspace_id FROM workspace_settings)"
            f" AS seen ORDER BY workspace_id{BY_CODE_POINT}"
        )
        return [row[0] for row in rows]
