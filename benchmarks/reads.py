"""Read-path latencies: topic lookup for explain, and the leaderboard over a large history."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import yaml

from benchmarks.stats import percentile
from bot.engine import Actor, Engine
from bot.knowledge import KnowledgeBase
from storage.sqlite import SqliteStore

EVAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "explain_queries.yaml"
FALLBACK_QUERIES = ["attention", "what's a token", "attension", "rlhf", "best pizza in paris"]


def explain_latency(engine: Engine, rounds: int = 50) -> tuple[float, float]:
    queries = FALLBACK_QUERIES
    if EVAL.exists():
        queries = [q["query"] for q in yaml.safe_load(EVAL.read_text("utf-8"))["queries"]]
    samples = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            engine.explain(query)
            samples.append(time.perf_counter() - started)
    return percentile(samples, 0.5) * 1000, percentile(samples, 0.99) * 1000


async def seed_history(path: Path, answers: int = 1_000_000, users: int = 10_000) -> None:
    """A workspace with a million stored answers and the scores they aggregate to."""
    schema = SqliteStore(path)
    await schema.start()
    await schema.close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        per_quiz = users
        conn.executemany(
            "INSERT INTO answers VALUES (?,?,?,?,?,?,?)",
            (
                (f"H{n // per_quiz:06d}", "bench:w1", f"u{n % users:05d}", 0, n % 3 == 0, 10, n)
                for n in range(answers)
            ),
        )
        conn.execute(
            "INSERT INTO scores SELECT workspace_id, 'all', user_id, SUM(points * correct),"
            " COUNT(*), SUM(correct) FROM answers GROUP BY workspace_id, user_id"
        )
        conn.executemany(
            "INSERT INTO users VALUES ('bench:w1', ?, ?)",
            ((f"u{u:05d}", f"User {u}") for u in range(users)),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()


async def leaderboard_latency(kb: KnowledgeBase, path: Path, rounds: int = 300) -> float:
    await seed_history(path)
    store = SqliteStore(path)
    await store.start()
    try:
        engine = Engine(kb, store)
        viewer = Actor("bench", "w1", "c1", "u09999", "User 9999")
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            reply = await engine.standings.leaderboard(viewer, "all")
            samples.append(time.perf_counter() - started)
            assert len(reply.data["entries"]) == 10
    finally:
        await store.close()
    return percentile(samples, 0.99) * 1000
