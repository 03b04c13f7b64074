"""The engine's `LanguageModel` port over any OpenAI-compatible chat endpoint, via the `openai` SDK.

The SDK is imported on the first question, not at start, so `llmbot ask` stays quick.
Its own retries are off: a 429 or a 5xx means "answer from the notes now", which the
engine decides, not "try again in a while" while a member waits.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, cast

from bot.engine.ask.ports import (
    Failure,
    ModelAnswer,
    ModelRequest,
    ModelUnavailable,
    Progress,
)
from bot.llm.prompt import messages
from bot.llm.usage import reported_or_estimated

if TYPE_CHECKING:
    from openai import AsyncOpenAI
    from openai.types.chat import ChatCompletionMessageParam

log = logging.getLogger(__name__)

# Servers such as Ollama or llama.cpp need no key, but the SDK refuses to start without
# one (or quietly takes OPENAI_API_KEY from the environment): give it a harmless stand-in.
PLACEHOLDER_KEY = "llmbot-no-key"
# A model that runs on past what llmbot would show is cut off rather than paid for.
MAX_ANSWER_CHARS = 6000


class OpenAIChat:
    """Answers through `/chat/completions`; every failure becomes `ModelUnavailable`."""

    def __init__(self, *, base_url: str, model: str, api_key: str | None, timeout_s: float) -> None:
        self._base_url = base_url
        self._model = model
        self._api_key = api_key
        self._timeout_s = timeout_s
        self._client: AsyncOpenAI | None = None

    @property
    def name(self) -> str:
        return self._model

    def _connected(self) -> AsyncOpenAI:
        if self._client is None:
            from openai import AsyncOpenAI

            self._client = AsyncOpenAI(
                base_url=self._base_url,
                api_key=self._api_key or PLACEHOLDER_KEY,
                max_retries=0,
                timeout=self._timeout_s,
            )
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None

    async def answer(self, request: ModelRequest, progress: Progress | None = None) -> ModelAnswer:
        import openai

        sent = messages(request)
        try:
            # The SDK's timeout bounds each read; this bounds the whole answer, stream included.
            async with asyncio.timeout(self._timeout_s):
                if progress is None:
                    return await self._whole(sent)
                return await self._streamed(sent, progress)
        except (TimeoutError, openai.APITimeoutError) as exc:
            detail = f"no answer within {self._timeout_s:g} s"
            raise ModelUnavailable(Failure.TIMEOUT, detail) from exc
        except openai.RateLimitError as exc:
            raise ModelUnavailable(Failure.RATE_LIMITED, "HTTP 429") from exc
        except openai.APIStatusError as exc:
            failure = Failure.SERVER_ERROR if exc.status_code >= 500 else Failure.REFUSED
            raise ModelUnavailable(failure, f"HTTP {exc.status_code}") from exc
        except openai.APIConnectionError as exc:
            raise ModelUnavailable(Failure.UNREACHABLE, type(exc).__name__) from exc
        except (openai.APIResponseValidationError, ValueError) as exc:
            # json.JSONDecodeError is a ValueError: a body or stream event that is not JSON.
            raise ModelUnavailable(Failure.MALFORMED, type(exc).__name__) from exc

    async def _whole(self, sent: list[dict[str, str]]) -> ModelAnswer:
        completion: Any = await self._connected().chat.completions.create(
            model=self._model,
            messages=cast("list[ChatCompletionMessageParam]", sent),
        )
        text = _content(completion)
        usage = reported_or_estimated(getattr(completion, "usage", None), sent, text)
        return ModelAnswer(text, usage)

    async def _streamed(self, sent: list[dict[str, str]], progress: Progress) -> ModelAnswer:
        stream: Any = await self._connected().chat.completions.create(
            model=self._model,
            messages=cast("list[ChatCompletionMessageParam]", sent),
            stream=True,
            stream_options={"include_usage": True},
        )
        text = ""
        usage = None
        try:
            async for chunk in stream:
                usage = getattr(chunk, "usage", None) or usage
                for choice in getattr(chunk, "choices", None) or ():
                    piece = getattr(getattr(choice, "delta", None), "content", None)
                    if isinstance(piece, str) and piece:
                        text += piece
                        await progress(text)
                if len(text) > MAX_ANSWER_CHARS:
                    break
        finally:
            await stream.close()
        if not text.strip():
            raise ModelUnavailable(Failure.MALFORMED, "a stream without text")
        return ModelAnswer(text, reported_or_estimated(usage, sent, text))


def _content(completion: object) -> str:
    """The first choice's text, or `MALFORMED` for a body that parsed but is not a completion."""
    choices = getattr(completion, "choices", None)
    if not isinstance(choices, list) or not choices:
        raise ModelUnavailable(Failure.MALFORMED, "no choices")
    text = getattr(getattr(choices[0], "message", None), "content", None)
    if not isinstance(text, str) or not text.strip():
        raise ModelUnavailable(Failure.MALFORMED, "no text in the first choice")
    return text[:MAX_ANSWER_CHARS]
