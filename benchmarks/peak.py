"""A process's own peak resident set, read where no parent's pages are counted.

Kept free of other imports: `benchmarks/startup.py` loads it inside the `llmbot ask` it
measures, so it must not add to that process's start or size.
"""

from __future__ import annotations

from pathlib import Path


def own_peak_mb() -> float:
    """This process image's peak resident set (VmHWM). `ru_maxrss` would also count the
    pages of the parent this process was forked from, before it ran Python."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise OSError("no VmHWM in /proc/self/status")
