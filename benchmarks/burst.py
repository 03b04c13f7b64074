"""An answer burst through the engine against the raw sqlite3 limit on the same rows."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.stats import percentile
from bot.engine import Actor, Engine
from bot.engine.clock import to_ms
from bot.engine.grammar import Answer
from bot.knowledge import KnowledgeBase
from storage import AnswerRecord, QuizRecord
from storage.sql.schema import migrations_for, split_statements
from storage.sqlite import SqliteStore

USERS = 1_000
QUIZZES = 100


@dataclass(frozen=True)
class BurstResult:
    answers_per_s: float
    p50_ms: float
    p99_ms: float
    mean_batch: float


async def burst_through(engines: list[Engine], batches: list[int]) -> BurstResult:
    """1,000 members each answer 100 quizzes, all concurrently; member n talks to engine
    n mod len(engines), as behind a load balancer."""
    host = Actor("bench", "w1", "c1", "host", "Host")
    quiz_ids = []
    for _ in range(QUIZZES):
        reply = await engines[0].quiz(host, None, None)
        quiz_ids.append(reply.data["quiz_id"])
    latencies: list[float] = []

    async def member(n: int) -> None:
        engine = engines[n % len(engines)]
        actor = Actor("bench", "w1", "c1", f"u{n:04d}", f"User {n}")
        rng = random.Random(n)
        for quiz_id in quiz_ids:
            started = time.perf_counter()
            reply = await engine.run(actor, Answer(quiz_id, rng.choice("AB")))
            latencies.append(time.perf_counter() - started)
            assert reply.kind == "answer", reply.body

    started = time.perf_counter()
    await asyncio.gather(*(member(n) for n in range(USERS)))
    elapsed = time.perf_counter() - started
    return BurstResult(
        answers_per_s=len(latencies) / elapsed,
        p50_ms=percentile(latencies, 0.50) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
        mean_batch=sum(batches) / max(1, len(batches)),
    )


async def engine_burst(kb: KnowledgeBase, path: Path) -> BurstResult:
    """The burst through one engine on a fresh SQLite file."""
    batches: list[int] = []
    store = SqliteStore(path, on_batch=batches.append)
    await store.start()
    try:
        return await burst_through([Engine(kb, store, seed=1)], batches)
    finally:
        await store.close()


def raw_rows() -> list[tuple[object, ...]]:
    now = to_ms(datetime.now(UTC))
    return [
        (f"Q{q:07d}", "bench:w1", f"u{u:04d}", u % 3, u % 2, 10, now)
        for q in range(QUIZZES)
        for u in range(USERS)
    ]


def raw_sqlite(path: Path, rows: list[tuple[object, ...]]) -> float:
    """The physical limit: the same rows, one transaction, one executemany."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        for migration in migrations_for("sqlite"):
            for statement in split_statements(migration.sql):
                conn.execute(statement)
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO answers (quiz_id, workspace_id, user_id, choice, correct, points,"
            " answered_at_ms) VALUES (?,?,?,?,?,?,?)",
            rows,
        )
        conn.execute("COMMIT")
        return len(rows) / (time.perf_counter() - started)
    finally:
        conn.close()


async def store_burst(path: Path) -> float:
    """The same burst straight into `Store.record_answer`: what group commit itself sustains."""
    store = SqliteStore(path)
    await store.start()
    try:
        now = to_ms(datetime.now(UTC))
        for q in range(QUIZZES):
            await store.create_quiz(
                QuizRecord(f"S{q:07d}", "bench:w1", "c1", "q", (0, 1), "host", now)
            )

        async def member(n: int) -> None:
            for q in range(QUIZZES):
                await store.record_answer(
                    AnswerRecord(
                        f"S{q:07d}",
                        "bench:w1",
                        f"u{n:04d}",
                        f"User {n}",
                        0,
                        True,
                        10,
                        now,
                        ("all", "week:2026-W48", "month:2026-11"),
                    )
                )

        started = time.perf_counter()
        await asyncio.gather(*(member(n) for n in range(USERS)))
        return USERS * QUIZZES / (time.perf_counter() - started)
    finally:
        await store.close()
