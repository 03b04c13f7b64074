"""`make bench` is not part of `make test`, so a moved module would only show there; at least
every benchmark module must import."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("path", sorted((ROOT / "benchmarks").glob("*.py")), ids=lambda p: p.name)
def test_benchmark_module_imports(path: Path) -> None:
    importlib.import_module(f"benchmarks.{path.stem}")
