"""Practice, problem reports, the progress export and forget-me on the Discord stand-in,
through a real discord.py client."""

from __future__ import annotations

from bot.engine import Engine, actions
from tests.discord_standin import DiscordStandIn, Member, RunningBot, Sent, workspace_key

ALICE = Member(101, "Alice", manage_guild=True)
BOB = Member(102, "Bob")


def custom_id(sent: Sent, label: str) -> str:
    return next(c["custom_id"] for c in sent.components if c.get("label") == label)


async def option(engine: Engine, standin: DiscordStandIn, sent: Sent, *, right: bool) -> str:
    answers = [c["custom_id"] for c in sent.components if c["custom_id"].startswith("llm:a:")]
    quiz_id = actions.decode(answers[0]).quiz_id  # type: ignore[union-attr]
    record = await engine.store.get_quiz(workspace_key(standin), quiz_id)
    assert record is not None
    index = record.choice_order.index(engine.kb.questions[record.question_id].answer_index)
    return answers[index] if right else answers[(index + 1) % len(answers)]


async def test_practice_is_private_and_its_answer_says_when_the_question_comes_back(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    shown = await standin.ask(BOB, "practice", topic="self-attention")
    assert shown.ephemeral and shown.message_id is not None
    assert shown.labels[-3:] == ["Next", "Explain this topic", "Stop"]
    right = await option(engine, standin, shown, right=True)
    answered = await standin.answer_to(await standin.click(BOB, shown.message_id, right))
    assert answered.ephemeral and "comes back in 10 minutes" in answered.text
    assert "Report a problem" in answered.labels
    assert await engine.store.top_scores(workspace_key(standin), "all", 10) == []


async def test_report_a_problem_from_the_answer_feedback(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    quiz = await standin.ask(ALICE, "quiz", topic="self-attention")
    assert quiz.message_id is not None
    right = await option(engine, standin, quiz, right=True)
    answered = await standin.answer_to(await standin.click(BOB, quiz.message_id, right))
    assert answered.message_id is not None or answered.ephemeral
    target = answered.message_id or quiz.message_id
    reasons = await standin.answer_to(
        await standin.click(BOB, target, custom_id(answered, "Report a problem"))
    )
    assert reasons.ephemeral and reasons.labels == [
        "The key is wrong",
        "Unclear",
        "Outdated",
        "Typo",
    ]
    done = await standin.answer_to(
        await standin.click(BOB, reasons.message_id or target, custom_id(reasons, "Typo"))
    )
    assert "Thank you" in done.text
    [count] = await engine.store.report_counts(workspace_key(standin))
    assert count.reason == "typo"


async def test_progress_export_is_an_ephemeral_csv_for_admins_only(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    quiz = await standin.ask(ALICE, "quiz", topic="self-attention")
    assert quiz.message_id is not None
    await standin.answer_to(
        await standin.click(BOB, quiz.message_id, await option(engine, standin, quiz, right=True))
    )
    refused = await standin.ask(BOB, "progress export")
    assert refused.ephemeral and "Only admins" in refused.text and not refused.files
    export = await standin.ask(ALICE, "progress export")
    assert export.ephemeral
    [upload] = export.files
    assert upload.filename.startswith("llmbot-report-") and upload.filename.endswith(".csv")
    text = upload.data.decode()
    assert "# knowledge base: reviewed" in text and "\n102,Bob," in text
    shown = await standin.ask(ALICE, "progress show")
    assert shown.ephemeral and "1 active member" in shown.text


async def test_forget_me_confirms_then_takes_the_member_off_the_leaderboard(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    quiz = await standin.ask(ALICE, "quiz", topic="self-attention")
    assert quiz.message_id is not None
    await standin.answer_to(
        await standin.click(BOB, quiz.message_id, await option(engine, standin, quiz, right=True))
    )
    ask = await standin.ask(BOB, "forget-me")
    assert ask.ephemeral and ask.labels == ["Forget me", "Cancel"]
    assert [r.user_id for r in await engine.store.top_scores(workspace_key(standin), "all", 10)]
    done = await standin.answer_to(
        await standin.click(BOB, ask.message_id or quiz.message_id, custom_id(ask, "Forget me"))
    )
    assert "Deleted 1 quiz answer" in done.text
    assert await engine.store.top_scores(workspace_key(standin), "all", 10) == []


async def test_explain_from_a_private_practice_question_is_posted_to_share(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    shown = await standin.ask(BOB, "practice", topic="self-attention")
    assert shown.ephemeral and shown.message_id is not None
    explained = await standin.answer_to(
        await standin.click(BOB, shown.message_id, custom_id(shown, "Explain this topic"))
    )
    assert explained.type == 4 and not explained.ephemeral
    assert explained.embeds[0]["title"] == "Self-attention and attention mechanisms"
