"""Benchmark drivers run in a fresh process, on this checkout or on an earlier tree, so
"before" and "after" come from one `make bench` on one machine.

The earlier tree is `git archive` of `LLMBOT_BENCH_BASELINE` (a commit, default the
main branch before the concurrent fan-out and the faster answer path), unpacked into a
temporary folder and put first on `PYTHONPATH`; the drivers themselves are today's, and
import only what both versions have.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BASELINE = "c3c3feb"


def run_driver(script: str, args: list[str], tree: Path | None = None) -> dict[str, Any]:
    """The JSON a driver script (benchmarks/<script>) prints, run on `tree` or this checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLMBOT_")}
    env["PYTHONPATH"] = str(tree or ROOT)
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        env=env,
        cwd=tree or ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


@contextmanager
def baseline_tree() -> Iterator[tuple[str, Path] | None]:
    """(commit, folder) of the baseline's code, or None where git or the commit is missing."""
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
        print(f"baseline {ref} unavailable ({type(exc).__name__}); no before figures")
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="llmbot-baseline-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        yield commit, Path(folder)
