"""The core never imports a chat, web or model library; adapters point inwards only."""

from __future__ import annotations

import ast
import re
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


# Mention and markup syntax of the chat platforms: Discord (<@user>, <@&role>, <#channel>,
# @everyone, @here) and Slack (<!channel>, <!subteam^…>, <@U…>, mrkdwn links <url|label>).
PLATFORM_MARKUP = re.compile(
    r"<[@#]|<!(?:channel|here|everyone|subteam|date)|@(?:everyone|here|channel)\b|<https?:[^>]*\|",
)


def string_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


@pytest.mark.parametrize("path", python_files("storage"), ids=str)
def test_storage_never_imports_bot(path: Path) -> None:
    assert not any(name.split(".")[0] == "bot" for name in imported_modules(path))


@pytest.mark.parametrize("path", python_files("bot", "storage"), ids=str)
def test_only_the_postgres_backend_imports_asyncpg(path: Path) -> None:
    roots = {name.split(".")[0] for name in imported_modules(path)}
    if "asyncpg" in roots:
        assert path.is_relative_to(ROOT / "storage" / "postgres")


@pytest.mark.parametrize("path", python_files("bot/ops"), ids=str)
def test_ops_never_imports_the_app_that_runs_it(path: Path) -> None:
    found = imported_modules(path)
    assert not any(name.startswith(("bot.app", "bot.runner", "bot.cli")) for name in found)


@pytest.mark.parametrize("path", python_files("bot/engine"), ids=str)
def test_engine_text_carries_no_platform_markup(path: Path) -> None:
    """Role mentions arrive as ids and names leave as plain text: adapters do the syntax."""
    assert [s for s in string_literals(path) if PLATFORM_MARKUP.search(s)] == []


def test_markup_check_sees_platform_syntax() -> None:
    for probe in ("<@&123>", "<!subteam^S1|@x>", "@everyone", "<#C1>", "<https://x|y>"):
        assert PLATFORM_MARKUP.search(probe), probe
    assert string_literals(ROOT / "bot" / "adapters" / "slack" / "home.py")


def test_engine_shares_few_modules_and_keeps_one_folder_per_feature() -> None:
    engine = ROOT / "bot" / "engine"
    assert len(list(engine.glob("*.py"))) <= 12
    features = {p.parent.name for p in engine.glob("*/__init__.py")}
    assert {"grammar", "learn", "standings", "teams", "workspace", "daily"} <= features
    storage = {p.parent.name for p in (ROOT / "storage").glob("*/__init__.py")}
    assert {"sql", "sqlite", "postgres"} <= storage
