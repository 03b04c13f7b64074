"""SQLite's side of `SqlAccess`: the reader, and one serialized admin writer."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache

import aiosqlite

from storage.protocol import StoreClosed
from storage.sql.access import BY_CODE_POINT, Row, SqlAccess
from storage.sql.group_commit import GroupCommitWriter
from storage.sqlite.statements import Outcome, SqliteStatementWriter, Statement


@lru_cache(maxsize=256)
def _dialect(sql: str) -> str:
    """SQLite takes `?` as is and already sorts text by code point."""
    return sql.replace(BY_CODE_POINT, "")


class SqliteSession:
    """The admin connection inside a BEGIN IMMEDIATE … COMMIT block."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def write(self, sql: str, *args: object) -> list[Row]:
        async with self._conn.execute(_dialect(sql), args) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def write_many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        await self._conn.executemany(_dialect(sql), rows)


class SqliteAccess(SqlAccess):
    """Admin writes (settings, claims, teams) use their own connection and lock.

    Answers own the main writer connection, whose group-commit transactions stay open
    across awaits; a claim or a team change slipped into one of them would commit or
    roll back with someone else's batch. A separate connection keeps them apart and
    SQLite's file lock (with the busy timeout) orders the two writers.

    Single statements go through `SqliteStatementWriter`, which commits concurrent
    callers' statements together; transactions that span awaits keep the aiosqlite
    admin connection and its lock.
    """

    unique_violation = sqlite3.IntegrityError
    _reader_conn: aiosqlite.Connection | None = None
    _admin_conn: aiosqlite.Connection | None = None

    def __init__(self) -> None:
        self._admin_lock = asyncio.Lock()
        self._statement_writer: SqliteStatementWriter | None = None
        self._admin_writes: GroupCommitWriter[Statement, Outcome] = GroupCommitWriter(
            self._commit_statements, max_batch=512
        )

    @property
    def _reader(self) -> aiosqlite.Connection:
        if self._reader_conn is None:
            raise StoreClosed("the store is not open")
        return self._reader_conn

    @property
    def _admin(self) -> aiosqlite.Connection:
        if self._admin_conn is None:
            raise StoreClosed("the store is not open")
        return self._admin_conn

    async def _read_all(self, sql: str, *args: object) -> list[Row]:
        async with self._reader.execute(_dialect(sql), args) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def _read_one(self, sql: str, *args: object) -> Row | None:
        rows = await self._read_all(sql, *args)
        return rows[0] if rows else None

    async def _write(self, sql: str, *args: object) -> list[Row]:
        return await self._write_then(sql, args, "", ())

    async def _write_then(
        self, sql: str, args: Sequence[object], then: str, rows: Sequence[Sequence[object]]
    ) -> list[Row]:
        outcome = await self._admin_writes.submit((_dialect(sql), args, _dialect(then), rows))
        if isinstance(outcome, sqlite3.IntegrityError):
            raise outcome
        return outcome

    async def _commit_statements(self, statements: Sequence[Statement]) -> list[Outcome]:
        if self._statement_writer is None:
            raise StoreClosed("the store is not open")
        return await self._statement_writer.flush(statements)

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[SqliteSession]:
        async with self._admin_lock:
            conn = self._admin
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteSession(conn)
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")
