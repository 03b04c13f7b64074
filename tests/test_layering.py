"""The core never imports a chat, web or model library; adapters point inwards only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"discord", "slack_bolt", "slack_sdk", "aiohttp", "openai", "httpx"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


@pytest.mark.parametrize("path", python_files("bot/engine", "bot/knowledge", "storage"), ids=str)
def test_core_imports_no_chat_or_web_library(path: Path) -> None:
    roots = {name.split(".")[0] for name in imported_modules(path)}
    assert not roots & FORBIDDEN


@pytest.mark.parametrize("path", python_files("bot/engine", "bot/knowledge", "storage"), ids=str)
def test_core_never_imports_adapters(path: Path) -> None:
    outer = ("bot.adapters", "bot.cli", "bot.llm")
    assert not any(name.startswith(outer) for name in imported_modules(path))


def test_layering_check_sees_imports() -> None:
    probe = ROOT / "bot" / "adapters" / "console.py"
    assert "bot.engine" in imported_modules(probe)
