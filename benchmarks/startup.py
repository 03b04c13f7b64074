"""Start-to-reply time and peak memory of `llmbot ask`, in fresh processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.stats import median

ROOT = Path(__file__).resolve().parent.parent
# `llmbot ask` run as `python -m bot.cli` runs it, printing its own peak resident set to
# stderr at exit. The peak is read inside the child because `ru_maxrss` of a child counts
# the pages it shared with the parent it was forked from: it reported this benchmark's size.
CHILD = (
    "import atexit, runpy, sys\n"
    "from benchmarks.peak import own_peak_mb\n"
    "atexit.register(lambda: print(own_peak_mb(), file=sys.stderr))\n"
    "runpy.run_module('bot.cli', run_name='__main__')\n"
)


def ask_start(database: Path, runs: int = 5) -> tuple[float, float]:
    """Median wall time and peak RSS (MB) of `llmbot ask "/llm explain attention"`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLMBOT_")}
    env["LLMBOT_DATABASE_URL"] = f"sqlite:///{database}"
    # An installed llmbot starts from bytecode; without it every run would also time the
    # compiler, so the first run writes it even where the caller turned that off.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-c", CHILD, "ask", "/llm explain attention"]
    # Warms the content cache and writes the bytecode.
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
    times = []
    peaks = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            command,
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        times.append(time.perf_counter() - started)
        peaks.append(float(done.stderr.split()[-1]))
    return median(times), max(peaks)
