"""Where a reply's diagram comes from: a public URL, or a Slack file uploaded once per workspace."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.pictures import PictureUploads
from bot.adapters.slack.upload import upload_failure, uploaded_file_id
from bot.engine import Clock, Image
from bot.pictures.picture import Picture

log = logging.getLogger(__name__)

# After a failed upload or a rejected image, try again only after this long,
# so a workspace without `files:write` does not pay a failed call per message.
RETRY_AFTER = timedelta(minutes=30)


class FigureHost:
    """Turns an `Image` or a `Picture` into an image-block source, or None when none works.

    With `public_base_url` a shipped figure is served by the operator at
    `<base>/figures/<name>`; otherwise each figure is uploaded with
    `files.getUploadURLExternal` + `files.completeUploadExternal` (via `files_upload_v2`)
    and its file id reused. A picture made at request time is always uploaded (`pictures`).
    """

    def __init__(
        self, client: AsyncWebClient, clock: Clock, public_base_url: str | None = None
    ) -> None:
        self.client = client
        self.clock = clock
        self.public_base_url = public_base_url.rstrip("/") if public_base_url else None
        self._file_ids: dict[tuple[str, str], str] = {}
        self._uploads: dict[tuple[str, str], asyncio.Task[str | None]] = {}
        self._blocked_until: dict[str, datetime] = {}
        self.pictures = PictureUploads(client)

    async def source(self, workspace: str, figure: Image | Picture) -> dict[str, Any] | None:
        if isinstance(figure, Picture):
            return await self._picture(workspace, figure)
        if self.public_base_url:
            return {"image_url": f"{self.public_base_url}/figures/{figure.path.name}"}
        if self._blocked(workspace):
            return None
        key = (workspace, figure.path.name)
        file_id = self._file_ids.get(key)
        if file_id is None:
            file_id = await self._upload_once(key, figure)
        return {"slack_file": {"id": file_id}} if file_id else None

    def reject(self, workspace: str, reason: str) -> None:
        """Slack refused a message because of its image: send without figures for a while."""
        log.warning(
            "Slack refused the diagram in workspace %s (%s); sending without", workspace, reason
        )
        self._blocked_until[workspace] = self.clock.now() + RETRY_AFTER
        self._file_ids = {k: v for k, v in self._file_ids.items() if k[0] != workspace}
        self.pictures.forget(workspace)

    async def _picture(self, workspace: str, picture: Picture) -> dict[str, Any] | None:
        if self._blocked(workspace):
            return None
        found = await self.pictures.source(workspace, picture)
        if found is None:
            # Most likely no `files:write`: do not pay a failed upload per message.
            self._blocked_until[workspace] = self.clock.now() + RETRY_AFTER
        return found

    def _blocked(self, workspace: str) -> bool:
        until = self._blocked_until.get(workspace)
        return until is not None and self.clock.now() < until

    async def _upload_once(self, key: tuple[str, str], figure: Image) -> str | None:
        # Concurrent requests for the same figure share one upload.
        task = self._uploads.get(key)
        if task is None:
            task = asyncio.ensure_future(self._upload(key, figure))
            self._uploads[key] = task
            task.add_done_callback(lambda _: self._uploads.pop(key, None))
        return await asyncio.shield(task)

    async def _upload(self, key: tuple[str, str], figure: Image) -> str | None:
        workspace, name = key
        try:
            data = await asyncio.to_thread(figure.path.read_bytes)
            response = await self.client.files_upload_v2(
                file=data, filename=name, title=name, alt_txt=figure.alt[:1000]
            )
            file_id = uploaded_file_id(response.data)
        except Exception as error:  # a diagram is optional: any failure sends the reply without it
            reason = upload_failure(error)
            log.warning(
                "could not upload diagram %s to workspace %s (%s); sending without it",
                name,
                workspace,
                reason,
            )
            self._blocked_until[workspace] = self.clock.now() + RETRY_AFTER
            return None
        self._file_ids[key] = file_id
        log.info("uploaded diagram %s to workspace %s as %s", name, workspace, file_id)
        return file_id
