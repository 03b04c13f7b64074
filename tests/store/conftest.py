"""The store contract runs on every backend: each test gets a fresh store of each."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from storage import Store
from tests.backends import BACKENDS, open_backend


@pytest.fixture(params=BACKENDS)
async def reopenable(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Callable[[], Store]]:
    async with open_backend(request.param, tmp_path) as factory:
        yield factory


@pytest.fixture
async def store(reopenable: Callable[[], Store]) -> AsyncIterator[Store]:
    opened = reopenable()
    await opened.start()
    yield opened
    await opened.close()
