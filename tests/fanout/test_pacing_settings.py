"""The fan-out's settings: read from the environment, checked once, refused with a reason."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, DailyPacing, Settings


def test_defaults_keep_discord_under_its_global_limit_and_pace_slack_per_workspace() -> None:
    pacing = Settings.from_env({}).daily_pacing
    assert pacing == DailyPacing(
        post_timeout_s=10.0, concurrency=64, discord_per_s=40.0, slack_workspace_per_s=1.5
    )


def test_each_setting_comes_from_its_variable() -> None:
    pacing = Settings.from_env(
        {
            "LLMBOT_DAILY_POST_TIMEOUT_S": "2.5",
            "LLMBOT_DAILY_CONCURRENCY": "128",
            "LLMBOT_DAILY_RATE_DISCORD": "25",
            "LLMBOT_DAILY_RATE_SLACK": "0.5",
        }
    ).daily_pacing
    assert pacing == DailyPacing(2.5, 128, 25.0, 0.5)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("LLMBOT_DAILY_POST_TIMEOUT_S", "0", "above 0"),
        ("LLMBOT_DAILY_POST_TIMEOUT_S", "soon", "must be a number"),
        ("LLMBOT_DAILY_CONCURRENCY", "0", "between 1 and 1024"),
        ("LLMBOT_DAILY_RATE_DISCORD", "50", "at most 49"),
        ("LLMBOT_DAILY_RATE_SLACK", "-1", "above 0"),
    ],
)
def test_a_bad_value_is_refused_with_the_variable_named(
    name: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as refused:
        Settings.from_env({name: value})
    assert name in str(refused.value)
