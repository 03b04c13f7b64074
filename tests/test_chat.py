"""The engine through the console adapter, read like a chat."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.adapters.console import ConsoleChat, render_text
from bot.engine import Actor, Engine
from bot.engine.actions import decode
from bot.knowledge import DEPTHS, KnowledgeBase
from storage import Store


@pytest.fixture
def chat(engine: Engine, actor: Actor) -> ConsoleChat:
    return ConsoleChat(engine, actor)


async def test_explain_attention_at_standard_depth(chat: ConsoleChat, kb: KnowledgeBase) -> None:
    reply = await chat.say("/llm explain attention")
    assert reply.kind == "explanation"
    assert reply.data["topic_id"] == "self-attention"
    assert reply.body == kb.topics["self-attention"].standard.strip()
    assert reply.image is not None and reply.image.path.is_file()
    assert reply.sources and all(s.url.startswith("https://") for s in reply.sources)
    assert [b.label for b in reply.buttons] == ["Simpler", "Deeper", "Quiz me"]
    assert {decode(o.action_id).topic_id for o in reply.menu} == set(  # type: ignore[union-attr]
        kb.topics["self-attention"].related
    )


async def test_typo_and_question_phrasing_find_the_topic(chat: ConsoleChat) -> None:
    assert (await chat.say("/llm explain attension")).data["topic_id"] == "self-attention"
    reply = await chat.say("/llm explain what's a token?")
    assert reply.data["topic_id"] == "tokens-and-tokenization"


async def test_depth_flags_and_buttons_change_the_depth(
    chat: ConsoleChat, kb: KnowledgeBase
) -> None:
    topic = kb.topics["context-window"]
    short = await chat.say("/llm explain context window --short")
    assert short.body == topic.short.strip()
    assert [b.label for b in short.buttons] == ["Deeper", "Quiz me"]
    deeper = await chat.say("deeper")
    assert deeper.body == topic.standard.strip()
    deep = await chat.say("deeper")
    assert deep.body == topic.deep.strip()
    assert [b.label for b in deep.buttons] == ["Simpler", "Quiz me"]


@pytest.mark.parametrize(
    ("query", "topic_id"),
    [
        ("kv cache", "inference-efficiency"),
        ("temperature", "sampling-and-decoding"),
        ("mixture of experts", "mixture-of-experts"),
        ("quantization", "quantization"),
        ("prompt injection", "prompt-injection-and-llm-security"),
        ("what is a reasoning model", "reasoning-models"),
    ],
)
async def test_the_topics_learners_ask_about_first_are_explained(
    chat: ConsoleChat, query: str, topic_id: str
) -> None:
    reply = await chat.say(f"/llm explain {query}")

    assert reply.kind == "explanation"
    assert reply.data["topic_id"] == topic_id


async def test_unknown_topic_is_declined_with_three_suggestions(chat: ConsoleChat) -> None:
    reply = await chat.say("/llm explain best pizza in paris")
    assert reply.kind == "declined"
    assert "topic_id" not in reply.data
    assert len(reply.data["suggestions"]) == 3
    assert "best pizza in paris" in reply.body


async def test_quiz_round_trip_with_two_members(engine: Engine, chat: ConsoleChat) -> None:
    quiz = await chat.say("/llm quiz tokens")
    assert quiz.kind == "quiz"
    quiz_id = quiz.data["quiz_id"]
    question = engine.kb.questions[quiz.data["question_id"]]
    assert "tokens-and-tokenization" in question.topics
    right = next(
        c["letter"]
        for c in quiz.data["choices"]
        if c["text"] == question.options[question.answer_index].text
    )
    wrong = next(c["letter"] for c in quiz.data["choices"] if c["letter"] != right)

    alice = await chat.say(f"/llm answer {quiz_id} {right}")
    assert alice.data["correct"] is True
    assert alice.data["points"] > 0
    assert alice.private

    bob_chat = chat.as_user("bob", "Bob")
    bob = await bob_chat.say(f"/llm answer {quiz_id} {wrong.lower()}")
    assert bob.data["correct"] is False
    assert bob.data["right_choice"] == right
    assert f"**{right}." in bob.body

    again = await chat.say(f"/llm answer {quiz_id} {wrong}")
    assert again.kind == "already_answered"
    assert again.body == "You already answered this quiz."
    assert again.data["already_answered"] is True

    board = await chat.say("/llm leaderboard all")
    points = {e["user_id"]: e["points"] for e in board.data["entries"]}
    assert points == {"alice": alice.data["points"], "bob": 0}


async def test_quiz_answered_by_letter_shortcut_and_by_number(chat: ConsoleChat) -> None:
    quiz = await chat.say("/llm quiz")
    first = await chat.say("A")
    assert first.kind == "answer" and first.data["quiz_id"] == quiz.data["quiz_id"]
    other = chat.as_user("carol")
    by_number = await other.say(f"/llm answer {quiz.data['quiz_id']} 2")
    assert by_number.data["choice"] == "B"


async def test_choice_order_is_shuffled_but_stable_per_quiz(
    engine: Engine, chat: ConsoleChat
) -> None:
    orders = set()
    for _ in range(12):
        quiz = await chat.say("/llm quiz self-attention")
        record = await engine.store.get_quiz("console:w1", quiz.data["quiz_id"])
        assert record is not None
        question = engine.kb.questions[record.question_id]
        shown = [c["text"] for c in quiz.data["choices"]]
        assert shown == [question.options[i].text for i in record.choice_order]
        orders.add(record.choice_order)
    assert len(orders) > 1


async def test_bad_answers_write_nothing(engine: Engine, chat: ConsoleChat) -> None:
    quiz = await chat.say("/llm quiz")
    assert (await chat.say(f"/llm answer {quiz.data['quiz_id']} Z")).kind == "refused"
    assert (await chat.say("/llm answer NOSUCHQZ A")).kind == "refused"
    assert (await chat.say("/llm answer")).kind == "usage"
    assert await engine.store.top_scores("console:w1", "all", 10) == []


async def test_quiz_from_another_workspace_is_unknown(engine: Engine, chat: ConsoleChat) -> None:
    quiz = await chat.say("/llm quiz")
    stranger = ConsoleChat(engine, Actor("console", "w2", "general", "mallory", "Mallory"))
    reply = await stranger.say(f"/llm answer {quiz.data['quiz_id']} A")
    assert reply.kind == "refused"
    assert await engine.store.top_scores("console:w2", "all", 10) == []


async def test_me_shows_points_accuracy_and_rank(chat: ConsoleChat) -> None:
    assert (await chat.say("/llm me")).data["all"]["answered"] == 0
    quiz = await chat.say("/llm quiz easy")
    await chat.say(f"/llm answer {quiz.data['quiz_id']} A")
    stats = await chat.say("/llm me")
    assert stats.data["all"]["answered"] == 1
    assert stats.data["all"]["rank"] == 1
    assert stats.data["all"]["accuracy"] in (0, 100)


async def test_me_uses_the_name_stored_with_answers_when_none_is_given(
    engine: Engine, chat: ConsoleChat
) -> None:
    quiz = await chat.say("/llm quiz")
    await chat.say(f"/llm answer {quiz.data['quiz_id']} A")
    nameless = replace(chat.actor, display_name=chat.actor.user)

    stats = await engine.handle_text(nameless, "/llm me")

    assert stats.title == "Your stats, Alice"


async def test_quiz_ids_stay_unique_across_restarts_with_the_same_seed(
    kb: KnowledgeBase, sqlite_store: Store, actor: Actor
) -> None:
    ids = set()
    for _ in range(14):
        restarted = Engine(kb, sqlite_store, seed=7)
        quiz = await restarted.handle_text(actor, "/llm quiz")
        assert quiz.kind == "quiz"
        ids.add(quiz.data["quiz_id"])
    assert len(ids) == 14


@pytest.mark.parametrize(
    "text",
    ["/llm team join Lone\udfffWolves", "/llm quiz", "/llm team create Lone\ud800Wolves"],
)
async def test_text_with_a_lone_surrogate_gets_an_ordinary_reply(
    engine: Engine, actor: Actor, text: str
) -> None:
    named = replace(actor, display_name="Al\ud83dice")

    reply = await engine.handle_text(named, text)
    if reply.kind == "quiz":
        reply = await engine.handle_text(named, f"/llm answer {reply.data['quiz_id']} A")
    stats = await engine.handle_text(named, "/llm me")

    assert reply.kind in ("team_joined", "refused", "usage", "answer", "team_created")
    assert stats.kind == "stats"
    json.dumps(reply.to_json()).encode()  # everything in it can be encoded


async def test_own_rank_is_shown_below_the_top_ten(engine: Engine, chat: ConsoleChat) -> None:
    quiz = await chat.say("/llm quiz easy")
    question = engine.kb.questions[quiz.data["question_id"]]
    right = next(
        c["letter"]
        for c in quiz.data["choices"]
        if c["text"] == question.options[question.answer_index].text
    )
    for i in range(11):
        await chat.as_user(f"fan{i:02d}").say(f"/llm answer {quiz.data['quiz_id']} {right}")
    late = chat.as_user("zed", "Zed")
    wrong = next(c["letter"] for c in quiz.data["choices"] if c["letter"] != right)
    await late.say(f"/llm answer {quiz.data['quiz_id']} {wrong}")
    board = await late.say("/llm leaderboard")
    assert len(board.data["entries"]) == 10
    assert board.body.splitlines()[-1].startswith("12. **Zed**")


async def test_unknown_command_gets_usage_not_a_traceback(chat: ConsoleChat) -> None:
    reply = await chat.say("/llm dance")
    assert reply.kind == "usage"
    assert "/llm explain" in reply.body


async def test_help_and_topics(chat: ConsoleChat, kb: KnowledgeBase) -> None:
    assert "/llm quiz" in (await chat.say("/llm help")).body
    topics = await chat.say("/llm topics")
    assert sum(len(ids) for ids in topics.data["topics"].values()) == len(kb.topics)
    assert next(iter(topics.data["topics"])) == "Foundations"


async def test_every_topic_explains_at_every_depth(chat: ConsoleChat, kb: KnowledgeBase) -> None:
    for topic_id in kb.topics:
        for depth in DEPTHS:
            reply = await chat.say(f"/llm explain {topic_id} --{depth}")
            assert reply.data["topic_id"] == topic_id
            assert reply.body == kb.topics[topic_id].text(depth)
            assert render_text(reply)
