"""The scale-out backend: PostgreSQL through an asyncpg connection pool."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from typing import cast

import asyncpg

from storage.learning import (
    ForgetMember,
    ForgetSummary,
    HeldReviews,
    LearningRules,
    PracticeAnswerRecord,
    PracticeOutcome,
)
from storage.postgres.access import PostgresAccess
from storage.postgres.learning import apply_learning, forget
from storage.records import AnswerOutcome, AnswerRecord
from storage.sql.ask import AskQueries
from storage.sql.batching import answer_row, first_wins
from storage.sql.cards import WriterItem, WriterResult, runs, unique_names
from storage.sql.claims import ClaimQueries
from storage.sql.daily import DailyQueries
from storage.sql.group_commit import GroupCommitWriter
from storage.sql.instances import InstanceQueries
from storage.sql.learning import LearningQueries
from storage.sql.packs import PackQueries
from storage.sql.schema import migrations_for
from storage.sql.scores import ScoreQueries
from storage.sql.streaks import StreakQueries
from storage.sql.workspaces import WorkspaceQueries

log = logging.getLogger(__name__)

# The first key of the two-key advisory lock names llmbot's migrations, the second the
# schema, so that two llmbot schemas in one database migrate independently.
_MIGRATION_LOCK = 0x11B07D

CLOSE_SECONDS = 5.0

# Every statement of a batch goes through its rows in key order, so that instances
# committing overlapping batches lock unique-index entries and score rows in the same
# order and cannot deadlock each other.
_INSERT_ANSWERS = """
INSERT INTO answers (quiz_id, workspace_id, user_id, choice, correct, points, answered_at_ms)
SELECT * FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::bigint[]
) AS incoming (quiz_id, workspace_id, user_id, choice, correct, points, answered_at_ms)
ORDER BY quiz_id, user_id
ON CONFLICT (quiz_id, user_id) DO NOTHING
RETURNING quiz_id, user_id
"""

_USER_UPSERT = """
INSERT INTO users (workspace_id, user_id, display_name)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
    AS incoming (workspace_id, user_id, display_name)
ORDER BY workspace_id, user_id
ON CONFLICT (workspace_id, user_id) DO UPDATE SET display_name = excluded.display_name
WHERE users.display_name IS DISTINCT FROM excluded.display_name
"""

_SCORE_UPSERT = """
INSERT INTO scores (workspace_id, period, user_id, points, answered, correct)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[])
    AS incoming (workspace_id, period, user_id, points, answered, correct)
ORDER BY workspace_id, period, user_id
ON CONFLICT (workspace_id, period, user_id) DO UPDATE SET
    points = scores.points + excluded.points,
    answered = scores.answered + excluded.answered,
    correct = scores.correct + excluded.correct
"""


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Release without asyncpg's reset query: this store leaves no session state behind (no
    SET, LISTEN or session lock, and every transaction ends in its block), so the reset
    would only add a round trip to every read."""


def _columns(rows: Sequence[tuple[object, ...]]) -> list[list[object]]:
    """Rows to one list per column, the shape `unnest` takes."""
    return [list(column) for column in zip(*rows, strict=True)]


async def migrate(conn: asyncpg.Connection) -> None:
    """Apply pending migrations in one transaction under an advisory lock. Instances
    starting together queue on the lock, and each later one finds the work done."""
    async with conn.transaction():
        await conn.execute(
            "SELECT pg_advisory_xact_lock($1, hashtext(COALESCE(current_schema(), '')))",
            _MIGRATION_LOCK,
        )
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)"
        )
        applied = {row[0] for row in await conn.fetch("SELECT version FROM schema_migrations")}
        for migration in migrations_for(PostgresStore.dialect):
            if migration.version in applied:
                continue
            await conn.execute(migration.sql)
            await conn.execute(
                "INSERT INTO schema_migrations VALUES ($1, $2, $3)",
                migration.version,
                migration.name,
                int(time.time() * 1000),
            )
            log.info("applied migration %04d_%s", migration.version, migration.name)


