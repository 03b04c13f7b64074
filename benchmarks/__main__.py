"""`make bench`: measure, print, and write benchmarks/results.json. Always exits 0."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from pathlib import Path

from benchmarks.asking import ask_figures
from benchmarks.baseline import baseline_tree, run_driver
from benchmarks.burst import engine_burst, raw_answer_writes, raw_rows, raw_sqlite, store_burst
from benchmarks.labs import lab_figures
from benchmarks.learning import learning_figures, learning_figures_postgres
from benchmarks.matching import matching_figures
from benchmarks.memory import peak_rss_mb
from benchmarks.packs import pack_import_seconds
from benchmarks.postgres import fanout_3_instances, postgres_figures
from benchmarks.reads import explain_latency, leaderboard_latency
from benchmarks.recap import recap_figures
from benchmarks.scheduler_pass import scheduler_pass
from benchmarks.startup import ask_start
from benchmarks.stats import median
from bot.engine import Engine
from bot.knowledge import load_knowledge
from storage.sqlite import SqliteStore

RESULTS = Path(__file__).resolve().parent / "results.json"

TARGETS = {
    "burst_ratio": (">=", 0.15),
    "answer_p99_ms": ("<=", 100.0),
    "explain_p99_ms": ("<=", 1.0),
    "match_public_top1": (">=", 0.97),
    "leaderboard_p99_ms": ("<=", 5.0),
    "ask_start_s": ("<=", 0.3),
    "ask_top3_recall": (">=", 0.90),
    "ask_p99_ms": ("<=", 5.0),
    "ask_peak_rss_mb": ("<=", 120.0),
    "fanout_efficiency": (">=", 0.85),
    "fanout_duplicates": ("<=", 0),
    "pg_fanout_3_instances_efficiency": (">=", 0.8),
    "pg_fanout_3_instances_duplicates": ("<=", 0),
    "pg_fanout_3_instances_min_share": (">=", 0.2),
    "scheduler_pass_ms": ("<=", 20.0),
    "open_loop_p99_ms_10k": ("<=", 10.0),
    "daily_peak_rss_mb": ("<=", 150.0),
    "practice_next_p99_ms": ("<=", 10.0),
    "me_with_mastery_p99_ms": ("<=", 5.0),
    "report_10k_members_s": ("<=", 3.0),
    "content_stats_1m_answers_s": ("<=", 5.0),
    "pg_practice_next_p99_ms": ("<=", 10.0),
    "pg_me_with_mastery_p99_ms": ("<=", 5.0),
    "pg_report_10k_members_s": ("<=", 3.0),
    "pg_content_stats_1m_answers_s": ("<=", 5.0),
    "tokenize_2000_chars_p99_ms": ("<=", 5.0),
    "tokens_picture_ms": ("<=", 150.0),
    "sample_p99_ms": ("<=", 20.0),
    "sample_buttons_p99_ms": ("<=", 20.0),
    "sample_chart_ms": ("<=", 150.0),
    "recap_chart_ms": ("<=", 150.0),
    "ngram_load_s": ("<=", 0.2),
    "ngram_memory_mb": ("<=", 30.0),
    "pack_import_llmbot_s": ("<=", 5.0),
    "pack_import_red_s": ("<=", 5.0),
}
OPEN_LOOP = ["--rate", "10000", "--seconds", "5"]
# The sequential scheduler would take over eight minutes; its rate after 30 s tells.
FANOUT_BEFORE_BUDGET_S = "30"


def verdict(key: str, value: float) -> str:
    if key not in TARGETS:
        return ""
    op, target = TARGETS[key]
    met = value >= target if op == ">=" else value <= target
    return f"  (target {op} {target:g}: {'met' if met else 'MISSED'})"


async def measure(work: Path) -> dict[str, float]:
    kb = load_knowledge()
    rows = raw_rows()
    ratios, bursts, raws = [], [], []
    for run in range(3):
        burst = await engine_burst(kb, work / f"burst{run}.db")
        raw = raw_sqlite(work / f"raw{run}.db", rows)
        bursts.append(burst)
        raws.append(raw)
        ratios.append(burst.answers_per_s / raw)
        print(
            f"run {run + 1}: engine {burst.answers_per_s:,.0f} answers/s "
            f"(p50 {burst.p50_ms:.1f} ms, p99 {burst.p99_ms:.1f} ms, "
            f"mean batch {burst.mean_batch:.0f}), raw sqlite3 {raw:,.0f} rows/s"
        )
    middle = sorted(range(3), key=lambda i: ratios[i])[1]
    store_rate = await store_burst(work / "store.db")
    print(f"store alone (record_answer, same burst): {store_rate:,.0f} answers/s")
    ceiling = raw_answer_writes(work / "ceiling.db")
    print(f"raw sqlite3, every row an answer writes, 500 per commit: {ceiling:,.0f} answers/s")
    store = SqliteStore(work / "explain.db")
    await store.start()
    try:
        explain_p50, explain_p99 = explain_latency(Engine(kb, store))
    finally:
        await store.close()
    matching = matching_figures(kb)
    leaderboard_p99 = await leaderboard_latency(kb, work / "history.db")
    ask_s, ask_rss = ask_start(work / "ask.db")
    passes = await scheduler_pass(kb, work / "channels.db")
    daily_rss, _ = await peak_rss_mb(work)
    asking = await ask_figures(kb, work / "asking.db")
    learning = await learning_figures(kb, work / "learning.db")
    url = os.environ.get("LLMBOT_TEST_POSTGRES_URL", "").strip()
    if url:
        learning.update(await learning_figures_postgres(kb, work / "learning.db", url))
    labs = lab_figures(kb)
    packs = await pack_import_seconds(kb, work)
    return {
        "burst_answers_per_s": round(bursts[middle].answers_per_s),
        "raw_sqlite_rows_per_s": round(raws[middle]),
        "burst_ratio": round(median(ratios), 3),
        "store_burst_answers_per_s": round(store_rate),
        "store_burst_ratio": round(store_rate / raws[middle], 3),
        "raw_answer_writes_per_s": round(ceiling),
        "burst_share_of_ceiling": round(bursts[middle].answers_per_s / ceiling, 3),
        "answer_p50_ms": round(bursts[middle].p50_ms, 2),
        "answer_p99_ms": round(bursts[middle].p99_ms, 2),
        "explain_p50_ms": round(explain_p50, 3),
        "explain_p99_ms": round(explain_p99, 3),
        **matching,
        "leaderboard_p99_ms": round(leaderboard_p99, 3),
        "ask_start_s": round(ask_s, 3),
        "ask_peak_rss_mb": round(ask_rss, 1),
        **passes,
        "daily_peak_rss_mb": round(daily_rss, 1),
        **asking,
        **learning,
        **labs,
        **recap_figures(),
        **packs,
    }


def before_and_after() -> dict[str, float]:
    """The fan-out and the open-loop answers, on this tree and on the baseline's, each
    in a fresh process, one after the other."""
    fanout = run_driver("fanout.py", [])
    print(f"fan-out, 1 instance: {fanout}")
    after = run_driver("open_loop.py", OPEN_LOOP)
    print(f"open loop, 10,000 answers/s: {after}")
    figures: dict[str, float] = {
        "fanout_efficiency": fanout["efficiency"],
        "fanout_seconds": fanout["seconds"],
        "fanout_duplicates": fanout["duplicates"],
        "fanout_peak_per_s": fanout["peak_per_s"],
        "open_loop_p99_ms_10k": after["p99_ms"],
        "open_loop_p50_ms_10k": after["p50_ms"],
    }
    with baseline_tree() as baseline:
        if baseline is not None:
            commit, tree = baseline
            old_fanout = run_driver("fanout.py", ["--budget-s", FANOUT_BEFORE_BUDGET_S], tree)
            print(f"fan-out before ({commit}): {old_fanout}")
            before = run_driver("open_loop.py", OPEN_LOOP, tree)
            print(f"open loop before ({commit}): {before}")
            burst_before = run_driver("burst.py", [], tree)
            print(f"burst before ({commit}): {burst_before}")
            figures["burst_answers_per_s_before"] = burst_before["answers_per_s"]
            figures["fanout_efficiency_before"] = old_fanout["efficiency"]
            figures["open_loop_p99_ms_10k_before"] = before["p99_ms"]
            figures["open_loop_p50_ms_10k_before"] = before["p50_ms"]
    return figures


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="llmbot-bench-") as work:
        results = asyncio.run(measure(Path(work)))
    results.update(before_and_after())
    if "burst_answers_per_s_before" in results:
        results["burst_ratio_before"] = round(
            results["burst_answers_per_s_before"] / results["raw_sqlite_rows_per_s"], 3
        )
    results.update(postgres_figures())
    results.update(fanout_3_instances())
    print()
    for key, value in results.items():
        print(f"{key:34} {value:>14,}{verdict(key, value)}")
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()
