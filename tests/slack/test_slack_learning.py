"""Practice, the progress export as a direct-message file, and mastery in the App Home, through
a real Bolt app against the Slack stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.home import HomeTab
from bot.engine import Actor, Engine, actions
from tests.packs.conftest import TWO_TOPICS, pack_text
from tests.slack_harness import ALICE, BOB, WORKSPACE, Harness, buttons_of, header_of
from tests.slack_standin import TEAM, Call, SlackStandIn
from tests.support import ManualClock


async def right_button(harness: Harness, call: Call) -> str:
    answers = [b["action_id"] for b in buttons_of(call) if b["action_id"].startswith("llm:a:")]
    quiz_id = actions.decode(answers[0]).quiz_id  # type: ignore[union-attr]
    record = await harness.app.store.get_quiz(WORKSPACE, quiz_id)
    assert record is not None
    question = harness.app.kb.questions[record.question_id]
    return answers[record.choice_order.index(question.answer_index)]


async def test_practice_is_ephemeral_and_its_answer_says_when_it_comes_back(
    harness: Harness,
) -> None:
    shown = await harness.say("practice attention", BOB, "bob")
    assert shown.params["response_type"] == "ephemeral"
    labels = [b["text"]["text"] for b in buttons_of(shown)]
    assert labels[-3:] == ["Next", "Explain this topic", "Stop"]
    answered = await harness.click(await right_button(harness, shown), BOB, "bob")
    assert answered.params["response_type"] == "ephemeral"
    assert header_of(answered) == "Right!"
    assert "comes back in 10 minutes" in answered.texts()
    assert "Report a problem" in [b["text"]["text"] for b in buttons_of(answered)]
    assert await harness.app.store.top_scores(WORKSPACE, "all", 10) == []


async def test_progress_export_sends_the_csv_to_the_admins_direct_messages(
    harness: Harness,
) -> None:
    harness.standin.add_user(ALICE, "Alice", admin=True)
    harness.standin.add_user(BOB, "Bob")
    refused = await harness.say("progress export", BOB, "bob")
    assert "Only admins" in refused.texts()
    assert harness.standin.calls_to("conversations.open") == []
    quiz = await harness.say("quiz attention")
    await harness.click(await right_button(harness, quiz), BOB, "bob")
    export = await harness.say("progress export", ALICE, "alice")
    assert export.params["response_type"] == "ephemeral"
    assert "One row per member" in export.texts()
    [opened] = await harness.standin.wait_calls("conversations.open")
    assert opened.params["users"] == ALICE
    [complete] = await harness.standin.wait_calls("files.completeUploadExternal")
    assert complete.params["channel_id"] == f"D{ALICE}"
    [upload] = harness.standin.calls_to("upload")
    assert upload.params["head"] == b"# llmbot"


@pytest.fixture
async def home(standin: SlackStandIn, engine: Engine, clock: ManualClock) -> AsyncIterator[HomeTab]:
    async with aiohttp.ClientSession() as session:
        client = AsyncWebClient(token="xoxb-test", base_url=standin.api_url, session=session)
        yield HomeTab(engine, client, clock)


async def test_the_app_home_shows_mastery_and_the_weakest_topics(
    home: HomeTab, standin: SlackStandIn, engine: Engine
) -> None:
    member = Actor("slack", TEAM, "C0", "U1", "Una")
    for _ in range(2):
        shown = await engine.handle_text(member, "/llm practice attention")
        record = await engine.store.get_quiz(member.workspace_key, shown.data["quiz_id"])
        assert record is not None
        right = record.choice_order.index(engine.kb.questions[record.question_id].answer_index)
        wrong = (right + 1) % len(record.choice_order)
        await engine.handle_text(member, f"/llm answer {record.id} {wrong + 1}")
    assert await home.opened(member) is True
    (view,) = standin.calls_to("views.publish")
    shown_text = view.texts()
    assert "*Mastery*" in shown_text and "mastered 0 of " in shown_text
    assert "Self-attention and attention mechanisms: 0% of your last 2 answers" in shown_text
    actions_ids = [
        e["action_id"]
        for b in view.params["view"]["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e.get("type") == "button"
    ]
    assert "llm:p:self-attention:a" in actions_ids


async def test_the_app_home_shows_a_weak_pack_topic_by_its_title_made_inert(
    home: HomeTab, standin: SlackStandIn, engine: Engine
) -> None:
    admin = Actor("slack", TEAM, "C0", "U1", "Una", is_admin=True)
    await engine.run(admin, pack_text(TWO_TOPICS, "two-topics.yaml"))
    for _ in range(2):
        shown = await engine.handle_text(admin, "/llm practice pack.two-topics/big")
        record = await engine.store.get_quiz(admin.workspace_key, shown.data["quiz_id"])
        assert record is not None
        right = engine.quizzes.asked(record).question.answer_index
        wrong = next(n for n, i in enumerate(record.choice_order) if i != right)
        await engine.handle_text(admin, f"/llm answer {record.id} {wrong + 1}")
    assert await home.opened(admin) is True
    (view,) = standin.calls_to("views.publish")
    [mastery] = [
        b["text"]["text"]
        for b in view.params["view"]["blocks"]
        if "text" in b and b["text"]["text"].startswith("*Mastery*")
    ]
    assert "Q&amp;A *basics* &lt;!here&gt;: 0% of your last 2 answers" in mastery.replace(
        "\u200b", ""
    )
    assert "*basics*" not in mastery and "\x0e" not in mastery  # no bold, no engine marks
    buttons = [
        e
        for b in view.params["view"]["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e.get("type") == "button"
    ]
    practice = next(e for e in buttons if e["action_id"] == "llm:p:pack.two-topics/big:a")
    assert practice["text"]["text"] == "Practice Q&A *basics* <!here>"


async def test_report_a_problem_and_forget_me_through_slack_buttons(harness: Harness) -> None:
    quiz = await harness.say("quiz attention")
    answered = await harness.click(await right_button(harness, quiz), BOB, "bob")
    report = next(
        b["action_id"] for b in buttons_of(answered) if b["text"]["text"] == "Report a problem"
    )
    reasons = await harness.click(report, BOB, "bob")
    unclear = next(b["action_id"] for b in buttons_of(reasons) if b["text"]["text"] == "Unclear")
    thanks = await harness.click(unclear, BOB, "bob")
    assert header_of(thanks) == "Thank you"
    ask = await harness.say("forget-me", BOB, "bob")
    assert ask.params["response_type"] == "ephemeral"
    confirm = next(b["action_id"] for b in buttons_of(ask) if b["text"]["text"] == "Forget me")
    done = await harness.click(confirm, BOB, "bob")
    assert header_of(done) == "Forgotten" and "Deleted 1 quiz answer" in done.texts()
    assert await harness.app.store.top_scores(WORKSPACE, "all", 10) == []
    assert await harness.app.store.report_counts(WORKSPACE) == []
