"""End to end through a real Bolt `AsyncApp` in HTTP mode, Slack played by a local stand-in."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from slack_sdk.http_retry import builtin_async_handlers

from bot.engine import actions
from bot.knowledge import KnowledgeBase
from tests.slack_harness import (
    ALICE,
    BOB,
    WORKSPACE,
    Harness,
    buttons_of,
    correct_and_wrong,
    header_of,
    of_type,
    running,
)
from tests.slack_requests import (
    CHANNEL,
    button_payload,
    command_form,
    home_opened_event,
    signature_headers,
)
from tests.slack_standin import SlackStandIn
from tests.support import ManualClock


async def test_explain_attention_posts_blocks_about_self_attention(harness: Harness) -> None:
    call = await harness.say("explain attention")

    assert call.params["response_type"] == "in_channel"
    assert header_of(call) == "Self-attention and attention mechanisms"
    body = " ".join(b["text"]["text"] for b in of_type(call, "section"))
    assert "*Self-attention*" in body and "*query*" in body
    sources = of_type(call, "context")[0]["elements"][0]["text"]
    assert "<https://arxiv.org/abs/1706.03762|Vaswani et al." in sources
    labels = [b["text"]["text"] for b in buttons_of(call)]
    assert labels == ["Simpler", "Deeper", "Quiz me"]
    assert actions.decode(buttons_of(call)[1]["action_id"]) == actions.ExplainAction(
        "self-attention", "deep"
    )
    menu = next(e for b in of_type(call, "actions") for e in b["elements"] if e["type"] != "button")
    assert menu["type"] == "static_select" and len(menu["options"]) >= 1


async def test_quiz_round_trip_with_two_users(harness: Harness) -> None:
    quiz = await harness.say("quiz attention")
    assert quiz.params["response_type"] == "in_channel"
    right, wrong, points = await correct_and_wrong(harness, quiz)

    alice = await harness.click(right, ALICE, "alice")
    bob = await harness.click(wrong, BOB, "bob")

    assert alice.params["response_type"] == "ephemeral"
    assert alice.params["replace_original"] is False
    assert header_of(alice) == f"Correct! +{points} points"
    assert bob.params["response_type"] == "ephemeral"
    assert header_of(bob) == "Not quite"
    assert "The right answer is" in bob.texts()

    board = await harness.say("leaderboard", BOB, "bob")
    lines = of_type(board, "section")[0]["text"]["text"].split("\n")
    assert lines[0].startswith(f"1. *Alice*: {points} pts")
    assert lines[1].startswith("2. *Bob*: 0 pts")
    assert "<@" not in board.texts()


async def test_double_click_counts_one_answer(harness: Harness) -> None:
    quiz = await harness.say("quiz attention")
    right, _, points = await correct_and_wrong(harness, quiz)

    statuses = await asyncio.gather(
        *(
            harness.slack.interaction(
                button_payload(right, BOB, "bob", harness.standin.response_url(f"twice-{n}"))
            )
            for n in range(2)
        )
    )
    assert statuses == [200, 200]
    replies = [(await harness.standin.wait_responses(f"twice-{n}"))[0] for n in range(2)]

    titles = sorted(header_of(r) for r in replies)
    assert titles == ["Already answered", f"Correct! +{points} points"]
    me = await harness.say("me", BOB, "bob")
    assert f"{points} points · 1 answered" in me.texts()


async def test_retried_home_event_is_published_once(harness: Harness, clock: ManualClock) -> None:
    event = home_opened_event(ALICE, "Ev0HOME1")
    assert await harness.slack.event(event) == 200
    await harness.standin.wait_calls("views.publish")
    clock.advance(minutes=5)

    assert await harness.slack.event(event, retry=1) == 200
    assert await harness.slack.event(event, retry=2) == 200
    assert await harness.slack.event(home_opened_event(ALICE, "Ev0HOME1B")) == 200
    await harness.standin.wait_calls("views.publish", 2)
    await harness.idle()

    assert len(harness.standin.calls_to("views.publish")) == 2


async def test_bad_signature_is_refused_and_nothing_is_written(harness: Harness) -> None:
    quiz = await harness.say("quiz attention")
    right, _, _ = await correct_and_wrong(harness, quiz)
    before = len(harness.standin.calls)

    forged = button_payload(right, BOB, "bob", harness.standin.response_url("forged"))
    body = urlencode({"payload": json.dumps(forged)})
    wrong_secret = signature_headers(body, secret="not-the-signing-secret")
    status, _ = await harness.slack.post(
        body, "application/x-www-form-urlencoded", signed=wrong_secret
    )
    command = urlencode(command_form("quiz", BOB, "bob", harness.standin.response_url("forged")))
    status_command, _ = await harness.slack.post(
        command,
        "application/x-www-form-urlencoded",
        signed={"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=00"},
    )

    assert (status, status_command) == (401, 401)
    await harness.idle()
    assert len(harness.standin.calls) == before
    assert await harness.app.store.user_score(WORKSPACE, "all", BOB) is None


async def test_stale_timestamp_is_refused_and_nothing_is_written(harness: Harness) -> None:
    quiz = await harness.say("quiz attention")
    right, _, _ = await correct_and_wrong(harness, quiz)
    before = len(harness.standin.calls)
    payload = button_payload(right, BOB, "bob", harness.standin.response_url("stale"))
    body = urlencode({"payload": json.dumps(payload)})
    old = signature_headers(body, timestamp=int(time.time()) - 301)

    status, _ = await harness.slack.post(body, "application/x-www-form-urlencoded", signed=old)

    assert status == 401
    await harness.idle()
    assert len(harness.standin.calls) == before
    assert await harness.app.store.user_score(WORKSPACE, "all", BOB) is None


async def test_user_text_cannot_mention_anyone(harness: Harness) -> None:
    call = await harness.say("explain <!channel> and <@U0BOB> &lt;!here&gt;")

    seen = call.texts()
    assert call.params["response_type"] == "ephemeral"
    for live in ("<!channel>", "<!here>", "<@U0BOB>"):
        assert live not in seen
    assert "&lt;!channel&gt;" in seen and "&lt;@U0BOB&gt;" in seen


async def test_a_members_link_comes_back_as_inert_text(harness: Harness) -> None:
    call = await harness.say("explain <https://evil.example/login|click here to verify>")

    seen = call.texts()
    assert "click here to verify" in seen
    assert "<http" not in seen and "https://" not in seen
    assert "evil.example" not in seen  # the host is broken up, so no client links it


async def test_unexpected_failure_gets_an_apology_and_a_logged_traceback(
    standin: SlackStandIn,
    tmp_path: Path,
    kb: KnowledgeBase,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(*args: object) -> None:
        raise RuntimeError("engine on fire")

    async with running(standin, tmp_path, kb, clock, LLMBOT_OPS_PORT="8081") as harness:
        harness.app.engine.handle_text = broken  # type: ignore[method-assign]
        with caplog.at_level(logging.ERROR, logger="bot.adapters.slack"):
            call = await harness.say("explain attention")
        assert harness.app.metrics is not None
        errors = harness.app.metrics.registry.get_sample_value(
            "llmbot_errors_total", {"where": "slack"}
        )

    assert call.params["response_type"] == "ephemeral"
    assert header_of(call) == "Sorry"
    assert "engine on fire" not in call.texts()
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.exc_info is not None
    assert errors == 1


async def test_expired_response_url_falls_back_to_the_web_api(harness: Harness) -> None:
    harness.standin.expired_response_urls.update({"late-me", "late-board"})
    await harness.slack.command("me", ALICE, "alice", harness.standin.response_url("late-me"))
    (ephemeral,) = await harness.standin.wait_calls("chat.postEphemeral")
    await harness.slack.command(
        "leaderboard", ALICE, "alice", harness.standin.response_url("late-board")
    )
    (public,) = await harness.standin.wait_calls("chat.postMessage")

    assert (ephemeral.params["channel"], ephemeral.params["user"]) == (CHANNEL, ALICE)
    assert header_of(ephemeral) == "Your stats, Alice"
    assert public.params["channel"] == CHANNEL
    assert header_of(public).startswith("Leaderboard")
    assert ephemeral.token == "xoxb-llmbot-test"


async def test_home_menu_choice_posts_explanation_in_direct_message(harness: Harness) -> None:
    chosen = actions.encode(actions.ExplainAction("self-attention", "standard"))
    payload = button_payload("llm:menu", ALICE, "alice", None, channel=None, selected=chosen)

    assert await harness.slack.interaction(payload) == 200

    (posted,) = await harness.standin.wait_calls("chat.postMessage")
    assert posted.params["channel"] == ALICE
    assert header_of(posted) == "Self-attention and attention mechanisms"


async def test_rate_limited_call_is_retried_after_retry_after(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(builtin_async_handlers.random, "random", lambda: 0.0)
    harness.standin.rate_limited["chat.postMessage"] = 1
    chosen = actions.encode(actions.ExplainAction("tokens-and-tokenization", "short"))
    payload = button_payload("llm:menu", ALICE, "alice", None, channel=None, selected=chosen)

    assert await harness.slack.interaction(payload) == 200

    refused, posted = await harness.standin.wait_calls("chat.postMessage", 2)
    assert refused.params == posted.params
    await harness.idle()
    assert len(harness.standin.calls_to("chat.postMessage")) == 2


async def test_home_tab_shows_the_members_numbers(harness: Harness) -> None:
    quiz = await harness.say("quiz attention")
    right, _, points = await correct_and_wrong(harness, quiz)
    await harness.click(right)

    assert await harness.slack.event(home_opened_event(ALICE, "Ev0HOME2")) == 200
    (published,) = await harness.standin.wait_calls("views.publish")

    assert published.params["user_id"] == ALICE
    assert published.params["view"]["type"] == "home"
    shown = published.texts()
    assert f"{points} points · rank 1" in shown
    assert "1 answered · 100% right" in shown
    assert "/llm explain attention" in shown


async def test_home_tab_refreshes_after_answers_at_most_once_per_interval(
    harness: Harness, clock: ManualClock
) -> None:
    await harness.slack.event(home_opened_event(ALICE, "Ev0HOME3"))
    await harness.standin.wait_calls("views.publish")
    assert "No answers yet." in harness.standin.calls_to("views.publish")[0].texts()

    clock.advance(seconds=31)
    first = await harness.say("quiz attention")
    right, _, points = await correct_and_wrong(harness, first)
    await harness.click(right)
    await harness.idle()
    refreshed = harness.standin.calls_to("views.publish")
    assert len(refreshed) == 2 and f"{points} points" in refreshed[1].texts()

    second = await harness.say("quiz attention")
    right, _, _ = await correct_and_wrong(harness, second)
    await harness.click(right)
    await harness.idle()
    assert len(harness.standin.calls_to("views.publish")) == 2

    await harness.slack.event(home_opened_event(ALICE, "Ev0HOME4"))
    (*_, latest) = await harness.standin.wait_calls("views.publish", 3)
    assert "2 answered" in latest.texts()


async def test_messages_tab_is_not_published(harness: Harness) -> None:
    assert await harness.slack.event(home_opened_event(ALICE, "Ev0MSG", tab="messages")) == 200
    await harness.say("help")
    await harness.idle()
    assert not harness.standin.calls_to("views.publish")
