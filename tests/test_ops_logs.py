"""No token reaches the log output, in the message or a traceback, in text or JSON."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.logs import configure

DISCORD_TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.s3cr3t-discord-token-value"
SIGNING_SECRET = "8f14e45fceea167a5a36dedd4bea2543"


@pytest.fixture(autouse=True)
def _restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def log_a_leak() -> None:
    log = logging.getLogger("bot.adapters.example")
    log.info("connecting with token %s", DISCORD_TOKEN)
    try:
        raise PermissionError(f"signature check failed for secret {SIGNING_SECRET}")
    except PermissionError:
        log.exception("request rejected")


def configure_from_env(fmt: str) -> None:
    settings = Settings.from_env(
        {
            "DISCORD_TOKEN": DISCORD_TOKEN,
            "SLACK_BOT_TOKEN": "xoxb-1234-5678-abcdefghijkl",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "LLMBOT_LOG_FORMAT": fmt,
        }
    )
    configure("INFO", settings.log_format, settings.secrets())


def test_text_logs_mask_tokens_in_messages_and_tracebacks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_from_env("text")
    log_a_leak()
    err = capsys.readouterr().err
    assert "connecting with token ***" in err
    assert "Traceback (most recent call last)" in err
    assert "signature check failed for secret ***" in err
    assert DISCORD_TOKEN not in err and SIGNING_SECRET not in err


def test_json_logs_mask_tokens_in_messages_and_tracebacks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_from_env("json")
    log_a_leak()
    err = capsys.readouterr().err
    assert DISCORD_TOKEN not in err and SIGNING_SECRET not in err
    lines = [json.loads(line) for line in err.splitlines()]
    assert [entry["message"] for entry in lines] == [
        "connecting with token ***",
        "request rejected",
    ]
    assert {"ts", "level", "logger", "message"} <= lines[0].keys()
    assert lines[1]["level"] == "ERROR"
    assert "signature check failed for secret ***" in lines[1]["exc"]
