"""The connection pool PostgreSQL's query mixins share, and its one-statement helpers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from storage.protocol import StoreClosed

Row = Any


class PostgresAccess:
    """Reads and ordinary writes borrow a pooled connection for one statement or transaction.

    Unlike SQLite there is no admin lock: every transaction has its own connection, and
    PostgreSQL's row locks order concurrent writers, in this process and in others.
    """

    _pool_handle: asyncpg.Pool | None = None

    @property
    def _pool(self) -> asyncpg.Pool:
        if self._pool_handle is None:
            raise StoreClosed("the store is not open")
        return self._pool_handle

    async def _fetch(self, sql: str, *args: object) -> list[Row]:
        return list(await self._pool.fetch(sql, *args))

    async def _fetch_one(self, sql: str, *args: object) -> Row | None:
        return await self._pool.fetchrow(sql, *args)

    async def _execute(self, sql: str, *args: object) -> None:
        await self._pool.execute(sql, *args)

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[asyncpg.Connection]:
        async with self._pool.acquire() as conn, conn.transaction():
            yield conn
