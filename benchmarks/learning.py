"""Practice, mastery, the member report and content stats over 1,000,000 answers by 10,000
members. The data set is written with bulk SQL in one transaction (seconds, not the hours
a million engine calls would take); the measurements go through the engine and the store."""

from __future__ import annotations

import random
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.stats import percentile
from bot.engine import Actor, Engine
from bot.engine.clock import to_ms
from bot.engine.grammar import Me, Practice
from bot.engine.progress.members import member_report, questions_to_review
from bot.knowledge import KnowledgeBase
from storage import Store
from storage.sqlite import SqliteStore

WS = "bench:w1"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
DAY_MS = 86_400_000


class FixedClock:
    def now(self) -> datetime:
        return NOW


async def seed_learning(
    path: Path, kb: KnowledgeBase, answers: int = 1_000_000, members: int = 10_000
) -> None:
    """Quizzes of every question, each member answering `answers / members` of them, with the
    cards, topic summaries and question statistics the answer writer would have left."""
    schema = SqliteStore(path)
    await schema.start()
    await schema.close()
    rng = random.Random(13)
    questions = sorted(kb.questions.values(), key=lambda q: q.id)
    per_member = answers // members
    quizzes = answers // 500
    now_ms = to_ms(NOW)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO quizzes (id, workspace_id, channel_id, question_id, choice_order,"
            " created_by, created_at_ms, kind, closes_at_ms, feedback)"
            " VALUES (?, ?, 'c1', ?, '0,1,2,3', 'u00000', ?, 'adhoc', NULL, 'instant')",
            (
                (f"B{n:07d}", WS, questions[n % len(questions)].id, now_ms - 90 * DAY_MS + n)
                for n in range(quizzes)
            ),
        )
        conn.executemany(
            "INSERT INTO users VALUES (?, ?, ?)",
            ((WS, f"u{u:05d}", f"User {u}") for u in range(members)),
        )
        skill = [rng.random() for _ in range(members)]
        answer_rows = []
        card_rows = []
        for user in range(members):
            taken = rng.sample(range(quizzes), per_member)
            for n, quiz in enumerate(taken):
                question = questions[quiz % len(questions)]
                right = rng.random() < 0.3 + 0.6 * skill[user]
                choice = (
                    question.answer_index
                    if right
                    else (question.answer_index + 1) % len(question.options)
                )
                at = now_ms - (per_member - n) * DAY_MS // 2
                answer_rows.append(
                    (f"B{quiz:07d}", WS, f"u{user:05d}", choice, int(right), 10 * right, at)
                )
                card_rows.append(
                    (
                        WS,
                        f"u{user:05d}",
                        question.id,
                        question.topics[0],
                        2,
                        None,
                        3.0,
                        5.0,
                        at + rng.randrange(-20, 20) * DAY_MS,
                        at,
                        1,
                        0,
                        int(right),
                        int(right),
                    )
                )
        conn.executemany("INSERT INTO answers VALUES (?,?,?,?,?,?,?)", answer_rows)
        conn.executemany(
            "INSERT OR REPLACE INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows
        )
        conn.execute(
            "INSERT INTO scores SELECT workspace_id, 'all', user_id, SUM(points), COUNT(*),"
            " SUM(correct) FROM answers GROUP BY workspace_id, user_id"
        )
        conn.execute(
            "INSERT INTO topic_progress SELECT workspace_id, user_id, topic_id, COUNT(*),"
            " SUM(last_correct), 0, MIN(COUNT(*), 20), SUM(first_correct), MAX(last_correct),"
            " MAX(last_review_ms) FROM cards GROUP BY workspace_id, user_id, topic_id"
        )
        conn.execute(
            "INSERT INTO question_stats SELECT q.workspace_id, q.question_id, COUNT(*),"
            " SUM(a.correct) FROM answers AS a JOIN quizzes AS q ON q.id = a.quiz_id"
            " GROUP BY q.workspace_id, q.question_id"
        )
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    finally:
        conn.close()


async def learning_figures(kb: KnowledgeBase, path: Path, rounds: int = 400) -> dict[str, float]:
    started = time.perf_counter()
    await seed_learning(path, kb)
    print(
        "learning data set: 1,000,000 answers, 10,000 members in"
        f" {time.perf_counter() - started:.0f} s"
    )
    return await measure_learning(kb, SqliteStore(path), rounds)


async def learning_figures_postgres(
    kb: KnowledgeBase, seeded: Path, url: str, rounds: int = 400
) -> dict[str, float]:
    """The same data set copied into a fresh PostgreSQL schema with `llmbot db copy`'s code."""
    import asyncpg

    from benchmarks.postgres import fresh_schema
    from storage.maintenance import copy_database
    from storage.postgres import PostgresStore

    async with fresh_schema(url) as schema_url:
        started = time.perf_counter()
        await copy_database(f"sqlite:///{seeded}", schema_url)
        conn = await asyncpg.connect(schema_url)
        try:
            await conn.execute("ANALYZE")
        finally:
            await conn.close()
        print(f"learning data set copied to PostgreSQL in {time.perf_counter() - started:.0f} s")
        figures = await measure_learning(kb, PostgresStore(schema_url), rounds)
    return {f"pg_{key}": value for key, value in figures.items()}


async def measure_learning(kb: KnowledgeBase, store: Store, rounds: int) -> dict[str, float]:
    await store.start()
    try:
        engine = Engine(kb, store, clock=FixedClock(), seed=3)
        rng = random.Random(5)
        practice, me = [], []
        for _ in range(rounds):
            member = Actor("bench", "w1", "c1", f"u{rng.randrange(10_000):05d}", "Member")
            began = time.perf_counter()
            reply = await engine.run(member, Practice())
            practice.append(time.perf_counter() - began)
            assert reply.kind in ("practice", "practice_done"), reply.kind
            began = time.perf_counter()
            shown = await engine.run(member, Me())
            me.append(time.perf_counter() - began)
            assert "mastery" in shown.data
        began = time.perf_counter()
        _, rows = await member_report(store, kb, workspace_id=WS, since=None, now=NOW)
        report_s = time.perf_counter() - began
        assert len(rows) == 10_000
        began = time.perf_counter()
        await questions_to_review(store, kb, workspace_id=None, min_attempts=20)
        stats_s = time.perf_counter() - began
    finally:
        await store.close()
    return {
        "practice_next_p50_ms": round(percentile(practice, 0.5) * 1000, 2),
        "practice_next_p99_ms": round(percentile(practice, 0.99) * 1000, 2),
        "me_with_mastery_p50_ms": round(percentile(me, 0.5) * 1000, 2),
        "me_with_mastery_p99_ms": round(percentile(me, 0.99) * 1000, 2),
        "report_10k_members_s": round(report_s, 2),
        "content_stats_1m_answers_s": round(stats_s, 2),
    }
