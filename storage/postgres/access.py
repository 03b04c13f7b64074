"""PostgreSQL's side of `SqlAccess`: a connection pool, and `?` turned into `$n`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache

import asyncpg

from storage.protocol import StoreClosed
from storage.sql.access import Row, SqlAccess


@lru_cache(maxsize=256)
def _dialect(sql: str) -> str:
    """Number the `?` placeholders; the shared statements hold no `?` in literals or operators."""
    first, *rest = sql.split("?")
    return first + "".join(f"${n}{part}" for n, part in enumerate(rest, 1))


class PostgresSession:
    """A pooled connection inside a transaction block."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def write(self, sql: str, *args: object) -> list[Row]:
        return list(await self._conn.fetch(_dialect(sql), *args))

    async def write_many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        await self._conn.executemany(_dialect(sql), rows)


class PostgresAccess(SqlAccess):
    """Reads and ordinary writes borrow a pooled connection for one statement or transaction.

    Unlike SQLite there is no admin lock: every transaction has its own connection, and
    PostgreSQL's row locks order concurrent writers, in this process and in others.
    """

    unique_violation = asyncpg.UniqueViolationError
    _pool_handle: asyncpg.Pool | None = None

    @property
    def _pool(self) -> asyncpg.Pool:
        if self._pool_handle is None:
            raise StoreClosed("the store is not open")
        return self._pool_handle

    async def _read_all(self, sql: str, *args: object) -> list[Row]:
        return list(await self._pool.fetch(_dialect(sql), *args))

    async def _read_one(self, sql: str, *args: object) -> Row | None:
        row: Row | None = await self._pool.fetchrow(_dialect(sql), *args)
        return row

    async def _write(self, sql: str, *args: object) -> list[Row]:
        return await self._read_all(sql, *args)

    @asynccontextmanager
    async def _raw_transaction(self) -> AsyncIterator[asyncpg.Connection]:
        """A pooled connection in a transaction, for statements written for PostgreSQL only."""
        async with self._pool.acquire() as conn, conn.transaction():
            yield conn

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[PostgresSession]:
        async with self._raw_transaction() as conn:
            yield PostgresSession(conn)
