"""The weekly recap's chart: drawing and encoding a full one (5 members, 3 teams).

A recap is posted once a week per channel, so the figure that matters is one draw's time;
it runs in a worker thread, and this says how long that thread is busy.
"""

from __future__ import annotations

import time

from benchmarks.stats import median
from bot.engine.daily.recap_chart import recap_chart

MEMBERS = [
    ("Ann Lovelace", 42), ("Bartholomew Quizmaster-Longname", 37), ("Chidi", 31),
    ("Dana 日本", 20), ("Eve", 12),
]
TEAMS = [(1, "Owls", 18.5), (2, "Larks of the Evening Shift", 12.0), (3, "Ravens", 7.3)]


def recap_figures() -> dict[str, float]:
    times = []
    for _ in range(15):
        started = time.perf_counter()
        recap_chart("2026-W48", MEMBERS, TEAMS)
        times.append((time.perf_counter() - started) * 1000)
    return {"recap_chart_ms": round(median(times), 1)}


if __name__ == "__main__":
    for key, value in recap_figures().items():
        print(f"{key:34} {value:>10,}")
