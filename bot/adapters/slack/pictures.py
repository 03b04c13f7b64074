"""Pictures made at request time, uploaded to Slack once per workspace and content hash.

A public base URL serves only the shipped figures, so generated pictures are always
uploaded. Their file ids are kept in a bounded LRU per process: a popular example ("Try
it") is uploaded once, and a stream of one-off pictures cannot grow memory without end.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.upload import upload_failure, uploaded_file_id
from bot.pictures.picture import Picture

log = logging.getLogger(__name__)

# File ids remembered per process; past this, the least recently used is forgotten (and
# uploaded again if it is ever needed again).
REMEMBERED = 512


class PictureUploads:
    """`source` gives an image block's source for a picture, or None if it cannot be uploaded."""

    def __init__(self, client: AsyncWebClient, remembered: int = REMEMBERED) -> None:
        self.client = client
        self.remembered = remembered
        self._file_ids: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._uploads: dict[tuple[str, str], asyncio.Task[str | None]] = {}

    async def source(self, workspace: str, picture: Picture) -> dict[str, Any] | None:
        key = (workspace, picture.digest)
        file_id = self._file_ids.get(key)
        if file_id is not None:
            self._file_ids.move_to_end(key)
        else:
            file_id = await self._upload_once(key, picture)
        return {"slack_file": {"id": file_id}} if file_id else None

    def forget(self, workspace: str) -> None:
        """Slack refused a message showing one of these files: upload afresh next time."""
        for key in [k for k in self._file_ids if k[0] == workspace]:
            del self._file_ids[key]

    async def _upload_once(self, key: tuple[str, str], picture: Picture) -> str | None:
        # Concurrent requests for the same picture share one upload.
        task = self._uploads.get(key)
        if task is None:
            task = asyncio.ensure_future(self._upload(key, picture))
            self._uploads[key] = task
            task.add_done_callback(lambda _: self._uploads.pop(key, None))
        return await asyncio.shield(task)

    async def _upload(self, key: tuple[str, str], picture: Picture) -> str | None:
        workspace = key[0]
        try:
            response = await self.client.files_upload_v2(
                file=picture.png, filename=picture.filename, title=picture.name,
                alt_txt=picture.alt,
            )
            file_id = uploaded_file_id(response.data)
        except Exception as error:  # the text carries the same facts: send it without
            log.warning("could not upload picture %s to workspace %s (%s); sending without it",
                        picture.filename, workspace, upload_failure(error))
            return None
        self._file_ids[key] = file_id
        while len(self._file_ids) > self.remembered:
            self._file_ids.popitem(last=False)
        return file_id
