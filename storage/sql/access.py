"""The few async calls the shared query mixins make, so each statement is written once."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, ClassVar, Protocol

Row = Sequence[Any]

# Text sort keys carry this so PostgreSQL orders them by code point, whatever the
# database's locale; SQLite's default BINARY collation already does, and it knows no "C".
BY_CODE_POINT = ' COLLATE "C"'


class Session(Protocol):
    """One open transaction: its statements commit together or not at all."""

    async def write(self, sql: str, *args: object) -> list[Row]:
        """Run one statement; returns what a RETURNING clause gave back."""

    async def write_many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        """Run one statement once per row of arguments."""


class SqlAccess(ABC):
    """What a backend provides to the query mixins.

    Statements use `?` placeholders, and `BY_CODE_POINT` after text sort keys; each backend
    turns them into its own dialect. Reads may go to a different connection than writes.
    """

    # The driver's error for a broken unique constraint, which the mixins report as KeyError.
    unique_violation: ClassVar[type[Exception]]

    @abstractmethod
    async def _read_all(self, sql: str, *args: object) -> list[Row]: ...

    @abstractmethod
    async def _read_one(self, sql: str, *args: object) -> Row | None: ...

    @abstractmethod
    async def _write(self, sql: str, *args: object) -> list[Row]:
        """One statement in its own transaction; returns what a RETURNING clause gave back."""

    @abstractmethod
    def _transaction(self) -> AbstractAsyncContextManager[Session]: ...

    async def _write_then(
        self, sql: str, args: Sequence[object], then: str, rows: Sequence[Sequence[object]]
    ) -> list[Row]:
        """One statement and, if it returned rows, `then` once per row of `rows`: committed
        together or not at all. Returns what the first statement returned."""
        async with self._transaction() as session:
            found = await session.write(sql, *args)
            if found and rows:
                await session.write_many(then, rows)
        return found
