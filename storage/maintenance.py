"""The work behind `llmbot db`: migration status, copying between databases, backups."""

from __future__ import annotations

import logging
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

import aiosqlite

from storage import open_store
from storage.sql.schema import migrations_for
from storage.sql.tables import dependency_order, dialect_of, open_tables, sqlite_path

log = logging.getLogger(__name__)

COPY_BATCH = 5_000

Progress = Callable[[int, int], None]


class TargetNotEmpty(RuntimeError):
    """`db copy` found rows in the target; `force` replaces them."""

    def __init__(self, filled: dict[str, int]) -> None:
        listed = ", ".join(f"{table} ({count:,})" for table, count in filled.items())
        super().__init__(f"the target already holds rows in {listed}")
        self.filled = filled


class SchemaMismatch(RuntimeError):
    """Source and target tables differ even after both were migrated."""


@dataclass(frozen=True, slots=True)
class MigrationState:
    version: int
    name: str
    applied_at_ms: int | None


def redacted(url: str) -> str:
    """The URL with its password replaced, fit for a terminal or a log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))


async def migration_status(url: str) -> list[MigrationState]:
    """Every migration this llmbot knows, with when it was applied to that database (None
    if pending); a missing SQLite file has them all pending and is not created."""
    try:
        async with open_tables(url) as tables:
            applied = await tables.applied_migrations()
    except FileNotFoundError:
        applied = {}
    return [
        MigrationState(m.version, m.name, applied.get(m.version))
        for m in migrations_for(dialect_of(url))
    ]


async def migrate(url: str) -> None:
    """Bring the database to the current schema, exactly as a starting bot does."""
    store = open_store(url)
    await store.start()
    await store.close()


async def copy_database(
    source_url: str,
    target_url: str,
    *,
    force: bool = False,
    batch: int = COPY_BATCH,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Copy every row of every table, in foreign-key order, and return the rows per table.

    Both databases are migrated first. The source is read from one snapshot, so a running
    bot may keep writing to it; the target is written in one transaction, so a failed copy
    leaves it as it was. A target with rows is refused unless `force` replaces them.
    """
    if source_url == target_url:
        raise ValueError("the source and the target are the same database")
    if dialect_of(source_url) == "sqlite":
        _existing_sqlite(source_url)
    await migrate(source_url)
    await migrate(target_url)
    async with open_tables(source_url) as source, open_tables(target_url) as target:
        columns = await target.columns()
        if await source.columns() != columns:
            raise SchemaMismatch("the source and target tables differ; are both llmbot's?")
        order = dependency_order(columns, await target.references())
        copied: dict[str, int] = {}
        async with target.transaction():
            filled = {t: n for t in order if (n := await target.count(t))}
            if filled and not force:
                raise TargetNotEmpty(filled)
            for table in reversed(order):
                await target.delete_all(table)
            async with source.snapshot():
                totals = {table: await source.count(table) for table in order}
                total, done = sum(totals.values()), 0
                if progress is not None:
                    progress(done, total)
                for table in order:
                    copied[table] = 0
                    async for rows in source.rows(table, columns[table], batch):
                        await target.insert(table, columns[table], rows)
                        copied[table] += len(rows)
                        done += len(rows)
                        if progress is not None:
                            progress(done, total)
    log.info("copied %d rows from %s to %s", done, redacted(source_url), redacted(target_url))
    return copied


def default_backup_path(url: str, now: datetime) -> Path:
    """Beside the SQLite file, or in the working directory for PostgreSQL, named by time."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    if dialect_of(url) == "sqlite":
        path = sqlite_path(url)
        return path.with_name(f"{path.stem}-{stamp}{path.suffix or '.db'}")
    return Path(f"llmbot-{stamp}.dump")


def _existing_sqlite(url: str) -> Path:
    path = sqlite_path(url)
    if not path.is_file():
        raise FileNotFoundError(f"no SQLite database at {path}")
    return path


def _fresh_file(path: Path) -> None:
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)


async def backup_sqlite(url: str, destination: Path) -> Path:
    """A consistent, compact copy of a live SQLite database through `VACUUM INTO`."""
    source = _existing_sqlite(url)
    _fresh_file(destination)
    async with aiosqlite.connect(source, timeout=10) as conn:
        await conn.execute("VACUUM INTO ?", (str(destination),))
    return destination


def pg_dump_command(url: str, destination: Path) -> str:
    """The pg_dump line that backs up a PostgreSQL database; the password stays out of it
    (pg_dump reads PGPASSWORD or ~/.pgpass)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    netloc = parts.netloc
    if parts.password is not None:
        netloc = netloc.replace(f":{parts.password}@", "@")
    plain = urlunsplit(("postgresql", netloc, parts.path, "", ""))
    command = ["pg_dump", "--format=custom", f"--file={destination}"]
    command += [f"--schema={schema}" for schema in query.get("search_path", [])]
    return shlex.join([*command, plain])
