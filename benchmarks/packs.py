"""Importing a pack of 5,000 questions end to end: read, validate, find near-duplicates, store.

Measured through `Engine.run` with the command every platform builds, on a fresh SQLite
database each run, for llmbot's own YAML and for a Red-DiscordBot list (whose questions
also get their options drawn from the list's other answers).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from benchmarks.stats import median
from bot.engine import Actor, Engine
from bot.engine.grammar import PackImport
from bot.knowledge import KnowledgeBase
from storage.sqlite import SqliteStore

QUESTIONS = 5_000
ACTOR = Actor("console", "bench", "general", "admin", "Admin", is_admin=True)


def _words(rng: random.Random, vocabulary: list[str], count: int) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def _vocabulary(rng: random.Random, size: int = 4_000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return sorted({"".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(size)})


def llmbot_pack(count: int = QUESTIONS, seed: int = 1) -> bytes:
    """Questions as a team would write them: varied stems, four options with reasons."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    lines = ["pack:", "  title: Benchmark pack", "questions:"]
    for n in range(count):
        lines += [
            f"  - difficulty: {rng.choice(('easy', 'medium', 'hard'))}",
            "    type: choice",
            f"    stem: Question {n}, which {_words(rng, vocabulary, rng.randint(6, 16))}?",
            "    options:",
        ]
        for option in range(4):
            lines.append(f"      - text: {_words(rng, vocabulary, rng.randint(3, 8))} {option}")
            if option == 0:
                lines.append("        correct: true")
            lines.append(f"        why: {_words(rng, vocabulary, rng.randint(5, 12))}.")
    return ("\n".join(lines) + "\n").encode()


def red_list(count: int = QUESTIONS, seed: int = 2) -> bytes:
    """A Red-DiscordBot trivia list: each question and its accepted answers, some numbers."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    lines = ["AUTHOR: bench", "DESCRIPTION: A benchmark list."]
    for n in range(count):
        lines.append(f"Question {n}, {_words(rng, vocabulary, rng.randint(5, 14))}?:")
        if n % 5 == 0:
            lines.append(f"- {rng.randint(1, 2000)}")
        else:
            lines.append(f"- {_words(rng, vocabulary, rng.randint(1, 3))}")
            lines.append(f"- {_words(rng, vocabulary, 1)}")
    return ("\n".join(lines) + "\n").encode()


async def _import_once(kb: KnowledgeBase, database: Path, name: str, raw: bytes) -> float:
    store = SqliteStore(database)
    await store.start()
    try:
        engine = Engine(kb, store)
        started = time.perf_counter()
        reply = await engine.run(ACTOR, PackImport(name, raw, len(raw)))
        elapsed = time.perf_counter() - started
    finally:
        await store.close()
    assert reply.kind == "pack_imported", reply.body
    assert reply.data["questions"] >= QUESTIONS * 0.99
    return elapsed


async def pack_import_seconds(kb: KnowledgeBase, work: Path, runs: int = 3) -> dict[str, float]:
    """Median seconds to import 5,000 questions, per format."""
    figures = {}
    for label, name, raw in (
        ("llmbot", "bench.yaml", llmbot_pack()),
        ("red", "bench-red.yaml", red_list()),
    ):
        times = [
            await _import_once(kb, work / f"pack-{label}-{run}.db", name, raw)
            for run in range(runs)
        ]
        figures[f"pack_import_{label}_s"] = round(median(times), 3)
    return figures
