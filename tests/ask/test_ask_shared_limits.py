"""The rate and the budget hold across two engines on one database, on every backend, with
time from an injected clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.engine import Actor, Engine
from bot.engine.ask.ports import AskLimits
from bot.engine.grammar import Ask
from bot.knowledge import KnowledgeBase
from bot.llm.client import OpenAIChat
from storage import Store
from tests.backends import BACKENDS, started_stores
from tests.llm_standin import LlmStandin
from tests.support import ManualClock

QUESTION = Ask("why do llms make up citations?")


def member(user: str) -> Actor:
    return Actor("console", "w1", "general", user, user.title())


@pytest.fixture(params=BACKENDS)
async def stores(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[list[Store]]:
    async with started_stores(request.param, tmp_path, count=2) as opened:
        yield opened


def engines(
    kb: KnowledgeBase,
    stores: list[Store],
    clock: ManualClock,
    model: OpenAIChat,
    limits: AskLimits,
) -> list[Engine]:
    return [Engine(kb, s, clock=clock, model=model, ask_limits=limits) for s in stores]


async def test_the_members_rate_is_shared_by_two_engines(
    kb: KnowledgeBase,
    stores: list[Store],
    clock: ManualClock,
    llm_model: OpenAIChat,
    llm_standin: LlmStandin,
) -> None:
    first, second = engines(kb, stores, clock, llm_model, AskLimits(rate_count=3))
    alice = member("alice")
    for engine in (first, second, first):
        assert (await engine.run(alice, QUESTION)).data["generated"] is True
        clock.advance(minutes=1)

    refused = await second.run(alice, QUESTION)

    assert refused.kind == "refused" and "try again in 7 minutes" in refused.body
    assert len(llm_standin.requests) == 3
    clock.advance(minutes=7)
    assert (await second.run(alice, QUESTION)).data["generated"] is True


async def test_the_daily_budget_is_shared_and_resets_at_the_workspaces_midnight(
    kb: KnowledgeBase,
    stores: list[Store],
    clock: ManualClock,
    llm_model: OpenAIChat,
    llm_standin: LlmStandin,
) -> None:
    first, second = engines(kb, stores, clock, llm_model, AskLimits(daily_tokens=300))
    admin = Actor("console", "w1", "general", "root", "Root", is_admin=True)
    assert (await first.handle_text(admin, "/llm settings timezone America/New_York")).kind
    clock.set(datetime(2026, 11, 26, 3, 0, tzinfo=UTC))  # 22:00 on the 25th in New York
    await first.run(member("alice"), QUESTION)  # 150 tokens each, as the stand-in reports
    await second.run(member("bob"), QUESTION)

    spent = await first.run(member("carol"), QUESTION)

    assert spent.data["fallback"] == "budget_spent" and "America/New_York" in spent.footer
    assert len(llm_standin.requests) == 2
    clock.advance(hours=2, minutes=1)  # 00:01 on the 26th in New York
    assert (await second.run(member("carol"), QUESTION)).data["generated"] is True
