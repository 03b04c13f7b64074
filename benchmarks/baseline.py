"""The same open-loop driver run against an earlier tree, so "before" and "after" come from
one `make bench` on one machine.

The earlier tree is `git archive` of `LLMBOT_BENCH_BASELINE` (a commit, default the
main branch before the daily fan-out and answer-path work), unpacked into a temporary
folder and put first on `PYTHONPATH`; the driver itself is today's `open_loop.py`.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve().parent / "open_loop.py"
DEFAULT_BASELINE = "bd11dd8"


def open_loop_figures(rate: float, seconds: float, tree: Path | None = None) -> dict[str, float]:
    """The driver's figures in a fresh process, on `tree` if given, else on this checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLMBOT_")}
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    done = subprocess.run(
        [sys.executable, str(DRIVER), "--rate", str(rate), "--seconds", str(seconds)],
        env=env,
        cwd=tree or ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def baseline_open_loop(rate: float, seconds: float) -> tuple[str, dict[str, float]] | None:
    """(commit, figures) for the baseline tree, or None where git or the commit is missing."""
    ref = os.environ.get("LLMBOT_BENCH_BASELINE", DEFAULT_BASELINE)
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", f"{ref}^{{commit}}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", commit, "bot", "storage"],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"baseline {ref} unavailable ({type(exc).__name__}); no before figure")
        return None
    with tempfile.TemporaryDirectory(prefix="llmbot-baseline-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        return commit, open_loop_figures(rate, seconds, Path(folder))
