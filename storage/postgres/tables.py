"""Raw table access to PostgreSQL for the database tools; rows arrive through binary COPY."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import asyncpg

from storage.sql.tables import MIGRATIONS_TABLE, Rows, quoted


class PostgresTables:
    """Tables of the connection's current schema (the first of its search path)."""

    dialect = "postgres"

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def applied_migrations(self) -> dict[int, int]:
        if await self._conn.fetchval("SELECT to_regclass($1)", MIGRATIONS_TABLE) is None:
            return {}
        rows = await self._conn.fetch(f"SELECT version, applied_at_ms FROM {MIGRATIONS_TABLE}")
        return {int(version): int(at) for version, at in rows}

    async def columns(self) -> dict[str, list[str]]:
        rows = await self._conn.fetch(
            "SELECT c.table_name, c.column_name FROM information_schema.columns AS c"
            " JOIN information_schema.tables AS t ON t.table_schema = c.table_schema"
            " AND t.table_name = c.table_name"
            " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
            " AND c.table_name != $1 ORDER BY c.table_name, c.ordinal_position",
            MIGRATIONS_TABLE,
        )
        found: dict[str, list[str]] = {}
        for table, column in rows:
            found.setdefault(table, []).append(column)
        return found

    async def references(self) -> dict[str, set[str]]:
        rows = await self._conn.fetch(
            "SELECT src.relname, dst.relname FROM pg_constraint AS c"
            " JOIN pg_class AS src ON src.oid = c.conrelid"
            " JOIN pg_class AS dst ON dst.oid = c.confrelid"
            " WHERE c.contype = 'f' AND src.relnamespace = current_schema()::text::regnamespace"
        )
        found: dict[str, set[str]] = {}
        for table, target in rows:
            found.setdefault(table, set()).add(target)
        return found

    async def count(self, table: str) -> int:
        return int(await self._conn.fetchval(f"SELECT COUNT(*) FROM {quoted(table)}"))

    async def rows(self, table: str, columns: Sequence[str], batch: int) -> AsyncIterator[Rows]:
        select = f"SELECT {', '.join(map(quoted, columns))} FROM {quoted(table)}"
        chunk: Rows = []
        async for record in self._conn.cursor(select, prefetch=batch):
            chunk.append(tuple(record))
            if len(chunk) == batch:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def snapshot(self) -> AbstractAsyncContextManager[None]:
        return self._wrapped(isolation="repeatable_read", readonly=True)

    def transaction(self) -> AbstractAsyncContextManager[None]:
        return self._wrapped()

    @asynccontextmanager
    async def _wrapped(self, **options: object) -> AsyncIterator[None]:
        async with self._conn.transaction(**options):
            yield

    async def insert(self, table: str, columns: Sequence[str], rows: Rows) -> None:
        await self._conn.copy_records_to_table(table, records=rows, columns=list(columns))

    async def delete_all(self, table: str) -> None:
        await self._conn.execute(f"DELETE FROM {quoted(table)}")


@asynccontextmanager
async def open_postgres_tables(url: str) -> AsyncIterator[PostgresTables]:
    conn = await asyncpg.connect(url)
    try:
        yield PostgresTables(conn)
    finally:
        await conn.close()
