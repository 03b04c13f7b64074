"""The SQLite answer writer: one transaction per batch, run whole on its own thread.

A burst keeps the event loop busy, and every await on a database thread then waits
for the loop and for the GIL; a transaction of six statements awaited one by one
spent most of its time queued. Running the whole batch as one function on a
dedicated thread costs one hand-off per batch, and multi-row statements keep the
number of GIL releases per batch constant instead of one per row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import partial
from itertools import chain
from pathlib import Path

from storage.records import AnswerOutcome, AnswerRecord
from storage.sql.batching import answer_row, first_wins
from storage.sqlite.thread import ThreadedConnection

# Rows per multi-row statement: under SQLite's 32,766 bound variables at 7 per row.
CHUNK = 4_000

_ANSWER_INSERT = (
    "INSERT INTO answers (quiz_id, workspace_id, user_id, choice, correct, points,"
    " answered_at_ms) VALUES {values} ON CONFLICT (quiz_id, user_id) DO NOTHING"
)
_USER_UPSERT = (
    "INSERT INTO users (workspace_id, user_id, display_name) VALUES {values}"
    " ON CONFLICT (workspace_id, user_id) DO UPDATE SET display_name = excluded.display_name"
)
_SCORE_UPSERT = (
    "INSERT INTO scores (workspace_id, period, user_id, points, answered, correct)"
    " VALUES {values} ON CONFLICT (workspace_id, period, user_id) DO UPDATE SET"
    " points = points + excluded.points, answered = answered + excluded.answered,"
    " correct = correct + excluded.correct"
)
# The keys inserted by this transaction, as one row: rowids only grow while we hold
# the write lock, so everything above the previous maximum is ours.
_INSERTED_SINCE = (
    "SELECT group_concat(quiz_id || char(31) || user_id, char(30)) FROM answers WHERE rowid > ?"
)


def _values(rows: int, width: int) -> str:
    row = "(" + ",".join("?" * width) + ")"
    return ",".join([row] * rows)


def _execute_rows(
    conn: sqlite3.Connection, template: str, rows: Sequence[tuple[object, ...]]
) -> int:
    """Run a multi-row statement over `rows` in chunks; returns the rows it changed."""
    changed = 0
    width = len(rows[0])
    step = CHUNK * 7 // width
    for start in range(0, len(rows), step):
        chunk = rows[start : start + step]
        params = list(chain.from_iterable(chunk))
        changed += conn.execute(template.format(values=_values(len(chunk), width)), params).rowcount
    return changed


class SqliteAnswerWriter(ThreadedConnection):
    def __init__(self, path: Path) -> None:
        super().__init__(path, "llmbot-answers")

    def _connect(self) -> sqlite3.Connection:
        conn = super()._connect()
        # A commit that must also checkpoint holds every answer queued behind it for as
        # long as copying the WAL takes; the store checkpoints on another connection.
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        return conn

    async def flush(self, batch: Sequence[AnswerRecord]) -> list[AnswerOutcome]:
        return await self._run(partial(self._flush, batch))

    def _flush(self, batch: Sequence[AnswerRecord]) -> list[AnswerOutcome]:
        conn = self.connection
        conn.execute("BEGIN IMMEDIATE")
        try:
            before = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM answers").fetchone()[0]
            rows = [answer_row(a) for a in batch]
            inserted_count = _execute_rows(conn, _ANSWER_INSERT, rows)
            if inserted_count == len(batch):
                inserted = {(a.quiz_id, a.user_id) for a in batch}
            else:
                blob = conn.execute(_INSERTED_SINCE, (before,)).fetchone()[0] or ""
                inserted = {
                    (quiz, user)
                    for quiz, _, user in (
                        key.partition("\x1f") for key in blob.split("\x1e") if key
                    )
                }
            outcomes, deltas = first_wins(batch, inserted)
            if deltas.names:
                _execute_rows(conn, _USER_UPSERT, deltas.user_rows())
                _execute_rows(conn, _SCORE_UPSERT, deltas.score_rows())
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return outcomes
