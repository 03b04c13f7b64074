"""Pack questions in learning: practised by topic, reviewed as mistakes, counted, reported."""

from __future__ import annotations

from bot.adapters.console import ConsoleChat
from bot.engine import Actor, Engine, Reply, unmarked
from tests.packs.conftest import EXAMPLE, pack_file

TOPIC = "pack.fernhill-ai-policy/data-classes"


async def wrong_letter(engine: Engine, actor: Actor, reply: Reply) -> str:
    """A letter the quiz's own snapshot says is wrong."""
    record = await engine.store.get_quiz(actor.workspace_key, reply.data["quiz_id"])
    assert record is not None
    right = engine.quizzes.asked(record).question.answer_index
    position = next(n for n, index in enumerate(record.choice_order) if index != right)
    return str(reply.data["choices"][position]["letter"])


async def test_a_pack_topic_is_practised_until_caught_up(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    await engine.run(actor, pack_file(EXAMPLE))
    seen = []
    reply = await chat.say(f"/llm practice {TOPIC}")
    while reply.kind == "practice":
        assert unmarked(reply.title) == "Practice · Data classes and AI tools"
        assert reply.data["topic"] == TOPIC
        seen.append(reply.data["question_id"])
        answered = await chat.say("A")
        assert answered.kind == "practice_answer"
        reply = await chat.say("next")
    assert reply.kind == "practice_done"
    assert unmarked(reply.body).startswith(
        "You have answered every question on Data classes and AI tools"
    )
    assert len(seen) == len(set(seen)) == 5  # the questions counting for that topic


async def test_a_single_topic_pack_is_practised_by_its_handle(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    await engine.run(actor, pack_file("red/elements.yaml"))
    reply = await chat.say("/llm practice pack.elements")
    assert reply.kind == "practice" and reply.data["question_id"].startswith("pack.elements/")
    unknown = await chat.say("/llm practice pack.nothing-here")
    assert unknown.kind == "usage" and "no pack topic" in unknown.body


async def test_a_pack_mistake_comes_back_until_its_pack_is_removed(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    await engine.run(actor, pack_file(EXAMPLE))
    quiz = await chat.say("/llm quiz --pack fernhill-ai-policy")
    wrong = await wrong_letter(engine, actor, quiz)
    missed = await chat.say(f"/llm answer {quiz.data['quiz_id']} {wrong}")
    assert missed.kind == "answer" and missed.title == "Not quite"
    review = await chat.say("/llm practice mistakes")
    assert review.kind == "practice" and review.data["question_id"] == quiz.data["question_id"]
    confirm = await chat.say("/llm pack remove fernhill-ai-policy")
    await chat.press(confirm.buttons[0].action_id)
    after = await chat.say("/llm practice mistakes")
    assert after.kind == "practice_done"


async def test_pack_answers_count_in_progress_and_can_be_reported(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    await engine.run(actor, pack_file("red/computers.yaml"))
    quiz = await chat.say("/llm quiz --pack computers")
    await chat.say(f"/llm answer {quiz.data['quiz_id']} A")
    me = await chat.say("/llm me")
    assert me.kind == "stats" and me.data["all"]["answered"] == 1
    progress = await chat.say("/llm progress me")
    assert progress.kind == "progress_me" and progress.data["answers"] == 1
    reasons = await chat.say(f"/llm problem {quiz.data['quiz_id']}")
    assert reasons.kind == "problem_reasons" and reasons.data["question_id"].startswith("pack.")
    reported = await chat.say(f"/llm problem {quiz.data['quiz_id']} unclear")
    assert reported.kind == "problem_reported" and reported.data["recorded"] is True
    shown = await chat.say("/llm progress show")
    assert shown.kind == "progress"
