"""Model failures reach the log at most once a minute, counted."""

from __future__ import annotations

import logging

import pytest

from bot.engine.ask.fallbacks import FallbackLog
from bot.engine.ask.ports import Failure
from tests.support import ManualClock


def test_failures_are_logged_once_a_minute_with_their_counts(
    clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.engine.ask.fallbacks")
    fallbacks = FallbackLog(clock)

    fallbacks.failed(Failure.RATE_LIMITED, "HTTP 429")
    for _ in range(5):
        clock.advance(seconds=10)
        fallbacks.failed(Failure.RATE_LIMITED, "HTTP 429")
    clock.advance(seconds=11)
    fallbacks.failed(Failure.SERVER_ERROR, "HTTP 500")

    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2
    assert "rate_limited ×1" in lines[0]
    assert "rate_limited ×5" in lines[1] and "server_error ×1" in lines[1]
