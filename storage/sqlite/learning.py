"""The learning part of a SQLite answer batch: practice answers, cards, topic summaries,
question statistics, held reviews and forgets, on the writer's thread and transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from storage.learning import (
    CardKey,
    CardState,
    ForgetMember,
    ForgetSummary,
    HeldReviews,
    LearningRules,
    PracticeAnswerRecord,
    PracticeOutcome,
    TopicProgress,
)
from storage.records import AnswerOutcome
from storage.sql.cards import (
    CARD_COLUMNS,
    CARD_UPSERT_SET,
    FORGET_ANONYMISE,
    FORGET_COUNTED,
    FORGET_QUIET,
    FORGET_STATS_READ,
    FORGET_STATS_UPDATE,
    PRACTICE_COLUMNS,
    PROGRESS_COLUMNS,
    PROGRESS_UPSERT_SET,
    STATS_UPSERT_SET,
    HeldAnswer,
    LearningChanges,
    ProgressKey,
    WriterItem,
    card_from_row,
    first_practice,
    fold,
    plan_run,
    practice_results,
    practice_row,
    progress_from_row,
)

ExecuteRows = Callable[[sqlite3.Connection, str, Sequence[tuple[object, ...]]], int]

_KEYS_PER_READ = 300


def _values(rows: int, width: int) -> str:
    row = "(" + ",".join("?" * width) + ")"
    return ",".join([row] * rows)


def _read_by_keys(
    conn: sqlite3.Connection, columns: str, table: str, key: str, keys: Sequence[tuple[str, ...]]
) -> list[tuple[object, ...]]:
    """Rows by their three-column primary key: a join with the keys as VALUES, which SQLite
    answers by index lookups (a row-value `IN (VALUES …)` would scan the table)."""
    first, second, third = (name.strip() for name in key.split(","))
    found: list[tuple[object, ...]] = []
    for start in range(0, len(keys), _KEYS_PER_READ):
        chunk = keys[start : start + _KEYS_PER_READ]
        found.extend(
            conn.execute(
                f"SELECT {', '.join(f't.{c.strip()}' for c in columns.split(','))}"
                f" FROM (VALUES {_values(len(chunk), 3)}) AS k CROSS JOIN {table} AS t"
                f" WHERE t.{first} = k.column1 AND t.{second} = k.column2"
                f" AND t.{third} = k.column3",
                [value for k in chunk for value in k],
            ).fetchall()
        )
    return found


def apply_learning(
    conn: sqlite3.Connection,
    run: Sequence[tuple[int, WriterItem]],
    outcomes: dict[int, AnswerOutcome],
    rules: LearningRules | None,
    execute_rows: ExecuteRows,
) -> tuple[dict[int, PracticeOutcome | int], list[tuple[str, str, str]]]:
    """Results of the run's practice answers and held reviews, and names to store."""
    items = dict(run)
    practice_recorded: set[int] = set()
    for index in first_practice(run).values():
        item = items[index]
        assert isinstance(item, PracticeAnswerRecord)
        row = conn.execute(
            f"INSERT INTO practice_answers ({PRACTICE_COLUMNS}) VALUES (?,?,?,?,?,?,?)"
            " ON CONFLICT (quiz_id) DO NOTHING RETURNING quiz_id",
            practice_row(item),
        ).fetchone()
        if row is not None:
            practice_recorded.add(index)
    held: dict[int, Sequence[HeldAnswer]] = {}
    held_counts: dict[int, int] = {}
    for index, item in run:
        if isinstance(item, HeldReviews):
            taken = conn.execute(
                "INSERT INTO held_reviews_applied (quiz_id, applied_at_ms) VALUES (?, ?)"
                " ON CONFLICT (quiz_id) DO NOTHING RETURNING quiz_id",
                (item.quiz_id, item.at_ms),
            ).fetchone()
            rows = (
                conn.execute(
                    "SELECT user_id, correct, answered_at_ms FROM answers WHERE quiz_id = ?"
                    " ORDER BY answered_at_ms, user_id",
                    (item.quiz_id,),
                ).fetchall()
                if taken is not None
                else []
            )
            held[index] = [(str(u), bool(c), int(at)) for u, c, at in rows]
            held_counts[index] = len(rows)
    plan = plan_run(run, outcomes, practice_recorded, held)
    changes: LearningChanges | None = None
    if rules is not None and plan.reviews:
        card_keys = sorted(
            {(r.key.workspace_id, r.key.user_id, r.key.question_id) for r in plan.reviews}
        )
        progress_keys = sorted(
            {(r.key.workspace_id, r.key.user_id, r.topic_id) for r in plan.reviews}
        )
        stored_cards: dict[CardKey, CardState] = dict(
            card_from_row(row)
            for row in _read_by_keys(
                conn, CARD_COLUMNS, "cards", "workspace_id, user_id, question_id", card_keys
            )
        )
        stored_progress: dict[ProgressKey, TopicProgress] = dict(
            progress_from_row(row)
            for row in _read_by_keys(
                conn,
                PROGRESS_COLUMNS,
                "topic_progress",
                "workspace_id, user_id, topic_id",
                progress_keys,
            )
        )
        changes = fold(plan.reviews, stored_cards, stored_progress, rules)
        execute_rows(
            conn,
            f"INSERT INTO cards ({CARD_COLUMNS}) VALUES {{values}}{CARD_UPSERT_SET}",
            changes.card_rows(),
        )
        execute_rows(
            conn,
            f"INSERT INTO topic_progress ({PROGRESS_COLUMNS}) VALUES {{values}}"
            f"{PROGRESS_UPSERT_SET}",
            changes.progress_rows(),
        )
    if plan.stats:
        execute_rows(
            conn,
            "INSERT INTO question_stats (workspace_id, question_id, attempts, right_count)"
            f" VALUES {{values}}{STATS_UPSERT_SET}",
            plan.stats_rows(),
        )
    results: dict[int, PracticeOutcome | int] = dict(practice_results(run, plan, changes))
    results.update(held_counts)
    return results, plan.user_rows()


def forget(conn: sqlite3.Connection, item: ForgetMember) -> ForgetSummary:
    who = (item.workspace_id, item.user_id)
    for question, count, right in conn.execute(FORGET_STATS_READ, who).fetchall():
        conn.execute(FORGET_STATS_UPDATE, (count, right, item.workspace_id, question))
    counts = {field: conn.execute(sql, who).rowcount for field, sql in FORGET_COUNTED}
    for sql in FORGET_QUIET:
        conn.execute(sql, who)
    anonymised = sum(conn.execute(sql, (item.anonymous, *who)).rowcount for sql in FORGET_ANONYMISE)
    return ForgetSummary(**counts, anonymised=anonymised)
