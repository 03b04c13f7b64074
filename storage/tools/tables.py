"""Raw table access for the database tools: list, count, read and write rows on either backend.

The stores speak in records; `llmbot db status` and `llmbot db copy` need the tables
themselves, whatever they hold, so that a copy carries every row of every table.
"""

from __future__ import annotations

import graphlib
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

Rows = list[tuple[Any, ...]]

MIGRATIONS_TABLE = "schema_migrations"


class Tables(Protocol):
    """One open connection to a database, seen as plain tables."""

    dialect: str

    async def applied_migrations(self) -> dict[int, int]:
        """Applied migration versions and when (epoch ms); empty before the first one."""

    async def columns(self) -> dict[str, list[str]]:
        """Every data table (not the migrations table) with its columns in order."""

    async def references(self) -> dict[str, set[str]]:
        """The tables each table's foreign keys point at."""

    async def count(self, table: str) -> int: ...

    def rows(self, table: str, columns: Sequence[str], batch: int) -> AsyncIterator[Rows]:
        """The table's rows in batches; inside `snapshot()` they all come from one moment."""

    def snapshot(self) -> AbstractAsyncContextManager[None]:
        """Reads that see one consistent state while writers carry on."""

    def transaction(self) -> AbstractAsyncContextManager[None]:
        """Writes that commit together or not at all."""

    async def insert(self, table: str, columns: Sequence[str], rows: Rows) -> None: ...

    async def delete_all(self, table: str) -> None: ...


def dialect_of(url: str) -> str:
    if url.startswith("sqlite:///"):
        return "sqlite"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgres"
    raise ValueError(f"not a database URL: {url.split(':', 1)[0]!r}")


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def dependency_order(
    columns: Mapping[str, object], references: Mapping[str, set[str]]
) -> list[str]:
    """Tables with the ones others point at first, so foreign keys hold while rows arrive."""
    graph = {
        table: {ref for ref in references.get(table, set()) if ref in columns and ref != table}
        for table in sorted(columns)
    }
    return list(graphlib.TopologicalSorter(graph).static_order())


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
async def open_tables(url: str) -> AsyncIterator[Tables]:
    """Connect to an existing database; a missing SQLite file is `FileNotFoundError`, not a
    new empty database."""
    if dialect_of(url) == "postgres":
        from storage.postgres.tables import open_postgres_tables

        async with open_postgres_tables(url) as tables:
            yield tables
        return
    path = sqlite_path(url)
    if not path.is_file():
        raise FileNotFoundError(f"no SQLite database at {path}")
    conn = await aiosqlite.connect(path, isolation_level=None, timeout=10)
    try:
        yield SqliteTables(conn)
    finally:
        await conn.close()