class PostgresStore(
    PostgresAccess,
    ScoreQueries,
    DailyQueries,
    ClaimQueries,
    StreakQueries,
    WorkspaceQueries,
    InstanceQueries,
    AskQueries,
    LearningQueries,
    PackQueries,
):
    """A pool for reads and ordinary writes; answers go through the group-commit writer,
    one transaction per batch. Several processes may share the database: unique
    constraints and row locks, not this process, decide who answered first and who posts."""

    dialect = "postgres"

    def __init__(
        self,
        dsn: str,
        *,
        max_batch: int = 512,
        on_batch: Callable[[int], None] | None = None,
        pool_size: int = 10,
    ) -> None:
        self.dsn = dsn
        self._pool_size = pool_size
        self._rules: LearningRules | None = None
        self._answers: GroupCommitWriter[WriterItem, WriterResult] = GroupCommitWriter(
            self._flush_answers, max_batch=max_batch, on_batch=on_batch
        )

    async def start(self) -> None:
        pool = await asyncpg.create_pool(
            self.dsn,
            min_size=1,
            max_size=self._pool_size,
            reset=_keep_session,
        )
        try:
            async with pool.acquire() as conn:
                await migrate(conn)
        except BaseException:
            await pool.close()
            raise
        self._pool_handle = pool
        self._answers.start()

    async def close(self) -> None:
        await self._answers.close()
        pool, self._pool_handle = self._pool_handle, None
        if pool is None:
            return
        try:
            await asyncio.wait_for(pool.close(), CLOSE_SECONDS)
        except TimeoutError:
            log.warning("closing the database pool timed out; terminating its connections")
            pool.terminate()

    def use_learning_rules(self, rules: LearningRules) -> None:
        self._rules = rules

    async def record_answer(self, answer: AnswerRecord) -> AnswerOutcome:
        return cast(AnswerOutcome, await self._answers.submit(answer))

    async def record_practice(self, answer: PracticeAnswerRecord) -> PracticeOutcome:
        return cast(PracticeOutcome, await self._answers.submit(answer))

    async def apply_held_reviews(self, held: HeldReviews) -> int:
        return cast(int, await self._answers.submit(held))

    async def forget_member(self, forget: ForgetMember) -> ForgetSummary:
        return cast(ForgetSummary, await self._answers.submit(forget))

    async def _flush_answers(self, batch: Sequence[WriterItem]) -> list[WriterResult]:
        results: dict[int, WriterResult] = {}
        async with self._raw_transaction() as conn:
            for run in runs(batch):
                first = run[0][1]
                if isinstance(first, ForgetMember):
                    results[run[0][0]] = await forget(conn, first)
                else:
                    results.update(await self._flush_run(conn, run))
        return [results[index] for index in range(len(batch))]

    async def _flush_run(
        self, conn: asyncpg.Connection, run: Sequence[tuple[int, WriterItem]]
    ) -> dict[int, WriterResult]:
        answers = [(i, a) for i, a in run if isinstance(a, AnswerRecord)]
        outcomes: dict[int, AnswerOutcome] = {}
        names: list[tuple[str, str, str]] = []
        if answers:
            # One row per (quiz, user): which of two duplicates in one INSERT survives is up
            # to the executor, so only the batch's first goes in and `first_wins` agrees.
            firsts: dict[tuple[str, str], AnswerRecord] = {}
            for _, answer in answers:
                firsts.setdefault((answer.quiz_id, answer.user_id), answer)
            rows = [answer_row(a) for a in firsts.values()]
            inserted = await conn.fetch(_INSERT_ANSWERS, *_columns(rows))
            found, deltas = first_wins(
                [a for _, a in answers], {(row[0], row[1]) for row in inserted}
            )
            outcomes = {i: outcome for (i, _), outcome in zip(answers, found, strict=True)}
            names = deltas.user_rows()
            if deltas.scores:
                await conn.execute(_SCORE_UPSERT, *_columns(deltas.score_rows()))
        learned, practice_names = await apply_learning(conn, run, outcomes, self._rules)
        if names or practice_names:
            await conn.execute(
                _USER_UPSERT, *_columns(unique_names([*names, *practice_names]))
            )
        return {**outcomes, **learned}
