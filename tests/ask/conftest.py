"""The OpenAI-compatible stand-in, served locally, and llmbot's model client pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestServer

from bot.llm.client import OpenAIChat
from tests.llm_standin import LlmStandin


@pytest.fixture
async def standin() -> AsyncIterator[LlmStandin]:
    fake = LlmStandin()
    yield fake
    fake.release()


@pytest.fixture
async def llm_url(standin: LlmStandin) -> AsyncIterator[str]:
    server = TestServer(standin.app())
    await server.start_server()
    yield str(server.make_url("/v1"))
    standin.release()
    await server.close()


@pytest.fixture
async def model(llm_url: str) -> AsyncIterator[OpenAIChat]:
    chat = OpenAIChat(base_url=llm_url, model="standin-1", api_key=None, timeout_s=5)
    yield chat
    await chat.close()
