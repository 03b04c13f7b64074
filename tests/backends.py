"""Which Store backends the contract suite runs against, and how to open a fresh one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from storage import Store
from storage.sqlite import SqliteStore

BACKENDS = ["sqlite"]


@asynccontextmanager
async def open_backend(name: str, tmp_path: Path) -> AsyncIterator[Callable[[], Store]]:
    """Yield a factory of unstarted stores that all share one fresh database."""
    if name == "sqlite":
        path = tmp_path / "contract.db"
        yield lambda: SqliteStore(path)
        return
    raise ValueError(name)
