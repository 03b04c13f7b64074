"""The SQLite answer writer: one transaction per batch, run whole on its own thread.

A burst keeps the event loop busy, and every await on a database thread then waits
for the loop and for the GIL; a transaction of six statements awaited one by one
spent most of its time queued. Running the whole batch as one function on a
dedicated thread costs one hand-off per batch, and multi-row statements keep the
number of GIL releases per batch constant instead of one per row.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TypeVar

from storage.learning import ForgetMember, LearningRules
from storage.records import AnswerOutcome, AnswerRecord
from storage.sql.batching import answer_row, first_wins
from storage.sql.cards import WriterItem, WriterResult, runs, unique_names
from storage.sqlite.learning import apply_learning, forget

T = TypeVar("T")

# Rows per multi-row statement: under SQLite's 32,766 bound variables at 7 per row.
CHUNK = 4_000
# Every answer touches a page of each member-keyed index (scores, cards, topic summaries,
# answers by member): with SQLite's default 2 MiB page cache a large workspace re-reads
# most of those pages from the file in every batch; 32 MiB keeps them for this connection.
CACHE_KIB = 32 * 1024
# WAL pages between checkpoints. At the default (1,000) a burst's commit, which writes
# about as many pages, checkpoints every time and copies each member's pages back into the
# database once per batch; at 10,000 (about 40 MiB of WAL) a page re-written by the next
# batches is copied once. With the cache above, replaying a burst's batches on the writer
# alone took about 80 µs of CPU per answer instead of 111.
CHECKPOINT_PAGES = 10_000

_ANSWER_INSERT = (
    "INSERT INTO answers (quiz_id, workspace_id, user_id, choice, correct, points,"
    " answered_at_ms) VALUES {values} ON CONFLICT (quiz_id, user_id) DO NOTHING"
)
_USER_UPSERT = (
    "INSERT INTO users (workspace_id, user_id, display_name) VALUES {values}"
    " ON CONFLICT (workspace_id, user_id) DO UPDATE SET display_name = excluded.display_name"
    # An unchanged name (nearly every answer) leaves its row and page alone.
    " WHERE users.display_name IS NOT excluded.display_name"
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


class SqliteAnswerWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llmbot-answers")
        self._conn: sqlite3.Connection | None = None
        self.rules: LearningRules | None = None

    async def open(self) -> None:
        self._conn = await self._run(self._connect)

    async def close(self) -> None:
        if self._conn is not None:
            await self._run(self._conn.close)
            self._conn = None
        self._executor.shutdown(wait=True)

    async def flush(self, batch: Sequence[WriterItem]) -> list[WriterResult]:
        return await self._run(partial(self._flush, batch))

    async def _run(self, fn: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
        return conn

    def _flush(self, batch: Sequence[WriterItem]) -> list[WriterResult]:
        conn = self._conn
        if conn is None:
            raise sqlite3.ProgrammingError("the answer writer is closed")
        results: dict[int, WriterResult] = {}
        conn.execute("BEGIN IMMEDIATE")
        try:
            for run in runs(batch):
                first = run[0][1]
                if isinstance(first, ForgetMember):
                    results[run[0][0]] = forget(conn, first)
                else:
                    results.update(self._flush_run(conn, run))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return [results[index] for index in range(len(batch))]

    def _flush_run(
        self, conn: sqlite3.Connection, run: Sequence[tuple[int, WriterItem]]
    ) -> dict[int, WriterResult]:
        answers = [(i, a) for i, a in run if isinstance(a, AnswerRecord)]
        outcomes: dict[int, AnswerOutcome] = {}
        names: list[tuple[str, str, str]] = []
        if answers:
            before = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM answers").fetchone()[0]
            records = [a for _, a in answers]
            inserted_count = _execute_rows(conn, _ANSWER_INSERT, [answer_row(a) for a in records])
            inserted: set[tuple[str, str]] | None = None
            if inserted_count != len(records):
                blob = conn.execute(_INSERTED_SINCE, (before,)).fetchone()[0] or ""
                inserted = {
                    (quiz, user)
                    for quiz, _, user in (
                        key.partition("\x1f") for key in blob.split("\x1e") if key
                    )
                }
            found, deltas = first_wins(records, inserted)
            outcomes = dict(zip([i for i, _ in answers], found, strict=True))
            names = deltas.user_rows()
            if deltas.scores:
                _execute_rows(conn, _SCORE_UPSERT, deltas.score_rows())
        learned, practice_names = apply_learning(conn, run, outcomes, self.rules, _execute_rows)
        if practice_names:
            names = unique_names([*names, *practice_names])
        if names:
            _execute_rows(conn, _USER_UPSERT, names)
        return {**outcomes, **learned}
