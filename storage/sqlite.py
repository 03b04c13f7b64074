"""The embedded default backend: SQLite in WAL mode through aiosqlite."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import aiosqlite

from storage.group_commit import GroupCommitWriter
from storage.migrations import migrations_for, split_statements
from storage.protocol import StoreClosed
from storage.records import AnswerOutcome, AnswerRecord, QuizRecord, ScoreRow

log = logging.getLogger(__name__)

# Rows per multi-row INSERT: well under SQLite's 32,766 bound variables at 7 per row.
_INSERT_CHUNK = 400

_SCORE_UPSERT = """
INSERT INTO scores (workspace_id, period, user_id, points, answered, correct)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (workspace_id, period, user_id) DO UPDATE SET
    points = points + excluded.points,
    answered = answered + excluded.answered,
    correct = correct + excluded.correct
"""

_USER_UPSERT = """
INSERT INTO users (workspace_id, user_id, display_name) VALUES (?, ?, ?)
ON CONFLICT (workspace_id, user_id) DO UPDATE SET display_name = excluded.display_name
"""

_SCORE_SELECT = """
SELECT s.user_id, COALESCE(u.display_name, s.user_id), s.points, s.answered, s.correct
FROM scores AS s
LEFT JOIN users AS u ON u.workspace_id = s.workspace_id AND u.user_id = s.user_id
"""


def _chunks(items: Sequence[AnswerRecord], size: int) -> Iterator[Sequence[AnswerRecord]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class ScoreDeltas:
    """Sums a batch's answers per (workspace, period, user) so each gets one upsert."""

    def __init__(self) -> None:
        self.scores: dict[tuple[str, str, str], list[int]] = {}
        self.names: dict[tuple[str, str], str] = {}

    def add(self, answer: AnswerRecord) -> None:
        self.names[(answer.workspace_id, answer.user_id)] = answer.display_name
        for period in answer.periods:
            totals = self.scores.setdefault(
                (answer.workspace_id, period, answer.user_id), [0, 0, 0]
            )
            totals[0] += answer.points
            totals[1] += 1
            totals[2] += int(answer.correct)

    def score_rows(self) -> list[tuple[str, str, str, int, int, int]]:
        return [(ws, period, user, *totals) for (ws, period, user), totals in self.scores.items()]

    def user_rows(self) -> list[tuple[str, str, str]]:
        return [(ws, user, name) for (ws, user), name in self.names.items()]


def first_wins(
    batch: Sequence[AnswerRecord], inserted: set[tuple[str, str]]
) -> tuple[list[AnswerOutcome], ScoreDeltas]:
    """Give RECORDED to the first answer of each inserted (quiz, user) pair, in batch order."""
    outcomes: list[AnswerOutcome] = []
    deltas = ScoreDeltas()
    won: set[tuple[str, str]] = set()
    for answer in batch:
        key = (answer.quiz_id, answer.user_id)
        if key in inserted and key not in won:
            won.add(key)
            deltas.add(answer)
            outcomes.append(AnswerOutcome.RECORDED)
        else:
            outcomes.append(AnswerOutcome.ALREADY_ANSWERED)
    return outcomes, deltas


