"""SQLite's single admin statements (claims, quizzes, settings) from concurrent callers,
committed together: one transaction per batch, run whole on a dedicated thread.

A fan-out claims, creates and settles hundreds of daily posts a second; one commit per
statement would pay one fsync each, and one await per statement one thread hand-off
each. Each caller still gets its own result only after the commit. A statement broken
by a constraint is undone alone (SQLite aborts the statement, not the transaction) and
its caller gets the error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from storage.sql.access import Row
from storage.sqlite.thread import ThreadedConnection

# A statement, and the statement to run once per row after it if it returned rows.
Statement = tuple[str, Sequence[object], str, Sequence[Sequence[object]]]
# A statement's rows, or the constraint error that undid that statement alone.
Outcome = list[Row] | sqlite3.IntegrityError


class SqliteStatementWriter(ThreadedConnection):
    def __init__(self, path: Path) -> None:
        super().__init__(path, "llmbot-statements")

    async def flush(self, statements: Sequence[Statement]) -> list[Outcome]:
        return await self._run(partial(self._flush, statements))

    def _flush(self, statements: Sequence[Statement]) -> list[Outcome]:
        conn = self.connection
        conn.execute("BEGIN IMMEDIATE")
        outcomes: list[Outcome] = []
        try:
            for sql, args, then, rows in statements:
                outcomes.append(self._one(conn, sql, args, then, rows))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return outcomes

    def _one(
        self,
        conn: sqlite3.Connection,
        sql: str,
        args: Sequence[object],
        then: str,
        rows: Sequence[Sequence[object]],
    ) -> Outcome:
        if not rows:
            try:
                return conn.execute(sql, args).fetchall()
            except sqlite3.IntegrityError as error:
                return error
        # Two statements that stand or fall together inside the batch's transaction.
        conn.execute("SAVEPOINT item")
        try:
            found: list[Row] = conn.execute(sql, args).fetchall()
            if found:
                conn.executemany(then, rows)
        except sqlite3.IntegrityError as error:
            conn.execute("ROLLBACK TO item")
            conn.execute("RELEASE item")
            return error
        conn.execute("RELEASE item")
        return found
