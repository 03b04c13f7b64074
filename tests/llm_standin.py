"""A local OpenAI-compatible chat endpoint (`POST /v1/chat/completions`, streamed and not).

Tests drive llmbot's model client, the real `openai` SDK, against it. Each request is
recorded; what the next request gets is set with `then(...)` (a queue) or `default`.
Run it by hand to try `llmbot ask` with a model: `python -m tests.llm_standin --port 8099`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

_PASSAGE = re.compile(r"^\[(\d+)\] (.*)\n(.*)$", re.MULTILINE)
_QUESTION = re.compile(r"<question>(.*?)</question>", re.DOTALL)


@dataclass
class Behaviour:
    """One response. `text` None means: a grounded answer built from the request's passages."""

    text: str | None = None
    status: int = 200
    malformed: bool = False
    usage: bool = True
    hold: bool = False  # wait until `release()` (a slow model)
    chunks: int = 3  # pieces a streamed answer is sent in


@dataclass
class Recorded:
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def messages(self) -> list[dict[str, str]]:
        return list(self.body["messages"])

    def quoted_question(self) -> str | None:
        """The question as it appears inside the `<question>` tags of the user message, decoded."""
        found = _QUESTION.search(self.messages[-1]["content"])
        return json.loads(found.group(1)) if found else None

    def outside_quote(self) -> str:
        """Every message's text with the quoted question cut out."""
        return "\n".join(_QUESTION.sub("", m["content"]) for m in self.messages)

    def passages(self) -> list[tuple[int, str, str]]:
        found = _PASSAGE.findall(self.messages[-1]["content"])
        return [(int(n), title, text) for n, title, text in found]


@dataclass
class LlmStandin:
    default: Behaviour = field(default_factory=Behaviour)
    queue: deque[Behaviour] = field(default_factory=deque)
    requests: list[Recorded] = field(default_factory=list)
    _released: asyncio.Event = field(default_factory=asyncio.Event)

    def then(self, **behaviour: Any) -> LlmStandin:
        self.queue.append(Behaviour(**behaviour))
        return self

    def release(self) -> None:
        self._released.set()

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        return app

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        recorded = Recorded(body, dict(request.headers))
        self.requests.append(recorded)
        behaviour = self.queue.popleft() if self.queue else self.default
        if behaviour.hold:
            await self._released.wait()
        if behaviour.status != 200:
            return web.json_response(
                {"error": {"message": "stand-in error", "type": "server_error"}},
                status=behaviour.status,
            )
        text = behaviour.text if behaviour.text is not None else grounded_answer(recorded)
        usage = {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150}
        if body.get("stream"):
            return await self._stream(request, body, behaviour, text, usage)
        if behaviour.malformed:
            return web.Response(text='{"id": "x", "choices": [', content_type="application/json")
        return web.json_response(
            {
                **_envelope(body, "chat.completion"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text},
                        "finish_reason": "stop",
                    }
                ],
                **({"usage": usage} if behaviour.usage else {}),
            }
        )

    async def _stream(
        self,
        request: web.Request,
        body: dict[str, Any],
        behaviour: Behaviour,
        text: str,
        usage: dict[str, int],
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)

        async def send(data: str) -> None:
            await response.write(f"data: {data}\n\n".encode())

        if behaviour.malformed:
            await send('{"id": "x", "choices": [{"delta": ')
        else:
            step = max(1, -(-len(text) // behaviour.chunks))
            for start in range(0, len(text), step):
                delta = {"content": text[start : start + step]}
                await send(json.dumps(_chunk(body, [{"index": 0, "delta": delta}])))
            stop = {"index": 0, "delta": {}, "finish_reason": "stop"}
            await send(json.dumps(_chunk(body, [stop])))
            wants_usage = (body.get("stream_options") or {}).get("include_usage")
            if behaviour.usage and wants_usage:
                await send(json.dumps({**_chunk(body, []), "usage": usage}))
        await send("[DONE]")
        await response.write_eof()
        return response


def _envelope(body: dict[str, Any], obj: str) -> dict[str, Any]:
    created = int(time.time())
    return {"id": "chatcmpl-standin", "object": obj, "created": created, "model": body["model"]}


def _chunk(body: dict[str, Any], choices: list[dict[str, Any]]) -> dict[str, Any]:
    return {**_envelope(body, "chat.completion.chunk"), "choices": choices}


def grounded_answer(recorded: Recorded) -> str:
    """What a well-behaved model writes: the first sentence of each of the first two passages."""
    sentences = []
    for number, _title, text in recorded.passages()[:2]:
        first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        sentences.append(f"{first.rstrip('.!?')}. [{number}]")
    return " ".join(sentences) or "llmbot's notes do not cover that."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    args = parser.parse_args()
    web.run_app(LlmStandin().app(), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