class SqliteStore:
    """Two connections: one writer behind the group-commit task, one reader (WAL lets both run)."""

    dialect = "sqlite"

    def __init__(
        self,
        path: str | Path,
        *,
        max_batch: int = 512,
        on_batch: Callable[[int], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self._writer_conn: aiosqlite.Connection | None = None
        self._reader_conn: aiosqlite.Connection | None = None
        self._answers: GroupCommitWriter[AnswerRecord, AnswerOutcome] = GroupCommitWriter(
            self._flush_answers, max_batch=max_batch, on_batch=on_batch
        )

    async def start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer_conn = await self._connect()
        await self._prepare(self._writer_conn)
        self._reader_conn = await self._connect()
        self._answers.start()

    async def _connect(self) -> aiosqlite.Connection:
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        await conn.execute("PRAGMA busy_timeout = 10000")
        await conn.execute("PRAGMA synchronous = FULL")
        return conn

    async def _prepare(self, conn: aiosqlite.Connection) -> None:
        """Switch to WAL and migrate, retrying while another instance holds the lock.

        SQLite reports a lock-mode change racing with another starter as an immediate
        "database is locked" that the busy timeout does not cover.
        """
        delay = 0.01
        for attempt in range(12):
            try:
                await conn.execute("PRAGMA journal_mode=WAL")
                await self._migrate(conn)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 11:
                    raise
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)

    async def _migrate(self, conn: aiosqlite.Connection) -> None:
        # BEGIN IMMEDIATE takes the write lock first, so instances starting together
        # apply each migration once.
        await conn.execute("BEGIN IMMEDIATE")
        try:
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)"
            )
            async with conn.execute("SELECT version FROM schema_migrations") as cursor:
                applied = {row[0] for row in await cursor.fetchall()}
            for migration in migrations_for(self.dialect):
                if migration.version in applied:
                    continue
                for statement in split_statements(migration.sql):
                    await conn.execute(statement)
                await conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    (migration.version, migration.name, int(time.time() * 1000)),
                )
                log.info("applied migration %04d_%s", migration.version, migration.name)
            await conn.execute("COMMIT")
        except BaseException:
            await conn.execute("ROLLBACK")
            raise

    async def close(self) -> None:
        await self._answers.close()
        for conn in (self._reader_conn, self._writer_conn):
            if conn is not None:
                await conn.close()
        self._reader_conn = self._writer_conn = None

    @property
    def _writer(self) -> aiosqlite.Connection:
        if self._writer_conn is None:
            raise StoreClosed("the store is not open")
        return self._writer_conn

    @property
    def _reader(self) -> aiosqlite.Connection:
        if self._reader_conn is None:
            raise StoreClosed("the store is not open")
        return self._reader_conn

    async def create_quiz(self, quiz: QuizRecord) -> None:
        try:
            await self._writer.execute(
                "INSERT INTO quizzes (id, workspace_id, channel_id, question_id, choice_order,"
                " created_by, created_at_ms, kind, closes_at_ms) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    quiz.id,
                    quiz.workspace_id,
                    quiz.channel_id,
                    quiz.question_id,
                    ",".join(map(str, quiz.choice_order)),
                    quiz.created_by,
                    quiz.created_at_ms,
                    quiz.kind,
                    quiz.closes_at_ms,
                ),
            )
        except sqlite3.IntegrityError as exc:
            raise KeyError(quiz.id) from exc

    async def get_quiz(self, workspace_id: str, quiz_id: str) -> QuizRecord | None:
        async with self._reader.execute(
            "SELECT id, workspace_id, channel_id, question_id, choice_order, created_by,"
            " created_at_ms, kind, closes_at_ms FROM quizzes WHERE id = ? AND workspace_id = ?",
            (quiz_id, workspace_id),
        ) as cursor:
            row = await cursor.fetchone()
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
        )

    async def record_answer(self, answer: AnswerRecord) -> AnswerOutcome:
        return await self._answers.submit(answer)

    async def _flush_answers(self, batch: Sequence[AnswerRecord]) -> list[AnswerOutcome]:
        conn = self._writer
        await conn.execute("BEGIN IMMEDIATE")
        try:
            inserted: set[tuple[str, str]] = set()
            for chunk in _chunks(batch, _INSERT_CHUNK):
                sql = (
                    "INSERT INTO answers (quiz_id, workspace_id, user_id, choice, correct, points,"
                    " answered_at_ms) VALUES "
                    + ",".join(["(?,?,?,?,?,?,?)"] * len(chunk))
                    + " ON CONFLICT (quiz_id, user_id) DO NOTHING RETURNING quiz_id, user_id"
                )
                params: list[object] = []
                for a in chunk:
                    params += [
                        a.quiz_id,
                        a.workspace_id,
                        a.user_id,
                        a.choice,
                        int(a.correct),
                        a.points,
                        a.answered_at_ms,
                    ]
                async with conn.execute(sql, params) as cursor:
                    inserted.update((row[0], row[1]) for row in await cursor.fetchall())
            outcomes, deltas = first_wins(batch, inserted)
            if deltas.names:
                await conn.executemany(_USER_UPSERT, deltas.user_rows())
                await conn.executemany(_SCORE_UPSERT, deltas.score_rows())
            await conn.execute("COMMIT")
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
        return outcomes

    async def top_scores(self, workspace_id: str, period: str, limit: int) -> list[ScoreRow]:
        async with self._reader.execute(
            _SCORE_SELECT + " WHERE s.workspace_id = ? AND s.period = ?"
            " ORDER BY s.points DESC, s.correct DESC, s.user_id LIMIT ?",
            (workspace_id, period, limit),
        ) as cursor:
            return [ScoreRow(*row) for row in await cursor.fetchall()]

    async def user_score(self, workspace_id: str, period: str, user_id: str) -> ScoreRow | None:
        async with self._reader.execute(
            _SCORE_SELECT + " WHERE s.workspace_id = ? AND s.period = ? AND s.user_id = ?",
            (workspace_id, period, user_id),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else ScoreRow(*row)

    async def rank_of(self, workspace_id: str, period: str, user_id: str) -> int | None:
        async with self._reader.execute(
            "SELECT 1 + (SELECT COUNT(*) FROM scores AS o WHERE o.workspace_id = s.workspace_id"
            " AND o.period = s.period AND o.points > s.points) FROM scores AS s"
            " WHERE s.workspace_id = ? AND s.period = ? AND s.user_id = ?",
            (workspace_id, period, user_id),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else int(row[0])

    async def answer_counts(self, quiz_id: str) -> dict[int, int]:
        async with self._reader.execute(
            "SELECT choice, COUNT(*) FROM answers WHERE quiz_id = ? GROUP BY choice", (quiz_id,)
        ) as cursor:
            return {int(choice): int(count) for choice, count in await cursor.fetchall()}
