"""Fixtures shared by every suite; tests ignore any llmbot settings of the shell they run in."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from bot.engine import Actor, Engine
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.llm.client import OpenAIChat
from bot.logs import MaskingFormatter
from storage import Store
from storage.sqlite import SqliteStore
from tests.llm_standin import LlmStandin
from tests.support import ManualClock

_SETTING_PREFIXES = ("LLMBOT_", "DISCORD_", "SLACK_")


@pytest.fixture(autouse=True)
def _no_leftover_log_handler() -> Iterator[None]:
    """`llmbot` run in-process installs its handler on the captured stderr of that test;
    left there, every later warning ends in "Logging error" on a closed stream."""
    yield
    root = logging.getLogger()
    for handler in root.handlers[:]:
        if isinstance(handler.formatter, MaskingFormatter):
            root.removeHandler(handler)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(_SETTING_PREFIXES) and not name.startswith("LLMBOT_TEST_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    store = SqliteStore(tmp_path / "llmbot.db")
    await store.start()
    yield store
    await store.close()


@pytest.fixture
async def engine(kb: KnowledgeBase, sqlite_store: Store, clock: ManualClock) -> Engine:
    return Engine(kb, sqlite_store, clock=clock, seed=7)


@pytest.fixture
def actor() -> Actor:
    return Actor(
        platform="console",
        workspace="w1",
        channel="general",
        user="alice",
        display_name="Alice",
        is_admin=True,
    )


# The OpenAI-compatible stand-in, served locally, and llmbot's model client pointed at it.


@pytest.fixture
async def llm_standin() -> AsyncIterator[LlmStandin]:
    fake = LlmStandin()
    yield fake
    fake.release()


@pytest.fixture
async def llm_url(llm_standin: LlmStandin) -> AsyncIterator[str]:
    server = TestServer(llm_standin.app())
    await server.start_server()
    yield str(server.make_url("/v1"))
    llm_standin.release()
    await server.close()


@pytest.fixture
async def llm_model(llm_url: str) -> AsyncIterator[OpenAIChat]:
    chat = OpenAIChat(base_url=llm_url, model="standin-1", api_key=None, timeout_s=5)
    yield chat
    await chat.close()
