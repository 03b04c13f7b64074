"""What every upload to Slack shares: reading the file id back, and naming a failure."""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError


def uploaded_file_id(data: object) -> str:
    """The id of the uploaded file; Slack has answered `ok` with an empty `files` list."""
    file = data.get("file") if isinstance(data, dict) else None
    file_id = file.get("id") if isinstance(file, dict) else None
    if not isinstance(file_id, str) or not file_id:
        raise ValueError("the upload completed without a file")
    return file_id


def upload_failure(error: Exception) -> object:
    """What went wrong, short enough for a log line."""
    if isinstance(error, SlackApiError):
        return error.response.get("error")
    if isinstance(error, (SlackClientError, aiohttp.ClientError, TimeoutError, OSError)):
        return error
    return f"{type(error).__name__}: {error}"
