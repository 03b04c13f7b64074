"""The connections SQLite's query mixins share: the reader, and one serialized admin writer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite

from storage.protocol import StoreClosed

Row = tuple[Any, ...]


class SqliteAccess:
    """Admin writes (settings, claims, teams) use their own connection and lock.

    Answers own the main writer connection, whose group-commit transactions stay open
    across awaits; a claim or a team change slipped into one of them would commit or
    roll back with someone else's batch. A separate connection keeps them apart and
    SQLite's file lock (with the busy timeout) orders the two writers.
    """

    _reader_conn: aiosqlite.Connection | None = None
    _admin_conn: aiosqlite.Connection | None = None

    def __init__(self) -> None:
        self._admin_lock = asyncio.Lock()

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

    async def _fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        async with self._reader.execute(sql, params) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def _fetch_one(self, sql: str, params: Sequence[object] = ()) -> Row | None:
        rows = await self._fetch(sql, params)
        return rows[0] if rows else None

    async def _write(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        """One statement in its own transaction; returns what a RETURNING clause gave back."""
        async with self._admin_lock, self._admin.execute(sql, params) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._admin_lock:
            conn = self._admin
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")
