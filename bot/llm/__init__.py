"""Language models for `/llm ask`, kept outside the engine, which sees only its port."""

from __future__ import annotations

from importlib.util import find_spec

from bot.config import ConfigError, LlmSettings
from bot.llm.client import OpenAIChat

__all__ = ["model_from_settings"]


def model_from_settings(settings: LlmSettings) -> OpenAIChat | None:
    """The configured model, or None (extractive answers only) when no endpoint is set.

    The `openai` SDK is looked for here, at start, so a missing extra is a start-up error
    rather than a failure at the first question; it is imported only when first used.
    """
    if settings.base_url is None:
        return None
    if find_spec("openai") is None:
        raise ConfigError(
            "LLMBOT_LLM_BASE_URL needs the llm extra, which installs the openai SDK: "
            'pip install "llmbot[llm]"'
        )
    return OpenAIChat(
        base_url=settings.base_url,
        model=settings.model,
        api_key=settings.api_key.reveal() if settings.api_key else None,
        timeout_s=settings.timeout_s,
    )
