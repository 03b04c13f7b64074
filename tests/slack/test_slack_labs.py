"""Both labs end to end on Slack, through a real Bolt app: text, pictures and files."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.adapters.slack.home import HOW_TO
from bot.knowledge import KnowledgeBase
from tests.slack_harness import Harness, buttons_of, header_of, of_type, running
from tests.slack_standin import SlackStandIn
from tests.support import ManualClock


def image_file(call: object) -> str:
    (image,) = of_type(call, "image")  # type: ignore[arg-type]
    return str(image["slack_file"]["id"])


async def test_tokens_reply_shows_the_ids_and_uploads_the_picture(harness: Harness) -> None:
    call = await harness.say("tokens Hello, world!")

    assert header_of(call) == "Tokens · o200k_base"
    texts = call.texts()
    for token_id in ("13225", "11", "2375"):
        assert f"`{token_id}`" in texts
    assert "␣world" in texts
    (image,) = of_type(call, "image")
    assert "“␣world” 2375" in image["alt_text"]
    (upload,) = harness.standin.calls_to("upload")
    assert upload.params["head"].startswith(b"\x89PNG")
    assert image_file(call) == (
        harness.standin.calls_to("files.completeUploadExternal")[0].params["files"][0]["id"]
    )


async def test_the_same_picture_is_uploaded_once(harness: Harness) -> None:
    first = await harness.say("tokens strawberry")
    second = await harness.say("tokens strawberry")

    assert image_file(first) == image_file(second)
    assert len(harness.standin.calls_to("files.completeUploadExternal")) == 1


async def test_pictures_are_uploaded_even_with_a_public_base_url(
    standin: SlackStandIn, tmp_path: Path, kb: KnowledgeBase, clock: ManualClock
) -> None:
    base = "https://llmbot.example.org"
    async with running(standin, tmp_path, kb, clock, LLMBOT_PUBLIC_BASE_URL=base) as harness:
        call = await harness.say("sample the transformer --temperature 0")

    assert image_file(call)
    assert len(standin.calls_to("files.completeUploadExternal")) == 1


async def test_a_long_text_sends_the_full_token_list_as_a_file(harness: Harness) -> None:
    text = " ".join(f"w{i}" for i in range(400))
    call = await harness.say(f"tokens {text}")

    assert "the attached file lists them all" in call.texts()
    _picture, listing = await harness.standin.wait_calls("files.completeUploadExternal", 2)
    # A message cannot carry a file: it goes to the member's direct messages with the app.
    assert listing.params["channel_id"] == "DU0ALICE"
    assert listing.params["files"][0]["title"] == "tokens.txt"
    assert listing.params["initial_comment"] == "Every token of your text, one per line."
    sizes = [u.params["size"] for u in harness.standin.calls_to("upload")]
    assert len(sizes) == 2 and sizes[1] > 2000


async def test_sample_then_a_rerun_at_another_temperature(harness: Harness) -> None:
    call = await harness.say("sample the transformer --temperature 0")

    texts = call.texts()
    assert "not a real LLM" in texts
    lines = [line for line in texts.splitlines() if line.startswith("• the transformer")]
    assert len(lines) == 3 and len(set(lines)) == 1
    assert image_file(call)
    labels = [b["text"]["text"] for b in buttons_of(call)]
    assert labels[:3] == ["Temperature 0.2", "Temperature 1", "Temperature 1.5"]

    hotter = await harness.click(buttons_of(call)[2]["action_id"])
    assert "temperature 1.5" in hotter.texts()
    assert image_file(hotter) != image_file(call)


async def test_a_failed_upload_sends_the_text_without_the_picture(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    harness.standin.failures["files.getUploadURLExternal"] = "missing_scope"
    with caplog.at_level(logging.WARNING, logger="bot.adapters.slack"):
        call = await harness.say("tokens Hello, world!")

    assert not of_type(call, "image")
    assert "`13225`" in call.texts()
    assert any("missing_scope" in r.getMessage() for r in caplog.records)


async def test_a_mention_in_the_text_is_shown_inert(harness: Harness) -> None:
    call = await harness.say("tokens <!everyone> and <@U0BOB> hi")

    # Everything Slack reads as mrkdwn: the notification text and the sections. (The
    # picture's alt text is plain text, which Slack never turns into a mention.)
    shown = [str(call.params.get("text", ""))] + [
        str(part["text"])
        for block in of_type(call, "section")
        for part in [block.get("text"), *block.get("fields", [])]
        if part
    ]
    assert not any("<!everyone>" in text or "<@U0BOB>" in text for text in shown)
    assert any("everyone" in text for text in shown)


async def test_bad_options_get_a_private_message(harness: Harness) -> None:
    call = await harness.say("sample the model --top-p 0")

    assert call.params["response_type"] == "ephemeral"
    assert "greater than 0 and at most 1" in call.texts()


def test_app_home_mentions_the_labs() -> None:
    assert "/llm tokens" in HOW_TO and "/llm sample" in HOW_TO
