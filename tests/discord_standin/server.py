"""A local stand-in for Discord's REST API and gateway, enough for a real discord.py client.

It logs the client in, hands it HELLO/READY/GUILD_CREATE over a websocket, records
command syncs and everything sent in answer to the interactions a test injects.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

from tests.discord_standin.channels import ChannelRoutes, Refusal
from tests.discord_standin.payloads import Member, Role, World, snowflake
from tests.discord_standin.records import EPHEMERAL, Sent, Upload, json_response, read_body

T = TypeVar("T")

HELLO, HEARTBEAT, IDENTIFY, HEARTBEAT_ACK, DISPATCH = 10, 1, 2, 11, 0
CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7
LOADING = 1 << 7
APPLICATION_COMMAND, COMPONENT, AUTOCOMPLETE_INTERACTION = 2, 3, 4
SUB_COMMAND, SUB_COMMAND_GROUP, STRING_OPTION, ROLE_OPTION = 1, 2, 3, 8
INTEGER_OPTION, NUMBER_OPTION = 4, 10
# Generous: everything here is local, so only a bug takes this long.
WAIT_SECONDS = 5.0


@dataclass
class Session:
    """One gateway connection (one shard) that finished IDENTIFY."""

    ws: web.WebSocketResponse
    shard: tuple[int, int]
    number: int
    sequence: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def dispatch(self, event: str, data: Any) -> None:
        async with self.lock:
            self.sequence += 1
            await self.ws.send_str(
                json.dumps({"op": DISPATCH, "t": event, "s": self.sequence, "d": data})
            )

    def owns(self, guild_id: int) -> bool:
        shard_id, count = self.shard
        return (guild_id >> 22) % count == shard_id


class DiscordStandIn:
    """`async with DiscordStandIn() as discord:` then point the bot at `api_base`/`gateway_url`."""

    def __init__(self, token: str = "MTIzNDU2Nzg5MDEyMzQ1Njc4.stand.in-token") -> None:
        self.world = World(token)
        self.identifies: list[dict[str, Any]] = []
        self.command_syncs: list[tuple[str, list[dict[str, Any]]]] = []
        self.command_ids: dict[str, str] = {}
        self.sent: list[Sent] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.unknown_routes: list[str] = []
        self.sessions: list[Session] = []
        self._interactions: dict[str, dict[str, Any]] = {}
        self._originals: dict[str, int] = {}
        self._changed = asyncio.Condition()
        self.channels = ChannelRoutes(self, self._changed_now)
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def __aenter__(self) -> DiscordStandIn:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for session in list(self.sessions):
            await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # What tests do: type a command, click, pick, and wait for the bot's answer.

    async def slash(self, member: Member, subcommand: str, **options: str | float | Role) -> str:
        """`/llm <subcommand>`; "daily setup" names a subcommand of a group."""
        return await self._command(member, subcommand, options, APPLICATION_COMMAND)

    async def ask(self, member: Member, subcommand: str, **options: str | float | Role) -> Sent:
        """`slash`, then the bot's answer to it."""
        return await self.answer_to(await self.slash(member, subcommand, **options))

    async def autocomplete(self, member: Member, subcommand: str, option: str, typed: str) -> str:
        return await self._command(
            member, subcommand, {option: typed}, AUTOCOMPLETE_INTERACTION, focused=option
        )

    async def click(self, member: Member, message_id: int, custom_id: str) -> str:
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._component(member, message_id, data)

    async def choose(self, member: Member, message_id: int, custom_id: str, value: str) -> str:
        data = {"custom_id": custom_id, "component_type": 3, "values": [value]}
        return await self._component(member, message_id, data)

    def post_earlier(self, title: str, buttons: dict[str, str]) -> int:
        """A bot message with these buttons (label: custom id), as if posted by an older release."""
        row = [
            {"type": 2, "style": 2, "label": label, "custom_id": custom_id}
            for label, custom_id in buttons.items()
        ]
        data = {"embeds": [{"title": title}], "components": [{"type": 1, "components": row}]}
        return int(self.create_message(data, [])["id"])

    async def answer_to(self, interaction_id: str) -> Sent:
        """The bot's answer: a message, an update, choices, or the follow-up after a deferral."""

        def final() -> Sent | None:
            for sent in self.sent:
                if sent.interaction_id != interaction_id or sent.route == "delete":
                    continue
                if sent.route != "callback" or sent.type not in (
                    DEFERRED_MESSAGE,
                    DEFERRED_UPDATE,
                ):
                    return sent
            return None

        return await self.wait_for(final)

    def refuse(self, refusal: Refusal, channel_id: int | None = None) -> None:
        """From now on, answer every request about the channel with this Discord error."""
        self.channels.refusals[channel_id or self.world.channel_id] = refusal

    def sent_for(self, interaction_id: str) -> list[Sent]:
        return [s for s in self.sent if s.interaction_id == interaction_id]

    async def wait_for(self, predicate: Callable[[], T | None]) -> T:
        """The first truthy value of `predicate`, re-checked whenever something is recorded."""
        async with asyncio.timeout(WAIT_SECONDS), self._changed:
            return await self._changed.wait_for(predicate)  # type: ignore[return-value]

    async def inject(self, payload: dict[str, Any]) -> str:
        """Deliver INTERACTION_CREATE on the connection of the shard that owns the guild."""
        self._interactions[payload["token"]] = payload
        session = await self.wait_for(
            lambda: next((s for s in self.sessions if s.owns(self.world.guild_id)), None)
        )
        await session.dispatch("INTERACTION_CREATE", payload)
        return str(payload["id"])

    async def _command(
        self,
        member: Member,
        subcommand: str,
        options: dict[str, str] | dict[str, str | float | Role],
        kind: int,
        focused: str | None = None,
    ) -> str:
        values: list[dict[str, Any]] = []
        roles: dict[str, Any] = {}
        for name, value in options.items():
            if isinstance(value, Role):
                values.append({"name": name, "type": ROLE_OPTION, "value": str(value.id)})
                roles[str(value.id)] = value.payload()
            elif isinstance(value, str):
                values.append({"name": name, "type": STRING_OPTION, "value": value})
            else:
                kind_of = INTEGER_OPTION if isinstance(value, int) else NUMBER_OPTION
                values.append({"name": name, "type": kind_of, "value": value})
            if name == focused:
                values[-1]["focused"] = True
        *group, leaf = subcommand.split()
        chosen: dict[str, Any] = {"name": leaf, "type": SUB_COMMAND, "options": values}
        if group:
            chosen = {"name": group[0], "type": SUB_COMMAND_GROUP, "options": [chosen]}
        data: dict[str, Any] = {
            "id": self.command_ids.get("llm", "1"),
            "name": "llm",
            "type": 1,
            "guild_id": str(self.world.guild_id),
            "options": [chosen],
        }
        if roles:
            data["resolved"] = {"roles": roles}
        return await self.inject(self.world.interaction(kind, member, data))

    async def _component(self, member: Member, message_id: int, data: dict[str, Any]) -> str:
        message = self.messages[message_id]
        return await self.inject(self.world.interaction(COMPONENT, member, data, message=message))

    async def _changed_now(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # The gateway.

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": HELLO, "d": {"heartbeat_interval": 41250}}))
        session: Session | None = None
        try:
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    continue
                payload = json.loads(message.data)
                if payload["op"] == HEARTBEAT:
                    await ws.send_str(json.dumps({"op": HEARTBEAT_ACK}))
                elif payload["op"] == IDENTIFY:
                    session = await self._identify(ws, payload["d"])
        finally:
            if session is not None:
                self.sessions.remove(session)
                await self._changed_now()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, identify: dict[str, Any]) -> Session:
        self.identifies.append(identify)
        shard = tuple(identify.get("shard") or (0, 1))
        session = Session(ws, (shard[0], shard[1]), len(self.identifies))
        owned = session.owns(self.world.guild_id)
        ready: dict[str, Any] = {
            "v": 10,
            "user": self.world.bot_user(),
            "guilds": [{"id": str(self.world.guild_id), "unavailable": True}] if owned else [],
            "session_id": uuid.uuid4().hex,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.world.app_id), "flags": 0},
        }
        if "shard" in identify:
            ready["shard"] = list(shard)
        await session.dispatch("READY", ready)
        if owned:
            await session.dispatch("GUILD_CREATE", self.world.guild())
        self.sessions.append(session)
        await self._changed_now()
        return session

    # The REST API.

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        parts = path.split("/")
        if parts[0] == "interactions" and len(parts) == 4 and parts[3] == "callback":
            return await self._callback(request, parts[1], parts[2])
        if parts[0] == "webhooks" and len(parts) >= 3:
            return await self._webhook(request, parts[2], parts[3:])
        if request.headers.get("Authorization") != f"Bot {self.world.token}":
            return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
        if request.method == "GET" and path == "users/@me":
            return json_response(self.world.bot_user())
        if request.method == "GET" and path == "oauth2/applications/@me":
            return json_response(self.world.application())
        if request.method == "GET" and path in ("gateway", "gateway/bot"):
            limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
            return json_response(
                {"url": self.gateway_url, "shards": 1, "session_start_limit": limit}
            )
        if request.method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            return await self._sync_commands(request, path)
        if self.channels.handles(request.method, parts):
            return await self.channels.handle(request, parts)
        self.unknown_routes.append(f"{request.method} {path}")
        return json_response({"message": "404: Not Found", "code": 0}, status=404)

    async def _sync_commands(self, request: web.Request, path: str) -> web.Response:
        commands = await request.json()
        self.command_syncs.append((path, commands))
        guild = path.split("/")[3] if "/guilds/" in path else None
        answer = []
        for command in commands:
            command_id = self.command_ids.setdefault(command["name"], str(snowflake()))
            entry = {**command, "id": command_id, "application_id": str(self.world.app_id)}
            if guild is not None:
                entry["guild_id"] = guild
            entry.setdefault("version", "1")
            answer.append(entry)
        await self._changed_now()
        return json_response(answer)

    async def _callback(
        self, request: web.Request, interaction_id: str, token: str
    ) -> web.Response:
        interaction = self._interactions.get(token)
        if interaction is None or interaction["id"] != interaction_id:
            return json_response({"message": "Unknown interaction", "code": 10062}, status=404)
        body, files = await read_body(request)
        kind = body["type"]
        sent = Sent(interaction_id, "callback", body, files)
        data = body.get("data") or {}
        message: dict[str, Any] | None = None
        if kind in (CHANNEL_MESSAGE, DEFERRED_MESSAGE):
            if kind == DEFERRED_MESSAGE:
                data = {**data, "flags": (data.get("flags") or 0) | LOADING}
            message = self.create_message(data, files)
            self._originals[token] = int(message["id"])
        elif kind in (DEFERRED_UPDATE, UPDATE_MESSAGE):
            clicked = int(interaction["message"]["id"])
            self._originals[token] = clicked
            if kind == UPDATE_MESSAGE:
                message = self.update_message(clicked, data, files)
        sent.message_id = int(message["id"]) if message else None
        self.sent.append(sent)
        await self._changed_now()
        answer: dict[str, Any] = {
            "interaction": {
                "id": interaction_id,
                "type": interaction["type"],
                "response_message_id": message["id"] if message else None,
                "response_message_loading": kind == DEFERRED_MESSAGE,
                "response_message_ephemeral": bool((data.get("flags") or 0) & EPHEMERAL),
            }
        }
        if message is not None:
            answer["resource"] = {"type": kind, "message": message}
        return json_response(answer)

    async def _webhook(self, request: web.Request, token: str, rest: list[str]) -> web.Response:
        interaction = self._interactions.get(token)
        if interaction is None:
            return json_response({"message": "Unknown Webhook", "code": 10015}, status=404)
        interaction_id = str(interaction["id"])
        if not rest and request.method == "POST":
            body, files = await read_body(request)
            message = self.create_message(body, files)
            self.sent.append(Sent(interaction_id, "followup", body, files, int(message["id"])))
            await self._changed_now()
            return json_response(message)
        target = rest[1] if len(rest) == 2 and rest[0] == "messages" else ""
        message_id = self._originals.get(token) if target == "@original" else int(target or 0)
        if message_id is None or message_id not in self.messages:
            return json_response({"message": "Unknown Message", "code": 10008}, status=404)
        if request.method == "GET":
            return json_response(self.messages[message_id])
        if request.method == "DELETE":
            self.messages.pop(message_id)
            self.sent.append(Sent(interaction_id, "delete", {}, [], message_id))
            await self._changed_now()
            return web.Response(status=204)
        body, files = await read_body(request)
        message = self.update_message(message_id, body, files)
        self.sent.append(Sent(interaction_id, "edit", body, files, message_id))
        await self._changed_now()
        return json_response(message)

    # Messages.

    def create_message(
        self, data: dict[str, Any], files: list[Upload], channel_id: int | None = None
    ) -> dict[str, Any]:
        message_id = snowflake()
        message = self.world.message(message_id, data, self._attachments(files), channel_id)
        self.messages[message_id] = message
        return message

    def update_message(
        self, message_id: int, data: dict[str, Any], files: list[Upload]
    ) -> dict[str, Any]:
        message = self.messages[message_id]
        for key in ("content", "embeds", "components"):
            if key in data:
                message[key] = data[key] or ([] if key != "content" else "")
        if "attachments" in data:
            kept = {str(a.get("id")) for a in data["attachments"]}
            message["attachments"] = [
                a for a in message["attachments"] if a["id"] in kept
            ] + self._attachments(files)
        message["flags"] = (message.get("flags") or 0) & ~LOADING
        message["edited_timestamp"] = message["timestamp"]
        return message

    def _attachments(self, files: list[Upload]) -> list[dict[str, Any]]:
        return [
            {
                "id": str(snowflake()),
                "filename": upload.filename,
                "size": len(upload.data),
                "url": f"http://127.0.0.1:{self.port}/attachments/{upload.filename}",
                "proxy_url": f"http://127.0.0.1:{self.port}/attachments/{upload.filename}",
                "content_type": upload.content_type,
            }
            for upload in files
        ]
