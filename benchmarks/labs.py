"""The labs: tokenizer load and speed, sampling speed, picture time, and the word model's cost.

Loads and memory are measured in fresh processes, since a process loads each only once.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time

from benchmarks.stats import median, percentile
from bot.engine.labs.lab import Labs
from bot.engine.labs.options import SampleSettings
from bot.engine.labs.sampling import sample
from bot.knowledge.base import KnowledgeBase

# 2,000 characters of English, code and other scripts: what a curious member pastes.
TEXT = (
    "Tokenization splits unfamiliar words into pieces; strawberry has three r's. "
    "def tokenize(text): return [t for t in text.split()]  # 42 tokens? "
    "日本語のテキストはより多くのトークンを使います。 مرحبا بالعالم Привет, мир! 👋🏽 "
) * 20
TEXT = TEXT[:2000]

PROMPTS = ("the transformer", "attention lets", "a token is", "the model", "why do", "of the")

# Memory is the process's resident set now (not its peak), before and after.
_RSS = """
import gc
def rss():
    gc.collect()
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024
"""

_LOAD_TOKENIZERS = _RSS + """
import json, time
from bot.engine.labs.tokenizers import Tokenizers
before = rss()
started = time.perf_counter()
tokenizers = Tokenizers()
tokenizers.tokenize("Hello, world!", "o200k_base")
first = time.perf_counter() - started
after_first = rss()
started = time.perf_counter()
tokenizers.tokenize("Hello, world!", "cl100k_base")
second = time.perf_counter() - started
print(json.dumps({"first": first, "first_mb": after_first - before, "second": second,
                  "both_mb": rss() - before}))
"""

_LOAD_MODEL = _RSS + """
import json, time
from bot.knowledge.cache import load_cached
from bot.engine.labs.corpus import build_model
kb = load_cached().kb
before = rss()
started = time.perf_counter()
model = build_model(kb)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "mb": rss() - before}))
"""


def _fresh(code: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded: dict[str, float] = json.loads(out.stdout)
    return loaded


def lab_figures(kb: KnowledgeBase) -> dict[str, float]:
    loads = [_fresh(_LOAD_TOKENIZERS) for _ in range(3)]
    models = [_fresh(_LOAD_MODEL) for _ in range(3)]
    labs = Labs(kb)
    tokenizers = labs.tokenizers
    tokenizers.tokenize(TEXT, "o200k_base")
    tokenize = []
    for _ in range(300):
        started = time.perf_counter()
        tokenizers.tokenize(TEXT, "o200k_base")
        tokenize.append((time.perf_counter() - started) * 1000)
    pictures = []
    for _ in range(15):
        started = time.perf_counter()
        labs._tokens(TEXT, "o200k")
        pictures.append((time.perf_counter() - started) * 1000)
    model = labs.model.get()
    rng = random.Random(7)

    def sample_p99(settings: SampleSettings) -> float:
        times = []
        for i in range(300):
            started = time.perf_counter()
            sample(model, PROMPTS[i % len(PROMPTS)], settings, rng.randrange(10**9))
            times.append((time.perf_counter() - started) * 1000)
        return percentile(times, 0.99)

    charts = []
    for i in range(15):
        started = time.perf_counter()
        labs._sample(PROMPTS[i % len(PROMPTS)], SampleSettings(0.8), i)
        charts.append((time.perf_counter() - started) * 1000)
    picture_ms = median(pictures) - median(tokenize)
    return {
        "tokenizer_first_load_s": round(median([x["first"] for x in loads]), 3),
        "tokenizer_o200k_mb": round(median([x["first_mb"] for x in loads]), 1),
        "tokenizer_second_load_s": round(median([x["second"] for x in loads]), 3),
        "tokenizer_both_mb": round(median([x["both_mb"] for x in loads]), 1),
        "tokenize_2000_chars_p99_ms": round(percentile(tokenize, 0.99), 3),
        "tokens_picture_ms": round(picture_ms, 1),
        "sample_p99_ms": round(sample_p99(SampleSettings(0.8)), 2),
        "sample_buttons_p99_ms": round(
            max(sample_p99(SampleSettings(t)) for t in (0.2, 1.0, 1.5)), 2
        ),
        "sample_top_p_0_95_t_1_5_p99_ms": round(sample_p99(SampleSettings(1.5, 0.95)), 2),
        "sample_chart_ms": round(median(charts), 1),
        "ngram_load_s": round(median([x["seconds"] for x in models]), 3),
        "ngram_memory_mb": round(median([x["mb"] for x in models]), 1),
    }


if __name__ == "__main__":
    from bot.knowledge.cache import load_cached

    for key, value in lab_figures(load_cached().kb).items():
        print(f"{key:34} {value:>10,}")
