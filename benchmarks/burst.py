"""An answer burst through the engine against the raw sqlite3 limit on the same rows.

Run as a script (`python benchmarks/burst.py`), it prints one engine burst as JSON and
imports only what earlier versions of llmbot also have, so `make bench` measures the
"before" burst on a baseline tree in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.engine import Actor, Engine
from bot.engine.clock import to_ms
from bot.engine.grammar import Answer
from bot.knowledge import KnowledgeBase
from storage import AnswerRecord, QuizRecord
from storage.sql.schema import migrations_for, split_statements
from storage.sqlite import SqliteStore

try:
    from benchmarks.stats import percentile
except ImportError:  # run as a script on a baseline tree, whose `benchmarks` is not importable
    from stats import percentile  # type: ignore[no-redef]

try:  # `llmbot run` settles its heap once started; earlier versions did not
    from bot.app import settle_heap
except ImportError:
    settle_heap = None

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
    if settle_heap is not None:
        settle_heap()
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


_PERIODS = ("all", "week:2026-W48", "month:2026-11")
_SCORE_UPSERT = (
    "INSERT INTO scores (workspace_id, period, user_id, points, answered, correct)"
    " VALUES (?,?,?,?,?,?) ON CONFLICT (workspace_id, period, user_id) DO UPDATE SET"
    " points = points + excluded.points, answered = answered + excluded.answered,"
    " correct = correct + excluded.correct"
)
_CARD_UPSERT = (
    "INSERT INTO cards (workspace_id, user_id, question_id, topic_id, state, step, stability,"
    " difficulty, due_ms, last_review_ms, reviews, lapses, first_correct, last_correct)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (workspace_id, user_id, question_id)"
    " DO UPDATE SET state = excluded.state, due_ms = excluded.due_ms,"
    " reviews = cards.reviews + 1"
)
_PROGRESS_UPSERT = (
    "INSERT INTO topic_progress (workspace_id, user_id, topic_id, answers, correct, recent,"
    " recent_count, first_right, last_correct, last_at_ms) VALUES (?,?,?,1,?,?,1,?,?,?)"
    " ON CONFLICT (workspace_id, user_id, topic_id) DO UPDATE SET"
    " answers = answers + 1, correct = correct + excluded.correct,"
    " last_at_ms = excluded.last_at_ms"
)
_STATS_UPSERT = (
    "INSERT INTO question_stats (workspace_id, question_id, attempts, right_count)"
    " VALUES (?,?,?,?) ON CONFLICT (workspace_id, question_id) DO UPDATE SET"
    " attempts = attempts + excluded.attempts, right_count = right_count + excluded.right_count"
)
_USER_UPSERT = (
    "INSERT INTO users (workspace_id, user_id, display_name) VALUES (?,?,?)"
    " ON CONFLICT (workspace_id, user_id) DO UPDATE SET display_name = excluded.display_name"
    " WHERE users.display_name IS NOT excluded.display_name"
)


def raw_answer_writes(path: Path, batch: int = 500) -> float:
    """What SQLite alone sustains for everything one answer writes, with llmbot's Python
    taken out: the burst's answers in transactions of `batch` (the writer's batch size),
    each answer its answer row, three score upserts, a card, a topic summary, its question's
    statistics and its member's name, by `executemany` on one connection.

    The plain `raw_sqlite` figure writes one row per answer in a single transaction; this
    one is the ceiling for the engine's burst on this schema and disk (with the answer
    writer's cache and checkpoint settings)."""
    from storage.sqlite.answers import CACHE_KIB, CHECKPOINT_PAGES

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
        for migration in migrations_for("sqlite"):
            for statement in split_statements(migration.sql):
                conn.execute(statement)
        now = to_ms(datetime.now(UTC))
        pairs = [(q, u) for q in range(QUIZZES) for u in range(USERS)]
        started = time.perf_counter()
        for start in range(0, len(pairs), batch):
            chunk = pairs[start : start + batch]
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                "INSERT INTO answers (quiz_id, workspace_id, user_id, choice, correct, points,"
                " answered_at_ms) VALUES (?,?,?,?,?,?,?) ON CONFLICT (quiz_id, user_id) DO NOTHING",
                [(f"Q{q:07d}", "bench:w1", f"u{u:04d}", u % 3, u % 2, 10, now) for q, u in chunk],
            )
            conn.executemany(
                _SCORE_UPSERT,
                [("bench:w1", p, f"u{u:04d}", 10, 1, u % 2) for _, u in chunk for p in _PERIODS],
            )
            conn.executemany(
                _CARD_UPSERT,
                [
                    (
                        "bench:w1",
                        f"u{u:04d}",
                        f"q{q}",
                        f"t{q % 60}",
                        1,
                        0,
                        2.3,
                        5.0,
                        now + 600_000,
                        now,
                        1,
                        0,
                        u % 2,
                        u % 2,
                    )
                    for q, u in chunk
                ],
            )
            conn.executemany(
                _PROGRESS_UPSERT,
                [
                    ("bench:w1", f"u{u:04d}", f"t{q % 60}", u % 2, u % 2, u % 2, u % 2, now)
                    for q, u in chunk
                ],
            )
            conn.executemany(_STATS_UPSERT, [("bench:w1", f"q{q}", 1, u % 2) for q, u in chunk])
            conn.executemany(
                _USER_UPSERT, [("bench:w1", f"u{u:04d}", f"User {u}") for _, u in chunk]
            )
            conn.execute("COMMIT")
        return len(pairs) / (time.perf_counter() - started)
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args()
    from bot.knowledge import load_knowledge

    with tempfile.TemporaryDirectory(prefix="llmbot-burst-") as work:
        result = asyncio.run(engine_burst(load_knowledge(), Path(work) / "burst.db"))
    json.dump(
        {
            "answers_per_s": round(result.answers_per_s),
            "p50_ms": round(result.p50_ms, 2),
            "p99_ms": round(result.p99_ms, 2),
            "mean_batch": round(result.mean_batch, 1),
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
