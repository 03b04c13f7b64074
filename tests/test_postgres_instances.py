"""Several llmbot instances on one PostgreSQL database: the database is the only coordination."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from datetime import datetime

import asyncpg
import pytest

from bot.adapters.console import ConsoleChat
from bot.engine import Actor, Engine
from bot.knowledge import KnowledgeBase
from storage import AnswerOutcome, AnswerRecord, ClaimStatus, QuizRecord, open_store
from storage.postgres.store import _MIGRATION_LOCK, PostgresStore
from storage.sql.schema import migrations_for
from tests.backends import postgres_schema
from tests.daily_support import ScriptedPoster, attach, utc
from tests.support import ManualClock

INSTANCES = 3
WS = "console:w1"


@pytest.fixture
async def schema_url() -> AsyncIterator[str]:
    async with postgres_schema() as url:
        yield url


@pytest.fixture
async def stores(schema_url: str) -> AsyncIterator[list[PostgresStore]]:
    started = [PostgresStore(schema_url, pool_size=4) for _ in range(INSTANCES)]
    await asyncio.gather(*(store.start() for store in started))
    yield started
    await asyncio.gather(*(store.close() for store in started))


@pytest.fixture
def engines(kb: KnowledgeBase, stores: list[PostgresStore], clock: ManualClock) -> list[Engine]:
    return [Engine(kb, store, clock=clock, seed=n) for n, store in enumerate(stores)]


def member(n: int) -> Actor:
    return Actor("console", "w1", "general", f"u{n:03d}", f"User {n}")


def test_postgresql_urls_select_the_postgres_store() -> None:
    for url in ("postgresql://bot@db/llmbot", "postgres://bot@db/llmbot"):
        assert isinstance(open_store(url), PostgresStore)


async def test_same_answers_through_three_instances_count_once(
    engines: list[Engine], stores: list[PostgresStore]
) -> None:
    host = member(999)
    quiz_id = (await engines[0].quiz(host, None, None)).data["quiz_id"]
    members = [member(n) for n in range(120)]
    replies = await asyncio.gather(
        *(
            engine.quizzes.answer(actor, quiz_id, letter)
            for actor in members
            for engine, letter in zip(engines, "ABA", strict=True)
        )
    )
    kinds = [reply.kind for reply in replies]
    assert kinds.count("already_answered") == 2 * len(members)
    assert len(kinds) - kinds.count("already_answered") == len(members)
    assert sum((await stores[1].answer_counts(quiz_id)).values()) == len(members)
    boards = [await store.top_scores(WS, "all", 500) for store in stores]
    assert boards[0] == boards[1] == boards[2]
    assert {row.answered for row in boards[0]} == {1}


async def test_overlapping_answer_bursts_from_three_instances_keep_scores_exact(
    stores: list[PostgresStore],
) -> None:
    """Each instance commits the same answers in its own shuffled order, the pattern that
    would deadlock if batches locked rows in arrival order."""
    quizzes = [f"QUIZ{n:04d}" for n in range(8)]
    users = [f"u{n:03d}" for n in range(80)]
    for quiz_id in quizzes:
        await stores[0].create_quiz(
            QuizRecord(quiz_id, WS, "general", "q1", (0, 1, 2), "host", 1_000)
        )
    pairs = [(q, u) for q in quizzes for u in users]

    async def burst(store: PostgresStore, seed: int) -> list[AnswerOutcome]:
        order = pairs[:]
        random.Random(seed).shuffle(order)
        return await asyncio.gather(
            *(
                store.record_answer(AnswerRecord(q, WS, u, u.upper(), 0, True, 10, 2_000, ("all",)))
                for q, u in order
            )
        )

    results = await asyncio.gather(*(burst(s, n) for n, s in enumerate(stores)))
    recorded = sum(r.count(AnswerOutcome.RECORDED) for r in results)
    assert recorded == len(pairs)
    top = await stores[2].top_scores(WS, "all", 1_000)
    assert len(top) == len(users)
    assert {(row.points, row.answered, row.correct) for row in top} == {(80, 8, 8)}


async def run_together(engines: list[Engine], clock: ManualClock, until: datetime) -> None:
    """Every instance's scheduler pass at once, each time the earliest of them asks for."""
    for _ in range(500):
        wakes = await asyncio.gather(*(e.scheduler.run_due(clock.now()) for e in engines))
        following = min((w for w in wakes if w is not None), default=None)
        if following is None or following > until:
            break
        clock.set(following)
    clock.set(until)


async def test_three_instances_post_and_reveal_each_channel_day_once(
    engines: list[Engine], stores: list[PostgresStore], clock: ManualClock
) -> None:
    posters: list[ScriptedPoster] = [attach(engine, clock) for engine in engines]
    admin = Actor("console", "w1", "general", "alice", "Alice", is_admin=True)
    channels = [f"room{n}" for n in range(4)]
    for channel in channels:
        chat = ConsoleChat(engines[0], admin).as_user("alice", is_admin=True, channel=channel)
        await chat.say("/llm daily setup 09:00 UTC every")
    await run_together(engines, clock, utc(2026, 11, 29, 12, 0))

    posted = [r.data["quiz_id"] for p in posters for r in p.posts("quiz")]
    assert len(posted) == len(set(posted)) == len(channels) * 4
    revealed = 0
    for channel in channels:
        claims = await stores[1].daily_claims_between(WS, channel, "2026-11-26", "2026-11-29")
        posts = [c for c in claims if c.kind == "post"]
        assert [c.status for c in posts] == [ClaimStatus.POSTED] * 4
        revealed += sum(c.kind == "reveal" and c.status is ClaimStatus.POSTED for c in claims)
    assert revealed >= len(channels) * 3
    assert sum(len(p.posts("daily_reveal")) for p in posters) == revealed


async def waiting_for_migrations(conn: asyncpg.Connection) -> int:
    return int(
        await conn.fetchval(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND classid = $1",
            _MIGRATION_LOCK,
        )
    )


async def test_instances_starting_together_wait_for_the_migration_lock(schema_url: str) -> None:
    schema = schema_url.rsplit("search_path=", 1)[1]
    holder = await asyncpg.connect(schema_url)
    try:
        await holder.execute("SELECT pg_advisory_lock($1, hashtext($2))", _MIGRATION_LOCK, schema)
        starting = [PostgresStore(schema_url, pool_size=2) for _ in range(INSTANCES)]
        tasks = [asyncio.create_task(store.start()) for store in starting]
        # PostgreSQL announces no lock waits, so the test watches pg_locks for them.
        async with asyncio.timeout(10):
            while await waiting_for_migrations(holder) < INSTANCES:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        assert not any(task.done() for task in tasks)
        await holder.execute("SELECT pg_advisory_unlock($1, hashtext($2))", _MIGRATION_LOCK, schema)
        await asyncio.gather(*tasks)
        try:
            versions = await holder.fetch(
                f"SELECT version FROM {schema}.schema_migrations ORDER BY version"
            )
            assert [v[0] for v in versions] == [m.version for m in migrations_for("postgres")]
        finally:
            await asyncio.gather(*(store.close() for store in starting))
    finally:
        await holder.close()
