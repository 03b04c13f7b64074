"""Fixtures of the daily-question suites: an admin's console chat and a scripted poster."""

from __future__ import annotations

import pytest

from bot.adapters.console import ConsoleChat
from bot.engine import Actor, Engine
from tests.daily_support import ScriptedPoster, attach
from tests.support import ManualClock


@pytest.fixture
def poster(engine: Engine, clock: ManualClock) -> ScriptedPoster:
    return attach(engine, clock)


@pytest.fixture
def admin(engine: Engine, actor: Actor) -> ConsoleChat:
    return ConsoleChat(engine, actor)
