"""The learning part of a PostgreSQL answer batch: practice answers, cards, topic summaries,
question statistics, held reviews and forgets, in the writer's transaction.

Rows go in key order, like the answers, so instances committing overlapping batches take
row locks in the same order and cannot deadlock.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from storage.learning import (
    ForgetMember,
    ForgetSummary,
    HeldReviews,
    LearningRules,
    PracticeAnswerRecord,
    PracticeOutcome,
)
from storage.postgres.access import _dialect
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
    WriterItem,
    card_from_row,
    first_practice,
    fold,
    plan_run,
    practice_results,
    practice_row,
    progress_from_row,
)

_CARDS_BY_KEY = f"""
SELECT {CARD_COLUMNS} FROM cards
JOIN unnest($1::text[], $2::text[], $3::text[]) AS k (w, u, q)
    ON workspace_id = k.w AND user_id = k.u AND question_id = k.q
"""
_PROGRESS_BY_KEY = f"""
SELECT {PROGRESS_COLUMNS} FROM topic_progress
JOIN unnest($1::text[], $2::text[], $3::text[]) AS k (w, u, t)
    ON workspace_id = k.w AND user_id = k.u AND topic_id = k.t
"""
_CARD_UPSERT = f"""
INSERT INTO cards ({CARD_COLUMNS})
SELECT * FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::float8[],
    $8::float8[], $9::bigint[], $10::bigint[], $11::int[], $12::int[], $13::int[], $14::int[]
) AS incoming ({CARD_COLUMNS})
ORDER BY workspace_id, user_id, question_id
{CARD_UPSERT_SET}
"""
_PROGRESS_UPSERT = f"""
INSERT INTO topic_progress ({PROGRESS_COLUMNS})
SELECT * FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[],
    $9::int[], $10::bigint[]
) AS incoming ({PROGRESS_COLUMNS})
ORDER BY workspace_id, user_id, topic_id
{PROGRESS_UPSERT_SET}
"""
_STATS_UPSERT = f"""
INSERT INTO question_stats (workspace_id, question_id, attempts, right_count)
SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])
    AS incoming (workspace_id, question_id, attempts, right_count)
ORDER BY workspace_id, question_id
{STATS_UPSERT_SET}
"""


def _columns(rows: Sequence[tuple[object, ...]]) -> list[list[object]]:
    return [list(column) for column in zip(*rows, strict=True)]


def _count(status: str) -> int:
    """Rows a statement touched, from asyncpg's status text ("DELETE 3")."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


async def apply_learning(
    conn: asyncpg.Connection,
    run: Sequence[tuple[int, WriterItem]],
    outcomes: dict[int, AnswerOutcome],
    rules: LearningRules | None,
) -> tuple[dict[int, PracticeOutcome | int], list[tuple[str, str, str]]]:
    """Results of the run's practice answers and held reviews, and names to store."""
    items = dict(run)
    practice_recorded: set[int] = set()
    for index in first_practice(run).values():
        item = items[index]
        assert isinstance(item, PracticeAnswerRecord)
        row = await conn.fetchrow(
            _dialect(
                f"INSERT INTO practice_answers ({PRACTICE_COLUMNS}) VALUES (?,?,?,?,?,?,?)"
                " ON CONFLICT (quiz_id) DO NOTHING RETURNING quiz_id"
            ),
            *practice_row(item),
        )
        if row is not None:
            practice_recorded.add(index)
    held: dict[int, Sequence[HeldAnswer]] = {}
    held_counts: dict[int, int] = {}
    for index, item in run:
        if isinstance(item, HeldReviews):
            taken = await conn.fetchrow(
                "INSERT INTO held_reviews_applied (quiz_id, applied_at_ms) VALUES ($1, $2)"
                " ON CONFLICT (quiz_id) DO NOTHING RETURNING quiz_id",
                item.quiz_id,
                item.at_ms,
            )
            rows = (
                await conn.fetch(
                    "SELECT user_id, correct, answered_at_ms FROM answers WHERE quiz_id = $1"
                    ' ORDER BY answered_at_ms, user_id COLLATE "C"',
                    item.quiz_id,
                )
                if taken is not None
                else []
            )
            held[index] = [(str(u), bool(c), int(at)) for u, c, at in rows]
            held_counts[index] = len(rows)
    plan = plan_run(run, outcomes, practice_recorded, held)
    changes: LearningChanges | None = None
    if rules is not None and plan.reviews:
        cards = dict(
            card_from_row(row)
            for row in await conn.fetch(_CARDS_BY_KEY, *_columns(plan.card_keys()))
        )
        progress = dict(
            progress_from_row(row)
            for row in await conn.fetch(_PROGRESS_BY_KEY, *_columns(plan.progress_keys()))
        )
        changes = fold(plan.reviews, cards, progress, rules)
        await conn.execute(_CARD_UPSERT, *_columns(changes.card_rows()))
        await conn.execute(_PROGRESS_UPSERT, *_columns(changes.progress_rows()))
    if plan.stats:
        await conn.execute(_STATS_UPSERT, *_columns(plan.stats_rows()))
    results: dict[int, PracticeOutcome | int] = dict(practice_results(run, plan, changes))
    results.update(held_counts)
    return results, plan.user_rows()


async def forget(conn: asyncpg.Connection, item: ForgetMember) -> ForgetSummary:
    who = (item.workspace_id, item.user_id)
    for question, count, right in await conn.fetch(_dialect(FORGET_STATS_READ), *who):
        await conn.execute(
            _dialect(FORGET_STATS_UPDATE), int(count), int(right), item.workspace_id, question
        )
    counts = {
        field: _count(await conn.execute(_dialect(sql), *who)) for field, sql in FORGET_COUNTED
    }
    for sql in FORGET_QUIET:
        await conn.execute(_dialect(sql), *who)
    anonymised = 0
    for sql in FORGET_ANONYMISE:
        anonymised += _count(await conn.execute(_dialect(sql), item.anonymous, *who))
    return ForgetSummary(**counts, anonymised=anonymised)
