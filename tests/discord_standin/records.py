"""What the stand-in records: the bot's requests, their bodies and uploaded files."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

EPHEMERAL = 1 << 6


def json_response(payload: Any, status: int = 200) -> web.Response:
    # discord.py parses JSON only when Content-Type is exactly application/json (no charset).
    return web.Response(
        body=json.dumps(payload).encode(),
        status=status,
        headers={"Content-Type": "application/json"},
    )


@dataclass
class Upload:
    filename: str
    content_type: str
    data: bytes


@dataclass
class Sent:
    """One request the bot made: in answer to an interaction, or on its own in a channel
    (then `interaction_id` is empty and `channel_id` says where)."""

    interaction_id: str
    # "callback", "followup", "edit" or "delete"; on its own: "post", "edit" or "dm".
    route: str
    body: dict[str, Any]
    files: list[Upload] = field(default_factory=list)
    message_id: int | None = None
    channel_id: int | None = None

    @property
    def type(self) -> int | None:
        return self.body.get("type") if self.route == "callback" else None

    @property
    def data(self) -> dict[str, Any]:
        if self.route == "callback":
            return dict(self.body.get("data") or {})
        return self.body

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.data.get("embeds") or [])

    @property
    def text(self) -> str:
        """Everything readable: content, titles, descriptions, fields and footers."""
        parts = [self.data.get("content") or ""]
        for embed in self.embeds:
            parts += [embed.get("title", ""), embed.get("description", "")]
            parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
            parts.append(embed.get("footer", {}).get("text", ""))
        return "\n".join(p for p in parts if p)

    @property
    def components(self) -> list[dict[str, Any]]:
        return [c for row in self.data.get("components") or [] for c in row["components"]]

    @property
    def labels(self) -> list[str]:
        return [c.get("label", "") for c in self.components]

    @property
    def ephemeral(self) -> bool:
        return bool((self.data.get("flags") or 0) & EPHEMERAL)

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        return self.data.get("allowed_mentions")


async def read_body(request: web.Request) -> tuple[dict[str, Any], list[Upload]]:
    """A JSON body, or discord.py's multipart form: `payload_json` and `files[n]`."""
    if not request.content_type.startswith("multipart/"):
        return (await request.json() if request.can_read_body else {}), []
    body: dict[str, Any] = {}
    files: list[Upload] = []
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "payload_json":
            body = json.loads(await part.text())
        else:
            content_type = part.headers.get("Content-Type", "application/octet-stream")
            files.append(Upload(part.filename or "", content_type, bytes(await part.read())))
    return body, files
