"""Open-loop answer latency: answers arrive at a fixed rate through `Engine.handle_text`.

A closed loop (each member waits for its reply before answering again) slows down with
the system and hides queueing; here the i-th answer is due at `start + i / rate` whatever
happened before, and its latency counts from that moment, as after a daily post when
members click regardless of how busy the bot is.

The script imports only `bot.engine.Engine`, `Actor`, `storage.sqlite.SqliteStore`, the
percentile of `benchmarks/stats.py` beside it (and `bot.app.settle_heap` where the tree has
it, as `llmbot run` calls it once started), so
`make bench` can also run it against an earlier tree (`PYTHONPATH=<tree>`) to measure the
"before" figure in the same run. It prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

from bot.engine import Actor, Engine
from bot.knowledge import load_knowledge
from storage.sqlite import SqliteStore

try:
    from benchmarks.stats import percentile
except ImportError:  # run as a script on a baseline tree, whose `benchmarks` is not importable
    from stats import percentile  # type: ignore[no-redef]

try:  # `llmbot run` settles its heap once started; earlier versions did not
    from bot.app import settle_heap
except ImportError:
    settle_heap = None

MEMBERS = 1_000


async def open_loop(path: Path, rate: float, seconds: float) -> dict[str, float]:
    total = int(rate * seconds)
    store = SqliteStore(path)
    await store.start()
    try:
        engine = Engine(load_knowledge(), store, seed=1)
        host = Actor("bench", "w1", "c1", "host", "Host")
        quiz_ids = []
        for _ in range(-(-total // MEMBERS)):
            reply = await engine.handle_text(host, "/llm quiz")
            # The answer buttons carry the quiz id (`llm:a:<quiz>:<n>`) in every version.
            quiz_ids.append(reply.buttons[0].action_id.split(":")[2])
        members = [Actor("bench", "w1", "c1", f"u{n:04d}", f"User {n}") for n in range(MEMBERS)]
        if settle_heap is not None:
            settle_heap()
        latencies = [0.0] * total
        failures = 0

        async def answer(i: int, due: float) -> None:
            nonlocal failures
            text = f"/llm answer {quiz_ids[i // MEMBERS]} {'AB'[i % 2]}"
            try:
                reply = await engine.handle_text(members[i % MEMBERS], text)
            except Exception:  # counted, not lost with its finished task
                failures += 1
                return
            latencies[i] = time.perf_counter() - due
            if str(reply.kind) != "answer":
                failures += 1

        # Only answers in flight are held: keeping every finished task alive would grow the
        # heap by tens of thousands of objects that each full garbage collection then walks,
        # a pause the bot itself (which keeps no such list) never has.
        in_flight: set[asyncio.Task[None]] = set()
        start = time.perf_counter() + 0.05
        sent = 0
        while sent < total:
            due_now = min(total, int((time.perf_counter() - start) * rate) + 1)
            while sent < due_now:
                task = asyncio.create_task(answer(sent, start + sent / rate))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
                sent += 1
            if sent < total:
                await asyncio.sleep(max(0.0, start + sent / rate - time.perf_counter()))
        while in_flight:
            await asyncio.gather(*in_flight)
        elapsed = time.perf_counter() - start
    finally:
        await store.close()
    return {
        "rate": rate,
        "answers": total,
        "failures": failures,
        "achieved_per_s": round(total / elapsed),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "max_ms": round(max(latencies) * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=10_000.0)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="llmbot-open-loop-") as work:
        figures = asyncio.run(open_loop(Path(work) / "open.db", args.rate, args.seconds))
    json.dump(figures, sys.stdout)
    print()


if __name__ == "__main__":
    main()
