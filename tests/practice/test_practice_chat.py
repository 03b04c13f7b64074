"""Practice, mastery, problem reports, progress and forget-me through the engine, read like a
chat, with the clock injected."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleChat
from bot.engine import Actor, Engine, Reply
from bot.engine.actions import decode
from bot.knowledge import KnowledgeBase
from tests.backends import BACKENDS, started_stores
from tests.daily_support import ScriptedPoster, advance, answer_button, attach, utc
from tests.support import ManualClock

WS = "console:w1"


@pytest.fixture(params=BACKENDS)
async def engine(
    request: pytest.FixtureRequest, tmp_path: Path, kb: KnowledgeBase, clock: ManualClock
) -> AsyncIterator[Engine]:
    """The engine on each backend: every flow here runs on SQLite and on PostgreSQL."""
    async with started_stores(request.param, tmp_path) as (store,):
        yield Engine(kb, store, clock=clock, seed=7)


@pytest.fixture
def chat(engine: Engine, actor: Actor) -> ConsoleChat:
    return ConsoleChat(engine, actor)


def button(reply: Reply, label: str) -> str:
    return next(b.action_id for b in reply.buttons if b.label == label)


def letter(kb: KnowledgeBase, reply: Reply, *, right: bool) -> str:
    question = kb.questions[reply.data["question_id"]]
    right_text = question.options[question.answer_index].text
    return next(c["letter"] for c in reply.data["choices"] if (c["text"] == right_text) == right)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


async def test_a_practice_question_is_private_with_options_next_explain_and_stop(
    chat: ConsoleChat,
) -> None:
    reply = await chat.say("/llm practice attention")
    assert reply.kind == "practice" and reply.private
    assert reply.data["quiz_id"] and len(reply.data["choices"]) >= 2
    assert reply.data["topic"] == "self-attention" and reply.data["why"] == "new"
    labels = [b.label for b in reply.buttons]
    assert labels[-3:] == ["Next", "Explain this topic", "Stop"]
    assert (await chat.press(button(reply, "Stop"))).kind == "practice_stopped"


async def test_a_missed_question_comes_back_after_the_fsrs_interval(
    chat: ConsoleChat, kb: KnowledgeBase, clock: ManualClock
) -> None:
    first = await chat.say("/llm practice attention")
    answered = await chat.say(letter(kb, first, right=False))
    assert answered.kind == "practice_answer" and answered.data["correct"] is False
    assert answered.data["next_review"] == iso(clock.now() + timedelta(minutes=1))
    assert "comes back in 1 minute" in answered.body
    again = await chat.press(button(answered, "Next"))
    assert again.data["question_id"] != first.data["question_id"]
    clock.advance(minutes=1)
    due = await chat.say("/llm practice attention")
    assert due.data["question_id"] == first.data["question_id"] and due.data["why"] == "due"
    right = await chat.say(letter(kb, due, right=True))
    assert right.data["next_review"] == iso(clock.now() + timedelta(minutes=10))
    assert "comes back in 10 minutes" in right.body


async def test_practice_answers_never_reach_scores_or_leaderboards(
    chat: ConsoleChat, kb: KnowledgeBase
) -> None:
    for _ in range(3):
        shown = await chat.say("/llm practice")
        await chat.say(letter(kb, shown, right=True))
    board = await chat.say("/llm leaderboard all")
    assert board.data.get("rows", []) == [] or all(r["points"] == 0 for r in board.data["rows"])
    me = await chat.say("/llm me")
    assert me.data["all"]["points"] == 0 and me.data["all"]["answered"] == 0


async def test_answer_command_works_for_practice_and_only_for_its_member(
    chat: ConsoleChat, kb: KnowledgeBase
) -> None:
    shown = await chat.say("/llm practice tokens")
    quiz_id = shown.data["quiz_id"]
    other = await chat.as_user("bob").say(f"/llm answer {quiz_id} A")
    assert other.kind == "refused" and "someone else's" in other.body
    mine = await chat.say(f"/llm answer {quiz_id} {letter(kb, shown, right=True)}")
    assert mine.kind == "practice_answer" and mine.data["correct"] is True
    assert mine.data["next_review"].endswith("Z")
    twice = await chat.say(f"/llm answer {quiz_id} A")
    assert twice.kind == "already_answered"


async def test_an_unknown_topic_gets_the_explain_style_decline(chat: ConsoleChat) -> None:
    reply = await chat.say("/llm practice qwzxv blorp")
    assert reply.kind == "declined" and len(reply.data["suggestions"]) == 3


async def test_practice_mistakes_draws_only_missed_questions_most_recent_first(
    chat: ConsoleChat, kb: KnowledgeBase, clock: ManualClock
) -> None:
    assert (await chat.say("/llm practice mistakes")).kind == "practice_done"
    missed: list[str] = []
    for n in range(4):
        shown = await chat.say("/llm practice")
        wrong = n % 2 == 0
        await chat.say(letter(kb, shown, right=not wrong))
        if wrong:
            missed.append(shown.data["question_id"])
        clock.advance(seconds=5)
    first = await chat.say("/llm practice mistakes")
    assert first.data["why"] == "mistake" and first.data["question_id"] == missed[-1]
    fixed = await chat.say(letter(kb, first, right=True))
    second = await chat.press(button(fixed, "Next"))
    assert second.data["question_id"] == missed[0]
    still = await chat.say(letter(kb, second, right=False))
    done = await chat.press(button(still, "Next"))
    assert done.kind == "practice_done"


async def test_me_shows_mastery_and_the_weakest_topics_with_buttons(
    chat: ConsoleChat, kb: KnowledgeBase, clock: ManualClock
) -> None:
    for _ in range(3):
        shown = await chat.say("/llm practice tokens")
        await chat.say(letter(kb, shown, right=True))
    for _ in range(2):
        shown = await chat.say("/llm practice attention")
        await chat.say(letter(kb, shown, right=False))
    me = await chat.say("/llm me")
    assert me.data["mastery"]["mastered_topics"] == ["tokens-and-tokenization"]
    assert any(f.value.startswith("mastered 1 of ") for f in me.fields)
    assert me.data["mastery"]["weakest_topics"][0] == {
        "topic_id": "self-attention",
        "accuracy": 0.0,
        "answers": 2,
    }
    practice = decode(button(me, "Practice Self-attention and attention mechanisms"))
    assert practice.topic_id == "self-attention"  # type: ignore[union-attr]


async def test_quiz_answers_count_for_mastery_at_the_first_attempt_only(
    chat: ConsoleChat, kb: KnowledgeBase
) -> None:
    quiz = await chat.say("/llm quiz tokens")
    await chat.say(letter(kb, quiz, right=False))
    retry = await chat.say("/llm practice mistakes")
    await chat.say(letter(kb, retry, right=True))
    [progress] = await chat.engine.store.topic_progress(WS, "alice")
    assert progress.first_right == 0 and progress.answers == 2


async def test_report_a_problem_once_per_member_and_question(
    chat: ConsoleChat, kb: KnowledgeBase
) -> None:
    quiz = await chat.say("/llm quiz tokens")
    answered = await chat.say(letter(kb, quiz, right=True))
    reasons = await chat.press(button(answered, "Report a problem"))
    assert reasons.kind == "problem_reasons"
    assert [b.label for b in reasons.buttons] == ["The key is wrong", "Unclear", "Outdated", "Typo"]
    done = await chat.press(button(reasons, "The key is wrong"))
    assert done.kind == "problem_reported" and done.data["recorded"] is True
    again = await chat.say(f"/llm problem {quiz.data['quiz_id']} typo the B option")
    assert again.data["recorded"] is False
    bad = await chat.say(f"/llm problem {quiz.data['quiz_id']} boring")
    assert bad.kind == "usage"
    counts = await chat.engine.store.report_counts(WS)
    assert [(c.question_id, c.reason, c.count) for c in counts] == [
        (quiz.data["question_id"], "wrong_key", 1)
    ]


async def test_progress_show_and_export_are_for_admins_and_me_is_for_everyone(
    chat: ConsoleChat, kb: KnowledgeBase
) -> None:
    await chat.say("/llm team create Owls")
    member = chat.as_user("bob", "=Bob")
    await member.say("/llm team join Owls")
    quiz = await member.say("/llm quiz tokens")
    await member.say(letter(kb, quiz, right=True))
    for command in ("/llm progress show", "/llm progress export"):
        refused = await member.say(command)
        assert refused.kind == "refused" and "Only admins" in refused.body
    mine = await member.say("/llm progress me")
    assert mine.kind == "progress_me" and mine.data["answers"] == 1
    shown = await chat.say("/llm progress show")
    assert shown.kind == "progress"
    assert shown.data["workspace"]["all"]["active_members"] == 1
    assert [t["name"] for t in shown.data["teams"]] == ["Owls"]
    assert shown.data["questions_reported_this_month"] == 0
    export = await chat.say("/llm progress export")
    assert export.kind == "progress_export" and export.private and export.attachment
    lines = export.attachment.content.decode().splitlines()
    rows = list(csv.DictReader(io.StringIO("\n".join(x for x in lines if not x.startswith("#")))))
    bob = next(r for r in rows if r["platform_id"] == "bob")
    assert bob["display_name"] == "'=Bob" and bob["team"] == "Owls" and bob["answers"] == "1"


async def test_forget_me_asks_first_then_removes_the_member_from_every_board(
    chat: ConsoleChat, kb: KnowledgeBase
) -> None:
    member = chat.as_user("bob", "Bob")
    quiz = await member.say("/llm quiz tokens")
    await member.say(letter(kb, quiz, right=True))
    await chat.say(f"/llm answer {quiz.data['quiz_id']} {letter(kb, quiz, right=True)}")
    ask = await member.say("/llm forget-me")
    assert ask.kind == "forget_confirm"
    cancelled = await member.press(button(ask, "Cancel"))
    assert cancelled.kind == "forget_cancelled"
    board = await chat.say("/llm leaderboard all")
    assert "Bob" in board.body
    ask = await member.say("/llm forget-me")
    done = await member.press(button(ask, "Forget me"))
    assert done.kind == "forgotten" and done.data["deleted"]["answers"] == 1
    board = await chat.say("/llm leaderboard all")
    assert "Bob" not in board.body and "Alice" in board.body
    assert await chat.engine.store.answer_counts(quiz.data["quiz_id"]) != {}
    again = await member.press(button(await member.say("/llm forget-me"), "Forget me"))
    assert again.data["anything"] is False and "nothing left" in again.body


async def test_a_held_daily_question_shows_nothing_of_its_card_before_the_reveal(
    engine: Engine, kb: KnowledgeBase, clock: ManualClock, chat: ConsoleChat
) -> None:
    poster: ScriptedPoster = attach(engine, clock)
    clock.set(utc(2026, 11, 26, 8, 0))
    await chat.say("/llm daily setup 09:00 UTC every 3h")
    await advance(engine, clock, utc(2026, 11, 26, 9, 0))
    [post] = poster.posts("quiz")
    member = chat.as_user("bob", "Bob")
    recorded = await member.press(answer_button(kb, post, right=False))
    assert recorded.kind == "answer_recorded"
    assert (await member.say("/llm practice mistakes")).kind == "practice_done"
    for _ in range(5):
        shown = await member.say("/llm practice")
        assert shown.data["question_id"] != post.data["question_id"]
    assert (await member.say("/llm me")).data["mastery"]["weakest_topics"] == []
    await advance(engine, clock, utc(2026, 11, 26, 12, 1))
    [reveal] = poster.posts("daily_reveal")
    assert [b.label for b in reveal.buttons] == ["Report a problem"]
    mistakes = await member.say("/llm practice mistakes")
    assert mistakes.data["question_id"] == post.data["question_id"]
