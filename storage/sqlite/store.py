"""The embedded default backend: SQLite in WAL mode, aiosqlite for reads and admin writes."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import cast

import aiosqlite

from storage.learning import (
    ForgetMember,
    ForgetSummary,
    HeldReviews,
    LearningRules,
    PracticeAnswerRecord,
    PracticeOutcome,
)
from storage.records import AnswerOutcome, AnswerRecord
from storage.sql.ask import AskQueries
from storage.sql.cards import WriterItem, WriterResult
from storage.sql.claims import ClaimQueries
from storage.sql.daily import DailyQueries
from storage.sql.group_commit import GroupCommitWriter
from storage.sql.instances import InstanceQueries
from storage.sql.learning import LearningQueries
from storage.sql.packs import PackQueries
from storage.sql.schema import migrations_for, split_statements
from storage.sql.scores import ScoreQueries
from storage.sql.streaks import StreakQueries
from storage.sql.workspaces import WorkspaceQueries
from storage.sqlite.access import SqliteAccess
from storage.sqlite.answers import SqliteAnswerWriter
from storage.sqlite.statements import SqliteStatementWriter

log = logging.getLogger(__name__)



class SqliteStore(
    SqliteAccess,
    ScoreQueries,
    DailyQueries,
    ClaimQueries,
    StreakQueries,
    WorkspaceQueries,
    InstanceQueries,
    AskQueries,
    LearningQueries,
    PackQueries,
):
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
        self._answers: GroupCommitWriter[WriterItem, WriterResult] = GroupCommitWriter(
            self._answer_writer.flush, max_batch=max_batch, on_batch=on_batch
        )

    async def start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._admin_conn = await self._connect()
            await self._prepare(self._admin_conn)
            self._reader_conn = await self._connect()
            await self._answer_writer.open()
            self._answers.start()
            self._statement_writer = SqliteStatementWriter(self.path)
            await self._statement_writer.open()
            self._admin_writes.start()
        except BaseException:
            # An open aiosqlite connection keeps the process alive: close what did open.
            await self.close()
            raise

    async def _connect(self) -> aiosqlite.Connection:
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        try:
            await conn.execute("PRAGMA busy_timeout = 10000")
            await conn.execute("PRAGMA synchronous = FULL")
        except BaseException:
            await conn.close()
            raise
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
        await self._admin_writes.close()
        if self._statement_writer is not None:
            await self._statement_writer.close()
            self._statement_writer = None
        await self._answer_writer.close()
        async with self._admin_lock:
            for conn in (self._reader_conn, self._admin_conn):
                if conn is not None:
                    await conn.close()
            self._reader_conn = self._admin_conn = None

    def use_learning_rules(self, rules: LearningRules) -> None:
        self._answer_writer.rules = rules

    async def record_answer(self, answer: AnswerRecord) -> AnswerOutcome:
        return cast(AnswerOutcome, await self._answers.submit(answer))

    async def record_practice(self, answer: PracticeAnswerRecord) -> PracticeOutcome:
        return cast(PracticeOutcome, await self._answers.submit(answer))

    async def apply_held_reviews(self, held: HeldReviews) -> int:
        return cast(int, await self._answers.submit(held))

    async def forget_member(self, forget: ForgetMember) -> ForgetSummary:
        return cast(ForgetSummary, await self._answers.submit(forget))
