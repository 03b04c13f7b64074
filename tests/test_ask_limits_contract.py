"""`/llm ask`'s limits in every Store backend: a member's rate window and a workspace's daily
tokens, atomic and shared by every instance on one database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import Store
from tests.backends import BACKENDS, started_stores

WS = "console:w1"
MINUTE = 60_000
WINDOW = 10 * MINUTE


@pytest.fixture(params=BACKENDS)
async def stores(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[list[Store]]:
    """Two instances on one fresh database."""
    async with started_stores(request.param, tmp_path, count=2) as opened:
        yield opened


async def take(store: Store, now_ms: int, user: str = "alice", limit: int = 3) -> int | None:
    return await store.take_model_slot(WS, user, now_ms, WINDOW, limit)


async def test_a_window_counts_calls_up_to_the_limit_then_says_when_it_reopens(
    stores: list[Store],
) -> None:
    first, second = stores
    assert await take(first, 1_000) is None
    assert await take(second, 1_000 + MINUTE) is None  # the other instance shares the count
    assert await take(first, 1_000 + 2 * MINUTE) is None

    assert await take(second, 1_000 + 3 * MINUTE) == 1_000 + WINDOW
    assert await take(first, 1_000 + 4 * MINUTE) == 1_000 + WINDOW  # a refusal counts nothing
    assert await take(first, 1_000 + 3 * MINUTE, user="bob") is None  # per member
    assert await take(second, 1_000 + WINDOW) is None  # a new window opens


async def test_concurrent_calls_from_two_instances_never_pass_the_limit(
    stores: list[Store],
) -> None:
    results = await asyncio.gather(*(take(stores[n % 2], 5_000, limit=4) for n in range(12)))

    assert sum(r is None for r in results) == 4
    assert {r for r in results if r is not None} == {5_000 + WINDOW}


async def test_daily_tokens_add_up_per_workspace_and_day(stores: list[Store]) -> None:
    first, second = stores
    assert await first.tokens_used(WS, "2026-11-25") == 0

    await asyncio.gather(
        *(stores[n % 2].add_tokens(WS, "2026-11-25", 100) for n in range(10)),
        first.add_tokens(WS, "2026-11-26", 7),
        second.add_tokens("slack:T1", "2026-11-25", 5),
    )

    assert await second.tokens_used(WS, "2026-11-25") == 1_000
    assert await first.tokens_used(WS, "2026-11-26") == 7
    assert await first.tokens_used("slack:T1", "2026-11-25") == 5

