"""`/llm ask` without a model: top-3 recall on tests/data/ask_queries.yaml, and latency
through `Engine.run` (vetting, retrieval, the extractive answer), the path every adapter takes."""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.stats import percentile
from bot.engine import Actor, Engine
from bot.engine.ask.retrieval import PassageRetriever
from bot.engine.grammar import Ask
from bot.knowledge import KnowledgeBase
from storage.sqlite import SqliteStore
from tests.ask.eval_set import cases, top3_recall

ACTOR = Actor("console", "bench", "general", "u1", "Bench")


async def ask_figures(kb: KnowledgeBase, path: Path, rounds: int = 20) -> dict[str, float]:
    store = SqliteStore(path)
    await store.start()
    try:
        engine = Engine(kb, store)
        recall = top3_recall(PassageRetriever(engine.index))
        print(
            f"ask, top-3 recall: {recall.hits}/{recall.on_topic}; off-topic answered: "
            f"{len(recall.wrongly_answered)}; missed: {list(recall.misses)}"
        )
        questions = [case.question for case in cases()]
        await engine.run(ACTOR, Ask(questions[0]))  # the passage statistics build once
        samples = []
        for _ in range(rounds):
            for question in questions:
                started = time.perf_counter()
                await engine.run(ACTOR, Ask(question))
                samples.append(time.perf_counter() - started)
    finally:
        await store.close()
    return {
        "ask_top3_recall": round(recall.share, 3),
        "ask_p50_ms": round(percentile(samples, 0.5) * 1000, 3),
        "ask_p99_ms": round(percentile(samples, 0.99) * 1000, 3),
    }
