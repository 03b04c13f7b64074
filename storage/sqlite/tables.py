"""Raw table access to SQLite for the database tools."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import aiosqlite

from storage.sql.tables import MIGRATIONS_TABLE, Rows, quoted, sqlite_path


class SqliteTables:
    dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def _all(self, sql: str, params: Sequence[object] = ()) -> Rows:
        async with self._conn.execute(sql, params) as cursor:
            return [tuple(row) for row in await cursor.fetchall()]

    async def applied_migrations(self) -> dict[int, int]:
        if not await self._all(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
        ):
            return {}
        rows = await self._all(f"SELECT version, applied_at_ms FROM {MIGRATIONS_TABLE}")
        return {int(version): int(at) for version, at in rows}

    async def columns(self) -> dict[str, list[str]]:
        tables = await self._all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name != ? ORDER BY name",
            (MIGRATIONS_TABLE,),
        )
        found = {}
        for (table,) in tables:
            info = await self._all(f"PRAGMA table_info({quoted(str(table))})")
            found[str(table)] = [str(row[1]) for row in info]
        return found

    async def references(self) -> dict[str, set[str]]:
        found = {}
        for table in await self.columns():
            keys = await self._all(f"PRAGMA foreign_key_list({quoted(table)})")
            found[table] = {str(row[2]) for row in keys}
        return found

    async def count(self, table: str) -> int:
        [(found,)] = await self._all(f"SELECT COUNT(*) FROM {quoted(table)}")
        return int(found)

    async def rows(self, table: str, columns: Sequence[str], batch: int) -> AsyncIterator[Rows]:
        select = f"SELECT {', '.join(map(quoted, columns))} FROM {quoted(table)}"
        async with self._conn.execute(select) as cursor:
            while chunk := await cursor.fetchmany(batch):
                yield [tuple(row) for row in chunk]

    @asynccontextmanager
    async def _wrapped(self, begin: str) -> AsyncIterator[None]:
        await self._conn.execute(begin)
        try:
            yield
        except BaseException:
            await self._conn.execute("ROLLBACK")
            raise
        await self._conn.execute("COMMIT")

    def snapshot(self) -> AbstractAsyncContextManager[None]:
        return self._wrapped("BEGIN")

    def transaction(self) -> AbstractAsyncContextManager[None]:
        return self._wrapped("BEGIN IMMEDIATE")

    async def insert(self, table: str, columns: Sequence[str], rows: Rows) -> None:
        marks = ", ".join("?" * len(columns))
        await self._conn.executemany(
            f"INSERT INTO {quoted(table)} ({', '.join(map(quoted, columns))}) VALUES ({marks})",
            rows,
        )

    async def delete_all(self, table: str) -> None:
        await self._conn.execute(f"DELETE FROM {quoted(table)}")


@asynccontextmanager
async def open_sqlite_tables(url: str) -> AsyncIterator[SqliteTables]:
    """An existing database file; a missing one is `FileNotFoundError`, never created."""
    path = sqlite_path(url)
    if not path.is_file():
        raise FileNotFoundError(f"no SQLite database at {path}")
    conn = await aiosqlite.connect(path, isolation_level=None, timeout=10)
    try:
        yield SqliteTables(conn)
    finally:
        await conn.close()
