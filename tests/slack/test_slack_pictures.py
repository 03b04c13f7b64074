"""Generated pictures on Slack: uploaded by content hash, remembered in a bounded LRU,
and left out (the text carries the same facts) when an upload fails."""

from __future__ import annotations

import logging

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.pictures import PictureUploads
from bot.pictures.picture import Picture
from bot.pictures.token_boxes import TokenSection, token_boxes
from tests.slack_standin import SlackStandIn


def drawn(word: str) -> Picture:
    return token_boxes(f"“{word}”", [TokenSection("o200k_base", [(word, 1)])])


def uploads(standin: SlackStandIn, remembered: int = 512) -> PictureUploads:
    return PictureUploads(AsyncWebClient(token="xoxb-test", base_url=standin.api_url), remembered)


async def test_a_picture_is_uploaded_once_per_workspace_and_hash(standin: SlackStandIn) -> None:
    host = uploads(standin)
    one, same, other = drawn("a"), drawn("a"), drawn("b")
    first = await host.source("T1", one)
    assert first is not None
    assert await host.source("T1", same) == first
    assert await host.source("T1", other) != first
    assert await host.source("T2", one) not in (None, first)
    assert len(standin.calls_to("files.completeUploadExternal")) == 3
    (head, *_) = standin.calls_to("upload")
    assert head.params["head"].startswith(b"\x89PNG")


async def test_the_least_recently_used_upload_is_forgotten(standin: SlackStandIn) -> None:
    host = uploads(standin, remembered=2)
    a, b, c = drawn("a"), drawn("b"), drawn("c")
    for picture in (a, b, a, c):  # `b` is now the least recently used
        await host.source("T1", picture)
    assert len(standin.calls_to("files.completeUploadExternal")) == 3
    await host.source("T1", a)
    assert len(standin.calls_to("files.completeUploadExternal")) == 3
    await host.source("T1", b)
    assert len(standin.calls_to("files.completeUploadExternal")) == 4


async def test_a_failed_upload_gives_no_source_and_one_warning(
    standin: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    standin.failures["files.getUploadURLExternal"] = "missing_scope"
    with caplog.at_level(logging.WARNING, logger="bot.adapters.slack.pictures"):
        assert await uploads(standin).source("T1", drawn("a")) is None
    (warning,) = caplog.records
    assert "missing_scope" in warning.getMessage() and warning.exc_info is None
