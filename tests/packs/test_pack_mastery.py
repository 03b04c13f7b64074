"""Pack topics in mastery: counted, mastered and weak like llmbot's own topics, in `/llm me`
and `/llm progress show`, for the workspace that has the pack and until it is removed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleChat
from bot.engine import Actor, Engine, Reply, said, unmarked
from bot.engine.packs import read_pack
from bot.engine.packs.admin import stored_form
from bot.knowledge import KnowledgeBase
from tests.backends import BACKENDS, started_stores
from tests.packs.conftest import EXAMPLE, TWO_TOPICS, pack_file, pack_text
from tests.support import ManualClock

PACK = "fernhill-ai-policy"
DATA = f"pack.{PACK}/data-classes"
DATA_TITLE = "Data classes and AI tools"
TOOLS = f"pack.{PACK}/approved-tools"  # three questions count for it
BIG = "pack.two-topics/big"
BIG_TITLE = "Q&A *basics* <!here>"


@pytest.fixture(params=BACKENDS)
async def engine(
    request: pytest.FixtureRequest, tmp_path: Path, kb: KnowledgeBase, clock: ManualClock
) -> AsyncIterator[Engine]:
    """Every flow here runs on SQLite and on PostgreSQL."""
    async with started_stores(request.param, tmp_path) as (store,):
        yield Engine(kb, store, clock=clock, seed=7)


def field(reply: Reply, name: str) -> str | None:
    return next((f.value for f in reply.fields if f.name == name), None)


def button(reply: Reply, label: str) -> str:
    return next(b.action_id for b in reply.buttons if unmarked(b.label) == label)


async def answer(chat: ConsoleChat, shown: Reply, *, right: bool) -> Reply:
    """Answer a quiz or practice question right or wrong, as its own snapshot keys it."""
    engine = chat.engine
    record = await engine.store.get_quiz(chat.actor.workspace_key, shown.data["quiz_id"])
    assert record is not None
    key = engine.quizzes.asked(record).question.answer_index
    position = next(n for n, i in enumerate(record.choice_order) if (i == key) == right)
    letter = shown.data["choices"][position]["letter"]
    return await chat.say(f"/llm answer {record.id} {letter}")


async def practise(chat: ConsoleChat, topic: str, times: int, *, right: bool) -> None:
    for _ in range(times):
        shown = await chat.say(f"/llm practice {topic}")
        assert shown.kind == "practice" and shown.data["topic"] == topic
        await answer(chat, shown, right=right)


async def remove(chat: ConsoleChat, name: str) -> None:
    confirm = await chat.say(f"/llm pack remove {name}")
    removed = await chat.press(confirm.buttons[0].action_id)
    assert removed.kind == "pack_removed"


async def test_a_pack_topic_is_mastered_and_counted_until_its_pack_is_removed(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    shipped = (await chat.say("/llm me")).data["mastery"]["masterable_topics"]
    await engine.run(actor, pack_file(EXAMPLE))
    me = await chat.say("/llm me")
    assert me.data["mastery"]["masterable_topics"] == shipped + 5
    await practise(chat, TOOLS, 3, right=True)
    me = await chat.say("/llm me")
    assert me.data["mastery"]["mastered_topics"] == [TOOLS]
    assert field(me, "Mastery") == f"mastered 1 of {shipped + 5} topics"
    shown = await chat.say("/llm progress show")
    assert shown.data["workspace"]["all"]["median_topics_mastered"] == 1

    await remove(chat, PACK)
    me = await chat.say("/llm me")
    assert me.data["mastery"]["mastered_topics"] == []
    assert field(me, "Mastery") == f"mastered 0 of {shipped} topics"
    shown = await chat.say("/llm progress show")
    assert shown.data["workspace"]["all"]["median_topics_mastered"] == 0

    # The same pack again has the same ids: the member's record of it is back.
    await engine.run(actor, pack_file(EXAMPLE))
    me = await chat.say("/llm me")
    assert field(me, "Mastery") == f"mastered 1 of {shipped + 5} topics"


async def test_a_pack_topic_counts_only_for_the_workspace_that_has_the_pack(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    await engine.run(actor, pack_file(EXAMPLE))
    await practise(chat, TOOLS, 3, right=True)
    elsewhere = ConsoleChat(engine, Actor("console", "w2", "general", "alice", "Alice"))
    me = await elsewhere.say("/llm me")
    own = await chat.say("/llm me")
    assert me.data["mastery"]["masterable_topics"] + 5 == own.data["mastery"]["masterable_topics"]
    assert me.data["mastery"]["mastered_topics"] == []


async def test_a_missed_pack_topic_is_among_the_weakest_with_its_title_until_removed(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    await engine.run(actor, pack_file(EXAMPLE))
    await practise(chat, DATA, 2, right=False)
    me = await chat.say("/llm me")
    assert me.data["mastery"]["weakest_topics"] == [
        {"topic_id": DATA, "accuracy": 0.0, "answers": 2}
    ]
    assert field(me, "Weakest topics") == f"- {said(DATA_TITLE)}: 0% of your last 2 answers"
    explained = await chat.press(button(me, f"Explain {DATA_TITLE}"))
    assert explained.kind == "explanation" and unmarked(explained.title) == DATA_TITLE
    practice = await chat.press(button(me, f"Practice {DATA_TITLE}"))
    assert practice.kind == "practice" and practice.data["topic"] == DATA

    await remove(chat, PACK)
    me = await chat.say("/llm me")
    assert me.data["mastery"]["weakest_topics"] == []
    assert field(me, "Weakest topics") is None
    assert not [b for b in me.buttons if DATA_TITLE in unmarked(b.label)]


async def test_a_pack_stored_before_topic_counts_were_kept_is_counted_from_its_questions(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    shipped = (await chat.say("/llm me")).data["mastery"]["masterable_topics"]
    draft = read_pack(EXAMPLE.read_bytes(), EXAMPLE.name).draft
    assert draft is not None
    record, questions = stored_form(actor.workspace_key, draft, actor.user, 1_000)
    earlier = replace(record, topics=tuple(replace(t, questions=None) for t in record.topics))
    await engine.store.save_pack(earlier, questions, replace=False, max_packs=20)
    me = await chat.say("/llm me")
    assert me.data["mastery"]["masterable_topics"] == shipped + 5


async def test_only_pack_topics_with_enough_questions_can_be_mastered(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    shipped = (await chat.say("/llm me")).data["mastery"]["masterable_topics"]
    await engine.run(actor, pack_text(TWO_TOPICS, "two-topics.yaml"))
    me = await chat.say("/llm me")
    assert me.data["mastery"]["masterable_topics"] == shipped + 1  # `small` has two questions
    await practise(chat, BIG, 2, right=False)
    me = await chat.say("/llm me")
    assert field(me, "Weakest topics") == f"- {said(BIG_TITLE)}: 0% of your last 2 answers"
    assert unmarked(me.buttons[-2].label) == f"Explain {BIG_TITLE}"
    assert me.buttons[-2].label == f"Explain {said(BIG_TITLE)}"


async def test_progress_show_ranks_pack_topics_among_the_lowest_until_removed(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    await engine.run(actor, pack_file(EXAMPLE))
    await practise(chat, DATA, 3, right=False)
    shown = await chat.say("/llm progress show")
    assert shown.data["lowest_topics"] == [{"topic_id": DATA, "accuracy": 0.0, "answers": 3}]
    assert field(shown, "Lowest accuracy (all time)") == f"- {said(DATA_TITLE)}: 0% of 3 answers"
    explained = await chat.press(button(shown, f"Explain {DATA_TITLE}"))
    assert unmarked(explained.title) == DATA_TITLE

    await remove(chat, PACK)
    shown = await chat.say("/llm progress show")
    assert shown.data["lowest_topics"] == []
    assert field(shown, "Lowest accuracy (all time)") is None


async def test_weak_pack_topics_leave_general_practice_to_the_weakest_shipped_topic(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    await engine.run(actor, pack_file(EXAMPLE))
    for topic in ("data-classes", "reporting-incidents", "approved-tools"):
        await practise(chat, f"pack.{PACK}/{topic}", 3, right=False)
    await practise(chat, "self-attention", 2, right=False)
    weakest = (await chat.say("/llm me")).data["mastery"]["weakest_topics"]
    assert [w["topic_id"] for w in weakest] == [
        f"pack.{PACK}/approved-tools",
        f"pack.{PACK}/data-classes",
        f"pack.{PACK}/reporting-incidents",
    ]
    shown = await chat.say("/llm practice")
    assert shown.data["topic"] == "self-attention" and shown.data["why"] == "new"
