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


@asynccontextmanager
async def open_tables(url: str) -> AsyncIterator[Tables]:
    """Connect to an existing database; a missing SQLite file is `FileNotFoundError`, not a
    new empty database."""
    if dialect_of(url) == "postgres":
        from storage.postgres.tables import open_postgres_tables

        async with open_postgres_tables(url) as tables:
            yield tables
        return
    from storage.sqlite.tables import open_sqlite_tables

    async with open_sqlite_tables(url) as found:
        yield found
