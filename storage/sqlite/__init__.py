"""The embedded SQLite backend (aiosqlite), the default."""

from storage.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]
