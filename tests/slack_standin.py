"""A local stand-in for Slack: the Web API, response URLs, file uploads and a Socket Mode socket.

It records every call the bot makes so tests can assert on the exact payloads, and it
can be told to fail a method, expire a response URL or refuse uploaded-file images.
Channels (`conversations.info`) and user groups (`usergroups.users.list`) are set per test.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

T = TypeVar("T")

TEAM = "T0LLM"
BOT_USER = "U0BOT"
WAIT_SECONDS = 5.0
# slack_sdk hands these to aiohttp itself and ignores NO_PROXY, so tests clear them.
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY")

_JSON_FIELDS = ("blocks", "view", "files", "attachments")


@dataclass
class Call:
    """One request to the stand-in: a Web API method, `response_url`, or `upload`."""

    method: str
    params: dict[str, Any]
    token: str | None = None
    path: str = ""

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.params.get("blocks")
        if blocks is None and isinstance(self.params.get("view"), dict):
            blocks = self.params["view"].get("blocks")
        return list(blocks or [])

    def texts(self) -> str:
        """Every string in the payload, joined: what a member could possibly see."""
        return "\n".join(_strings(self.params))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@dataclass
class SlackStandIn:
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    groups: dict[str, list[str]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    # Extra fields of a failure's body, e.g. {"needed": "channels:read"} for missing_scope.
    failure_fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    expired_response_urls: set[str] = field(default_factory=set)
    refuse_slack_files: bool = False
    # files.completeUploadExternal answers ok but lists no file (seen from Slack).
    complete_upload_without_files: bool = False
    rate_limited: dict[str, int] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    socket_acks: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._changed = asyncio.Condition()
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._socket: web.WebSocketResponse | None = None
        self._socket_ready = asyncio.Event()
        self.port = 0

    async def start(self) -> None:
        web_app = web.Application()
        web_app.router.add_post("/api/{method}", self._api)
        web_app.router.add_get("/api/{method}", self._api)
        web_app.router.add_post("/respond/{name}", self._respond)
        web_app.router.add_post("/upload/{file_id}", self._upload)
        web_app.router.add_get("/socket", self._socket_endpoint)
        self._runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base}/respond/{name}"

    def add_user(
        self, user_id: str, name: str, *, admin: bool = False, owner: bool = False
    ) -> None:
        self.users[user_id] = {
            "id": user_id,
            "team_id": TEAM,
            "name": name.lower(),
            "is_admin": admin,
            "is_owner": owner,
            "profile": {"display_name": name, "real_name": f"{name} Example"},
        }

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def responses(self, name: str | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == "response_url" and (name is None or c.path == name)
        ]

    async def wait_for(self, check: Callable[[SlackStandIn], T | None]) -> T:
        """Wait until `check` returns something truthy, and return it."""

        async def satisfied() -> T:
            async with self._changed:
                while not (found := check(self)):
                    await self._changed.wait()
                return found

        return await asyncio.wait_for(satisfied(), WAIT_SECONDS)

    async def wait_calls(self, method: str, count: int = 1) -> list[Call]:
        return await self.wait_for(
            lambda s: s.calls_to(method) if len(s.calls_to(method)) >= count else None
        )

    async def wait_responses(self, name: str, count: int = 1) -> list[Call]:
        return await self.wait_for(
            lambda s: s.responses(name) if len(s.responses(name)) >= count else None
        )

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        for name in _JSON_FIELDS:
            if isinstance(params.get(name), str) and params[name][:1] in "[{":
                params[name] = json.loads(params[name])
        token = request.headers.get("Authorization", "").removeprefix("Bearer ") or None
        await self._record(Call(method, params, token))
        if self.rate_limited.get(method, 0) > 0:
            self.rate_limited[method] -= 1
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "0"}
            )
        if method in self.failures:
            body = {"ok": False, "error": self.failures[method]}
            return web.json_response({**body, **self.failure_fields.get(method, {})})
        if self.refuse_slack_files and _has_slack_file(params.get("blocks")):
            return web.json_response({"ok": False, "error": "invalid_blocks"})
        return web.json_response(self._answer(method, params))

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        ts = f"1700000000.{next(self._ids):06d}"
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://llmbot-test.slack.com/",
                "team": "llmbot test",
                "user": "llmbot",
                "team_id": TEAM,
                "user_id": BOT_USER,
                "bot_id": "B0BOT",
            }
        if method == "users.info":
            user = self.users.get(str(params.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ids):08d}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.base}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            files = [] if self.complete_upload_without_files else params.get("files") or []
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        if method == "chat.postMessage":
            return {"ok": True, "channel": params.get("channel"), "ts": ts}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        if method == "views.publish":
            return {"ok": True}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{params.get('users')}"}}
        if method == "conversations.info":
            channel = str(params.get("channel"))
            info = {"id": channel, "is_channel": True, "is_member": True, "is_archived": False}
            return {"ok": True, "channel": {**info, **self.channels.get(channel, {})}}
        if method == "usergroups.users.list":
            group = str(params.get("usergroup"))
            if group not in self.groups:
                return {"ok": False, "error": "no_such_subteam"}
            return {"ok": True, "users": list(self.groups[group])}
        return {"ok": False, "error": "unknown_method"}

    async def _respond(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        payload = await request.json()
        await self._record(Call("response_url", payload, path=name))
        if name in self.expired_response_urls:
            return web.Response(status=404, text="expired_url")
        if self.refuse_slack_files and _has_slack_file(payload.get("blocks")):
            return web.Response(status=400, text="invalid_blocks")
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        file_id = request.match_info["file_id"]
        await self._record(Call("upload", {"size": len(data), "head": data[:8]}, path=file_id))
        return web.Response(text=f"OK - {len(data)}")

    async def _socket_endpoint(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._socket = socket
        await socket.send_json({"type": "hello", "num_connections": 1})
        self._socket_ready.set()
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                async with self._changed:
                    self.socket_acks.append(json.loads(message.data))
                    self._changed.notify_all()
        return socket

    async def push(self, envelope: dict[str, Any]) -> dict[str, Any]:
        """Send one Socket Mode envelope and wait for the bot's acknowledgement of it."""
        await asyncio.wait_for(self._socket_ready.wait(), WAIT_SECONDS)
        assert self._socket is not None
        await self._socket.send_json(envelope)
        envelope_id = envelope["envelope_id"]
        acks = await self.wait_for(
            lambda s: [a for a in s.socket_acks if a.get("envelope_id") == envelope_id]
        )
        return acks[0]


@asynccontextmanager
async def running_standin() -> AsyncIterator[SlackStandIn]:
    """A started stand-in that knows two members, Alice and Bob."""
    fake = SlackStandIn()
    await fake.start()
    fake.add_user("U0ALICE", "Alice")
    fake.add_user("U0BOB", "Bob")
    try:
        yield fake
    finally:
        await fake.close()


def _has_slack_file(blocks: Any) -> bool:
    return isinstance(blocks, list) and any(
        isinstance(b, dict) and "slack_file" in b for b in blocks
    )
