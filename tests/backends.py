"""Which Store backends the contract suite runs against, and how to open a fresh one.

PostgreSQL runs when `LLMBOT_TEST_POSTGRES_URL` names a reachable server; each use gets a
schema of its own, dropped afterwards, so runs never see each other's rows.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import NoReturn

import pytest

from storage import Store
from storage.maintenance import redacted
from storage.sqlite import SqliteStore

BACKENDS = ["sqlite", "postgres"]

_unreachable: dict[str, str] = {}


def postgres_url() -> str:
    return os.environ.get("LLMBOT_TEST_POSTGRES_URL", "").strip()


def _unavailable(reason: str) -> NoReturn:
    # CI sets LLMBOT_TEST_POSTGRES_REQUIRED: there a missing server is a failure, not a skip,
    # so a green run always means the Postgres suites ran.
    if os.environ.get("LLMBOT_TEST_POSTGRES_REQUIRED"):
        pytest.fail(reason)
    pytest.skip(reason)


async def require_postgres() -> str:
    """The server's URL, or skip the test saying why PostgreSQL is not available."""
    url = postgres_url()
    if not url:
        _unavailable(
            "PostgreSQL tests need LLMBOT_TEST_POSTGRES_URL "
            "(e.g. postgresql://postgres@127.0.0.1:5432/test)"
        )
    if url not in _unreachable:
        try:
            import asyncpg
        except ModuleNotFoundError:
            _unreachable[url] = 'asyncpg is not installed (pip install -e ".[postgres]")'
        else:
            try:
                conn = await asyncpg.connect(url, timeout=5)
            except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
                _unreachable[url] = f"{type(exc).__name__}: {exc}"
            else:
                await conn.close()
                _unreachable[url] = ""
    if _unreachable[url]:
        _unavailable(f"PostgreSQL at {redacted(url)} is unreachable: {_unreachable[url]}")
    return url


def with_search_path(url: str, schema: str) -> str:
    """The URL with the schema as its search path (asyncpg passes unknown query keys on as
    server settings), for code that only takes a URL, such as the `llmbot` command."""
    return f"{url}{'&' if '?' in url else '?'}search_path={schema}"


@asynccontextmanager
async def postgres_schema() -> AsyncIterator[str]:
    """A fresh, empty schema on the test server: yields the URL that selects it."""
    import asyncpg

    url = await require_postgres()
    schema = f"llmbot_test_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield with_search_path(url, schema)
        finally:
            await admin.execute(f"DROP SCHEMA {schema} CASCADE")
    finally:
        await admin.close()


@asynccontextmanager
async def open_backend(name: str, tmp_path: Path) -> AsyncIterator[Callable[[], Store]]:
    """Yield a factory of unstarted stores that all share one fresh database."""
    if name == "sqlite":
        path = tmp_path / "contract.db"
        yield lambda: SqliteStore(path)
        return
    if name == "postgres":
        from storage.postgres import PostgresStore

        async with postgres_schema() as url:
            yield lambda: PostgresStore(url, pool_size=4)
        return
    raise ValueError(name)


@asynccontextmanager
async def started_stores(name: str, tmp_path: Path, count: int = 1) -> AsyncIterator[list[Store]]:
    """`count` started stores on one fresh database of backend `name` (several play several
    instances), closed afterwards."""
    async with open_backend(name, tmp_path) as factory:
        opened = [factory() for _ in range(count)]
        for store in opened:
            await store.start()
        try:
            yield opened
        finally:
            for store in opened:
                await store.close()
