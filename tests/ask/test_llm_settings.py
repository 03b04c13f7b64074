"""`LLMBOT_LLM_*` settings: validated at start, the key kept secret, the extra required."""

from __future__ import annotations

import logging

import pytest

import bot.llm
from bot.config import ConfigError, LlmSettings, Rate, Settings
from bot.llm import model_from_settings
from bot.logs import configure

URL = "http://localhost:11434/v1"


def test_defaults_mean_no_model_and_the_documented_limits() -> None:
    llm = Settings.from_env({}).llm

    assert llm.base_url is None and model_from_settings(llm) is None
    assert (llm.timeout_s, llm.rate, llm.daily_tokens) == (20.0, Rate(5, 600), 200_000)


def test_a_configured_endpoint_is_read_whole() -> None:
    llm = LlmSettings.from_env(
        {
            "LLMBOT_LLM_BASE_URL": URL + "/",
            "LLMBOT_LLM_MODEL": "llama3.2",
            "LLMBOT_LLM_API_KEY": "sk-abcdef123456",
            "LLMBOT_LLM_TIMEOUT_S": "7.5",
            "LLMBOT_LLM_RATE": "20/1h",
            "LLMBOT_LLM_DAILY_TOKENS": "5000",
        }
    )

    assert llm.base_url == URL and llm.model == "llama3.2"
    assert (llm.timeout_s, llm.rate, llm.daily_tokens) == (7.5, Rate(20, 3600), 5000)
    assert "sk-abcdef123456" not in repr(llm)
    model = model_from_settings(llm)
    assert model is not None and model.name == "llama3.2"


@pytest.mark.parametrize(
    ("raw", "rate"),
    [("5/10m", Rate(5, 600)), ("3/m", Rate(3, 60)), (" 100 / 1d ", Rate(100, 86400))],
)
def test_rates_read_like_uses_per_period(raw: str, rate: Rate) -> None:
    assert LlmSettings.from_env({"LLMBOT_LLM_RATE": raw}).rate == rate


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"LLMBOT_LLM_BASE_URL": URL}, "LLMBOT_LLM_MODEL"),
        ({"LLMBOT_LLM_BASE_URL": "localhost:11434", "LLMBOT_LLM_MODEL": "m"}, "BASE_URL"),
        ({"LLMBOT_LLM_RATE": "five"}, "LLMBOT_LLM_RATE"),
        ({"LLMBOT_LLM_RATE": "0/10m"}, "LLMBOT_LLM_RATE"),
        ({"LLMBOT_LLM_RATE": "5/0m"}, "LLMBOT_LLM_RATE"),
        ({"LLMBOT_LLM_TIMEOUT_S": "0"}, "LLMBOT_LLM_TIMEOUT_S"),
        ({"LLMBOT_LLM_TIMEOUT_S": "soon"}, "LLMBOT_LLM_TIMEOUT_S"),
        ({"LLMBOT_LLM_DAILY_TOKENS": "-1"}, "LLMBOT_LLM_DAILY_TOKENS"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        LlmSettings.from_env(env)


def test_an_endpoint_without_the_extra_is_a_start_up_error_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bot.llm, "find_spec", lambda name: None)
    llm = LlmSettings.from_env({"LLMBOT_LLM_BASE_URL": URL, "LLMBOT_LLM_MODEL": "m"})

    with pytest.raises(ConfigError, match=r"llmbot\[llm\]"):
        model_from_settings(llm)


def test_the_key_is_masked_in_every_log_line(capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings.from_env(
        {"LLMBOT_LLM_BASE_URL": URL, "LLMBOT_LLM_MODEL": "m", "LLMBOT_LLM_API_KEY": "sk-0123456789"}
    )
    configure("INFO", "text", settings.secrets())
    try:
        logging.getLogger("anything").warning("calling with %s", "sk-0123456789")
    finally:
        logging.getLogger().handlers.clear()

    err = capsys.readouterr().err
    assert "calling with ***" in err and "sk-0123456789" not in err
