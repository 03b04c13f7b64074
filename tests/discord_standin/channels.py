"""The stand-in's channel REST routes: what the bot posts on its own (daily posts, edits, DMs).

A test can make a channel refuse everything with a Discord error (`refuse`), the way
Discord answers once the bot lost access or the channel was deleted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import web

from tests.discord_standin.payloads import World, snowflake
from tests.discord_standin.records import Sent, Upload, json_response, read_body


@dataclass(frozen=True)
class Refusal:
    status: int
    code: int
    message: str


MISSING_ACCESS = Refusal(403, 50001, "Missing Access")
UNKNOWN_CHANNEL = Refusal(404, 10003, "Unknown Channel")


class MessageKeeper(Protocol):
    """The part of the stand-in that keeps messages."""

    world: World
    messages: dict[int, dict[str, Any]]

    def create_message(
        self, data: dict[str, Any], files: list[Upload], channel_id: int | None = None
    ) -> dict[str, Any]: ...

    def update_message(
        self, message_id: int, data: dict[str, Any], files: list[Upload]
    ) -> dict[str, Any]: ...


class ChannelRoutes:
    """`GET channels/{id}`, `POST channels/{id}/messages`, `PATCH …/messages/{id}` and
    `POST users/@me/channels` (open a DM)."""

    def __init__(self, server: MessageKeeper, changed: Callable[[], Awaitable[None]]) -> None:
        self.server = server
        self.changed = changed
        self.sent: list[Sent] = []
        self.refusals: dict[int, Refusal] = {}
        self.refused: list[str] = []
        # Channels that deny Attach Files: a post with a file is refused, as Discord does.
        self.without_attach_files: set[int] = set()
        self.dms: dict[int, int] = {}

    def handles(self, method: str, parts: list[str]) -> bool:
        if parts[0] == "channels" and len(parts) >= 2 and parts[1].isdigit():
            return True
        return method == "POST" and parts == ["users", "@me", "channels"]

    async def handle(self, request: web.Request, parts: list[str]) -> web.Response:
        if parts[0] == "users":
            return await self._open_dm(request)
        channel_id = int(parts[1])
        refusal = self.refusals.get(channel_id)
        if refusal is not None:
            self.refused.append(f"{request.method} {'/'.join(parts)}")
            error = {"message": refusal.message, "code": refusal.code}
            return json_response(error, status=refusal.status)
        world = self.server.world
        if request.method == "GET" and len(parts) == 2 and channel_id == world.channel_id:
            return json_response(world.channel())
        if len(parts) == 3 and parts[2] == "messages" and request.method == "POST":
            return await self._post(request, channel_id)
        if len(parts) == 4 and parts[2] == "messages" and request.method == "PATCH":
            return await self._edit(request, channel_id, int(parts[3]))
        return json_response({"message": "Unknown Channel", "code": 10003}, status=404)

    def posts(self, channel_id: int | None = None) -> list[Sent]:
        """Messages the bot posted on its own in a channel (not edits, not DMs)."""
        channel = channel_id or self.server.world.channel_id
        return [s for s in self.sent if s.route == "post" and s.channel_id == channel]

    def edits(self) -> list[Sent]:
        return [s for s in self.sent if s.route == "edit"]

    def dms_to(self, user_id: int) -> list[Sent]:
        return [s for s in self.sent if s.route == "dm" and self.dms.get(user_id) == s.channel_id]

    async def _post(self, request: web.Request, channel_id: int) -> web.Response:
        body, files = await read_body(request)
        if files and channel_id in self.without_attach_files:
            self.refused.append(f"POST channels/{channel_id}/messages with files")
            error = {"message": "Missing Permissions", "code": 50013}
            return json_response(error, status=403)
        message = self.server.create_message(body, files, channel_id)
        route = "dm" if channel_id in self.dms.values() else "post"
        self.sent.append(Sent("", route, body, files, int(message["id"]), channel_id))
        await self.changed()
        return json_response(message)

    async def _edit(self, request: web.Request, channel_id: int, message_id: int) -> web.Response:
        if message_id not in self.server.messages:
            return json_response({"message": "Unknown Message", "code": 10008}, status=404)
        body, files = await read_body(request)
        message = self.server.update_message(message_id, body, files)
        self.sent.append(Sent("", "edit", body, files, message_id, channel_id))
        await self.changed()
        return json_response(message)

    async def _open_dm(self, request: web.Request) -> web.Response:
        recipient = int((await request.json())["recipient_id"])
        channel_id = self.dms.setdefault(recipient, snowflake())
        user = {
            "id": str(recipient),
            "username": f"member{recipient}",
            "global_name": None,
            "discriminator": "0",
            "avatar": None,
        }
        return json_response(self.server.world.dm_channel(channel_id, user))
