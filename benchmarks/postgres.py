"""The answer burst on PostgreSQL through 1 and 3 engine instances, against binary COPY."""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from benchmarks.baseline import run_driver
from benchmarks.burst import BurstResult, burst_through, raw_rows
from bot.engine import Engine
from bot.knowledge import KnowledgeBase, load_knowledge
from storage.postgres.store import PostgresStore, migrate


@asynccontextmanager
async def fresh_schema(url: str) -> AsyncIterator[str]:
    """A new schema for one measurement, dropped afterwards: yields the URL selecting it."""
    schema = f"llmbot_bench_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{url}{'&' if '?' in url else '?'}search_path={schema}"
        finally:
            await admin.execute(f"DROP SCHEMA {schema} CASCADE")
    finally:
        await admin.close()


async def engine_burst(kb: KnowledgeBase, url: str, instances: int) -> BurstResult:
    """The burst through `instances` engines, each with its own store, on one database."""
    batches: list[int] = []
    stores = [PostgresStore(url, on_batch=batches.append) for _ in range(instances)]
    await asyncio.gather(*(store.start() for store in stores))
    try:
        return await burst_through(
            [Engine(kb, store, seed=n + 1) for n, store in enumerate(stores)], batches
        )
    finally:
        await asyncio.gather(*(store.close() for store in stores))


async def raw_copy(url: str, rows: list[tuple[object, ...]]) -> float:
    """The physical limit: the same rows through one binary COPY in one transaction."""
    conn = await asyncpg.connect(url)
    try:
        await migrate(conn)
        quizzes = sorted({str(row[0]) for row in rows})
        await conn.copy_records_to_table(
            "quizzes",
            records=[(q, "bench:w1", "c1", "q", "0,1", "host", 0, "adhoc") for q in quizzes],
            columns=[
                "id",
                "workspace_id",
                "channel_id",
                "question_id",
                "choice_order",
                "created_by",
                "created_at_ms",
                "kind",
            ],
        )
        started = time.perf_counter()
        async with conn.transaction():
            await conn.copy_records_to_table(
                "answers",
                records=rows,
                columns=[
                    "quiz_id",
                    "workspace_id",
                    "user_id",
                    "choice",
                    "correct",
                    "points",
                    "answered_at_ms",
                ],
            )
        return len(rows) / (time.perf_counter() - started)
    finally:
        await conn.close()


async def measure_postgres(kb: KnowledgeBase, url: str) -> dict[str, float]:
    """One run of each, each in a fresh schema, printed as it goes."""
    async with fresh_schema(url) as schema_url:
        single = await engine_burst(kb, schema_url, 1)
    async with fresh_schema(url) as schema_url:
        spread = await engine_burst(kb, schema_url, 3)
    async with fresh_schema(url) as schema_url:
        copied = await raw_copy(schema_url, raw_rows())
    for label, burst in (("1 instance", single), ("3 instances in one process", spread)):
        print(
            f"postgres, {label}: engine {burst.answers_per_s:,.0f} answers/s "
            f"(p50 {burst.p50_ms:.1f} ms, p99 {burst.p99_ms:.1f} ms, "
            f"mean batch {burst.mean_batch:.0f})"
        )
    print(f"postgres: copy_records_to_table {copied:,.0f} rows/s")
    return {
        "pg_burst_answers_per_s": round(single.answers_per_s),
        "pg_burst_3_instances_answers_per_s": round(spread.answers_per_s),
        "pg_copy_rows_per_s": round(copied),
        "pg_burst_ratio": round(single.answers_per_s / copied, 3),
        "pg_burst_3_instances_ratio": round(spread.answers_per_s / copied, 3),
        "pg_answer_p99_ms": round(single.p99_ms, 2),
        "pg_3_instances_answer_p99_ms": round(spread.p99_ms, 2),
    }


def postgres_figures() -> dict[str, float]:
    """The figures above when `LLMBOT_TEST_POSTGRES_URL` names a reachable server, else none
    (`make bench` never fails for want of PostgreSQL)."""
    url = os.environ.get("LLMBOT_TEST_POSTGRES_URL", "").strip()
    if not url:
        print("PostgreSQL figures skipped: set LLMBOT_TEST_POSTGRES_URL to measure them")
        return {}
    try:
        return asyncio.run(measure_postgres(load_knowledge(), url))
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"PostgreSQL figures skipped: {type(exc).__name__}: {exc}")
        return {}


async def _fanout(url: str) -> dict[str, float]:
    async with fresh_schema(url) as schema_url:
        figures = await asyncio.to_thread(
            run_driver, "fanout.py", ["--instances", "3", "--database-url", schema_url]
        )
    print(f"postgres, fan-out through 3 instances: {figures}")
    return {
        "pg_fanout_3_instances_efficiency": figures["efficiency"],
        "pg_fanout_3_instances_duplicates": figures["duplicates"],
        "pg_fanout_3_instances_min_share": min(figures["shares"]),
        "pg_fanout_3_instances_peak_per_s": figures["peak_per_s"],
    }


def fanout_3_instances() -> dict[str, float]:
    """5,000 channels through 3 instances sharing one database and the 250/s limit, when
    `LLMBOT_TEST_POSTGRES_URL` names a reachable server."""
    url = os.environ.get("LLMBOT_TEST_POSTGRES_URL", "").strip()
    if not url:
        return {}
    try:
        return asyncio.run(_fanout(url))
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"PostgreSQL fan-out skipped: {type(exc).__name__}: {exc}")
        return {}
