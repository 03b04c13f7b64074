"""Start-to-reply time and peak memory of `llmbot ask`, in fresh processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.stats import median


def ask_start(database: Path, runs: int = 5) -> tuple[float, float]:
    """Median wall time and peak RSS (MB) of `llmbot ask "/llm explain attention"`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLMBOT_")}
    env["LLMBOT_DATABASE_URL"] = f"sqlite:///{database}"
    command = [sys.executable, "-m", "bot.cli", "ask", "/llm explain attention"]
    subprocess.run(command, env=env, check=True, capture_output=True)  # warms the content cache
    times = []
    peaks = []
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        times.append(time.perf_counter() - started)
        assert os.waitstatus_to_exitcode(status) == 0
        peaks.append(usage.ru_maxrss / 1024)
    return median(times), max(peaks)
