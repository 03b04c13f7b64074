"""Diagrams in Slack replies: uploaded once per workspace, linked, or left out with a warning."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from tests.slack_harness import Harness, header_of, of_type, running
from tests.slack_standin import SlackStandIn
from tests.support import ManualClock


async def test_diagram_is_uploaded_once_per_workspace_and_reused(harness: Harness) -> None:
    first = await harness.say("explain attention")
    second = await harness.say("explain self-attention --deep")

    (completed,) = harness.standin.calls_to("files.completeUploadExternal")
    file_id = completed.params["files"][0]["id"]
    for call in (first, second):
        assert of_type(call, "image")[0]["slack_file"] == {"id": file_id}
    (upload,) = harness.standin.calls_to("upload")
    assert upload.params["head"].startswith(b"\x89PNG")
    assert len(harness.standin.calls_to("files.getUploadURLExternal")) == 1


async def test_public_base_url_is_used_instead_of_uploading(
    standin: SlackStandIn, tmp_path: Path, kb: KnowledgeBase, clock: ManualClock
) -> None:
    base = "https://llmbot.example.org"
    async with running(standin, tmp_path, kb, clock, LLMBOT_PUBLIC_BASE_URL=base) as harness:
        call = await harness.say("explain attention")

    (figure,) = of_type(call, "image")
    assert figure["image_url"] == f"{base}/figures/attention-heatmap.png"
    assert figure["alt_text"].startswith("Heatmap of attention weights")
    assert not standin.calls_to("files.getUploadURLExternal")


async def test_failed_upload_sends_without_image_and_logs_one_warning(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    harness.standin.failures["files.getUploadURLExternal"] = "missing_scope"
    with caplog.at_level(logging.WARNING, logger="bot.adapters.slack"):
        first = await harness.say("explain attention")
        second = await harness.say("explain attention --short")

    assert not of_type(first, "image") and not of_type(second, "image")
    assert header_of(first) == "Self-attention and attention mechanisms"
    warnings = [r for r in caplog.records if r.name == "bot.adapters.slack.files"]
    assert len(warnings) == 1 and warnings[0].exc_info is None
    assert "missing_scope" in warnings[0].getMessage()
    assert len(harness.standin.calls_to("files.getUploadURLExternal")) == 1


async def test_upload_completed_without_a_file_sends_the_reply_without_image(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    harness.standin.complete_upload_without_files = True
    with caplog.at_level(logging.WARNING, logger="bot.adapters.slack"):
        call = await harness.say("explain attention")

    assert not of_type(call, "image")
    assert header_of(call) == "Self-attention and attention mechanisms"
    warnings = [r for r in caplog.records if r.name == "bot.adapters.slack.files"]
    assert len(warnings) == 1 and warnings[0].exc_info is None


async def test_refused_image_is_resent_without_it(harness: Harness) -> None:
    harness.standin.refuse_slack_files = True
    await harness.say("explain attention", url="refused")

    tried, sent = await harness.standin.wait_responses("refused", 2)
    assert of_type(tried, "image") and not of_type(sent, "image")
    assert header_of(sent) == "Self-attention and attention mechanisms"
