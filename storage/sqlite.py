"""The embedded default backend: SQLite in WAL mode, aiosqlite for reads and admin writes."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import aiosqlite

from storage.group_commit import GroupCommitWriter
from storage.migrations import migrations_for, split_statements
from storage.records import AnswerOutcome, AnswerRecord, QuizAnswerRow, QuizRecord, ScoreRow
from storage.sqlite_answers import SqliteAnswerWriter
from storage.sqlite_daily import SqliteDaily
from storage.sqlite_workspace import SqliteWorkspace

log = logging.getLogger(__name__)

_SCORE_SELECT = """
SELECT s.user_id, COALESCE(u.display_name, s.user_id), s.points, s.answered, s.correct
FROM scores AS s
LEFT JOIN users AS u ON u.workspace_id = s.workspace_id AND u.user_id = s.user_id
"""


class SqliteStore(SqliteDaily, SqliteWorkspace):
    """Three connections: the answer writer behind the group-commit task (on its own
    thread, see `sqlite_answers`), a writer for quizzes, claims, teams and settings, and
    a reader (WAL lets them all run)."""

    dialect = "sqlite"

    def __init__(
        self,
        path: str | Path,
        *,
        max_batch: int = 512,
        on_batch: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self._answer_writer = SqliteAnswerWriter(self.path)
        self._reader_conn = None
        self._admin_conn = None
        self._answers: GroupCommitWriter[AnswerRecord, AnswerOutcome] = GroupCommitWriter(
            self._answer_writer.flush, max_batch=max_batch, on_batch=on_batch
        )

    async def start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._admin_conn = await self._connect()
        await self._prepare(self._admin_conn)
        self._reader_conn = await self._connect()
        await self._answer_writer.open()
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
        await self._answer_writer.close()
        async with self._admin_lock:
            for conn in (self._reader_conn, self._admin_conn):
                if conn is not None:
                    await conn.close()
            self._reader_conn = self._admin_conn = None

    async def create_quiz(self, quiz: QuizRecord) -> None:
        try:
            await self._write(
                "INSERT INTO quizzes (id, workspace_id, channel_id, question_id, choice_order,"
                " created_by, created_at_ms, kind, closes_at_ms, feedback)"
                " VALUES (?,?,?,?,?,?,?,?,?,?)",
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
                    quiz.feedback,
                ),
            )
        except sqlite3.IntegrityError as exc:
            raise KeyError(quiz.id) from exc

    async def get_quiz(self, workspace_id: str, quiz_id: str) -> QuizRecord | None:
        async with self._reader.execute(
            "SELECT id, workspace_id, channel_id, question_id, choice_order, created_by,"
            " created_at_ms, kind, closes_at_ms, feedback FROM quizzes"
            " WHERE id = ? AND workspace_id = ?",
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
            feedback=row[9],
        )

    async def record_answer(self, answer: AnswerRecord) -> AnswerOutcome:
        return await self._answers.submit(answer)

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

    async def quiz_answers(self, workspace_id: str, quiz_id: str) -> list[QuizAnswerRow]:
        rows = await self._fetch(
            "SELECT a.user_id, COALESCE(u.display_name, a.user_id), a.choice, a.correct,"
            " a.answered_at_ms FROM answers AS a LEFT JOIN users AS u"
            " ON u.workspace_id = a.workspace_id AND u.user_id = a.user_id"
            " WHERE a.workspace_id = ? AND a.quiz_id = ? ORDER BY a.answered_at_ms, a.user_id",
            (workspace_id, quiz_id),
        )
        return [QuizAnswerRow(r[0], r[1], int(r[2]), bool(r[3]), int(r[4])) for r in rows]
