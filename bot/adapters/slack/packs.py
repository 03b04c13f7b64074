"""`/llm pack import` on Slack: a modal with a file field, and the file it brings in.

Slash commands carry no files, so the command opens a modal (`views.open`, within the
trigger's 3 s) whose file input uploads the pack to Slack. Its submission names the file;
the bot downloads it with its own token, which needs the `files:read` scope, and only from
Slack's own hosts, so the token never travels anywhere else.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.engine.grammar import PackImport
from bot.engine.packs import MAX_FILE_BYTES

log = logging.getLogger(__name__)

CALLBACK_ID = "llm_pack_import"
FILE, NAME, LICENSE, OPTIONS = "file", "name", "license", "options"
REPLACE, DRY_RUN = "replace", "dry_run"
_TRUSTED_SUFFIX = ".slack.com"


def import_modal(channel: str) -> dict[str, Any]:
    """The form: the file, and the optional name, licence, replace and dry-run choices."""

    def text_input(block_id: str, label: str, hint: str, limit: int) -> dict[str, Any]:
        return {
            "type": "input",
            "block_id": block_id,
            "optional": True,
            "label": {"type": "plain_text", "text": label},
            "hint": {"type": "plain_text", "text": hint},
            "element": {"type": "plain_text_input", "action_id": block_id, "max_length": limit},
        }

    def choice(value: str, text: str) -> dict[str, Any]:
        return {"text": {"type": "plain_text", "text": text}, "value": value}

    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        # Where the form was asked for, so the report goes back to that channel.
        "private_metadata": json.dumps({"channel": channel}),
        "title": {"type": "plain_text", "text": "Import a question pack"},
        "submit": {"type": "plain_text", "text": "Import"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": FILE,
                "label": {"type": "plain_text", "text": "Pack file"},
                "hint": {
                    "type": "plain_text",
                    "text": "llmbot YAML, a Red-DiscordBot trivia list or Open Trivia DB "
                    "JSON; at most 5 MB",
                },
                "element": {
                    "type": "file_input",
                    "action_id": FILE,
                    "filetypes": ["yaml", "yml", "json"],
                    "max_files": 1,
                },
            },
            text_input(
                NAME, "Name", "Lowercase letters, digits and hyphens; default: the file's name", 32
            ),
            text_input(LICENSE, "Licence", "Default: the file's own, e.g. GPL-3.0", 100),
            {
                "type": "input",
                "block_id": OPTIONS,
                "optional": True,
                "label": {"type": "plain_text", "text": "Options"},
                "element": {
                    "type": "checkboxes",
                    "action_id": OPTIONS,
                    "options": [
                        choice(REPLACE, "Replace a pack of the same name"),
                        choice(DRY_RUN, "Only check the file; import nothing"),
                    ],
                },
            },
        ],
    }


@dataclass(frozen=True, slots=True)
class PackForm:
    """What a submitted form asks for; `file` is Slack's file object, if one came."""

    channel: str
    file: dict[str, Any] | None
    name: str | None
    license: str | None
    replace: bool
    dry_run: bool


def submitted(view: dict[str, Any]) -> PackForm:
    values = (view.get("state") or {}).get("values") or {}

    def value(block: str) -> dict[str, Any]:
        found = (values.get(block) or {}).get(block)
        return found if isinstance(found, dict) else {}

    files = value(FILE).get("files") or []
    checked = {o.get("value") for o in value(OPTIONS).get("selected_options") or []}
    name = (value(NAME).get("value") or "").strip() or None
    license_text = (value(LICENSE).get("value") or "").strip() or None
    metadata = json.loads(view.get("private_metadata") or "{}")
    return PackForm(
        channel=str(metadata.get("channel") or ""),
        file=files[0] if files and isinstance(files[0], dict) else None,
        name=name.lower() if name else None,
        license=license_text,
        replace=REPLACE in checked,
        dry_run=DRY_RUN in checked,
    )


class PackFiles:
    """Opens the form and fetches the files it uploads."""

    def __init__(self, client: AsyncWebClient, session: aiohttp.ClientSession) -> None:
        self.client = client
        self.session = session

    async def open_form(self, trigger_id: str, channel: str) -> None:
        await self.client.views_open(trigger_id=trigger_id, view=import_modal(channel))

    def trusted(self, url: str) -> bool:
        """Slack's hosts, or the host of the configured Web API (a proxy or a test stand-in)."""
        host = urlsplit(url).hostname or ""
        api_host = urlsplit(self.client.base_url).hostname or ""
        return host == api_host or (
            urlsplit(url).scheme == "https"
            and (host == _TRUSTED_SUFFIX[1:] or host.endswith(_TRUSTED_SUFFIX))
        )

    async def command(self, form: PackForm) -> PackImport | None:
        """The import the form asks for; None without a file Slack lets us fetch."""
        file = form.file
        if file is None:
            return None
        url = str(file.get("url_private_download") or file.get("url_private") or "")
        name = str(file.get("name") or "pack.yaml")
        size = int(file.get("size") or 0)
        if not self.trusted(url):
            log.warning("not fetching a pack file from an unexpected host")
            return None
        content = await self._download(url) if size <= MAX_FILE_BYTES else None
        if content is not None and len(content) > MAX_FILE_BYTES:
            size, content = len(content), None
        return PackImport(
            name,
            content,
            size if content is None else len(content),
            name=form.name,
            license=form.license,
            replace=form.replace,
            dry_run=form.dry_run,
        )

    async def _download(self, url: str) -> bytes:
        headers = {"Authorization": f"Bearer {self.client.token}"}
        chunks: list[bytes] = []
        total = 0
        async with self.session.get(url, headers=headers) as response:
            response.raise_for_status()
            # Stop one chunk past the limit: enough to know a file is too big, no more.
            async for chunk in response.content.iter_chunked(64 * 1024):
                chunks.append(chunk)
                total += len(chunk)
                if total > MAX_FILE_BYTES:
                    break
        return b"".join(chunks)
