"""Packs in use: imported by an admin, quizzed with credit, listed, removed; one workspace only."""

from __future__ import annotations

from bot.adapters.console import ConsoleChat
from bot.engine import Actor, Engine, Reply, unmarked
from bot.engine.grammar import PackImport
from bot.engine.packs.ids import is_pack_id
from storage import Store
from tests.packs.conftest import EXAMPLE, pack_file


async def imported(engine: Engine, actor: Actor, path: object, **options: object) -> Reply:
    return await engine.run(actor, pack_file(path, **options))  # type: ignore[arg-type]


def footer(reply: Reply) -> str:
    return unmarked(reply.footer)


async def test_an_imported_red_list_is_quizzed_with_its_credit(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    reply = await imported(engine, actor, "red/computers.yaml")
    assert reply.kind == "pack_imported", reply.body
    assert reply.data["questions"] == 163 and reply.data["converted"] == 163
    quiz = await chat.say("/llm quiz --pack computers")
    assert quiz.kind == "quiz"
    assert is_pack_id(quiz.data["question_id"])
    assert quiz.data["question_id"].startswith("pack.computers/")
    assert footer(quiz).endswith("from pack *computers* · Red-DiscordBot trivia, GPL-3.0")
    assert unmarked(quiz.title) == "Quiz · Computers"
    feedback = await chat.say("A")
    assert feedback.kind == "answer"
    another = await chat.say("another question")
    assert another.kind == "quiz" and another.data["question_id"].startswith("pack.computers/")


async def test_open_trivia_db_questions_credit_open_trivia_db(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    reply = await imported(engine, actor, "opentdb/science_computers.json")
    assert reply.kind == "pack_imported"
    quiz = await chat.say("/llm quiz --pack science-computers hard")
    assert quiz.data["difficulty"] == "hard"
    assert footer(quiz).endswith("from pack *science-computers* · Open Trivia DB, CC BY-SA 4.0")


async def test_a_dry_run_reports_and_stores_nothing(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    reply = await imported(engine, actor, "red/computers.yaml", dry_run=True)
    assert reply.kind == "pack_checked"
    assert reply.data["questions"] == 163 and reply.data["converted"] == 163
    body = unmarked(reply.body)
    assert "163 turned into multiple choice" in body and "Dry run: nothing was imported." in body
    assert (await chat.say("/llm pack list")).data["packs"] == []
    assert (await chat.say("/llm quiz --pack computers")).kind == "refused"


async def test_an_all_image_list_is_refused_with_its_count(
    engine: Engine, actor: Actor, chat: ConsoleChat, sqlite_store: Store
) -> None:
    reply = await imported(engine, actor, "red/usflags.yaml")
    assert reply.kind == "pack_invalid"
    assert reply.data["skipped"] == 55
    assert reply.data["errors"] == [
        "nothing to import: all 55 questions were skipped (55 with an image link in the question)"
    ]
    assert await sqlite_store.list_packs(actor.workspace_key) == []
    assert await sqlite_store.pack_version(actor.workspace_key) == 0


async def test_a_members_import_is_refused_and_stores_nothing(
    engine: Engine, actor: Actor, chat: ConsoleChat, sqlite_store: Store
) -> None:
    member = chat.as_user("bob", "Bob")
    reply = await imported(engine, member.actor, "red/computers.yaml")
    assert reply.kind == "refused" and "Only admins can import question packs" in reply.body
    assert (await member.say("/llm pack import")).kind == "refused"
    assert await sqlite_store.list_packs(actor.workspace_key) == []


async def test_a_file_over_5_mb_is_refused_unread(engine: Engine, actor: Actor) -> None:
    reply = await engine.run(actor, PackImport("big.yaml", None, 6 * 1024 * 1024))
    assert reply.kind == "pack_invalid"
    assert reply.data["errors"] == ["the file is 6.0 MB; a pack file may be at most 5 MB"]


async def test_a_pack_is_replaced_only_when_asked_and_keeps_its_ids(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    await imported(engine, actor, "red/elements.yaml")
    first = {q.id for q in await engine.book.pack_questions(actor.workspace_key, "elements")}
    again = await imported(engine, actor, "red/elements.yaml")
    assert again.kind == "refused" and "already has a pack named `elements`" in again.body
    dry = await imported(engine, actor, "red/elements.yaml", dry_run=True)
    assert "importing it needs `replace`" in dry.body
    replaced = await imported(engine, actor, "red/elements.yaml", replace=True)
    assert replaced.kind == "pack_imported" and replaced.title == "Pack elements replaced"
    assert {q.id for q in await engine.book.pack_questions(actor.workspace_key, "elements")} == (
        first
    )


async def test_a_workspace_holds_at_most_20_packs(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    for n in range(20):
        reply = await imported(engine, actor, "red/elements.yaml", name=f"elements-{n}")
        assert reply.kind == "pack_imported"
    refused = await imported(engine, actor, "red/elements.yaml", name="one-too-many")
    assert refused.kind == "refused" and "has 20 packs, the most it may have" in refused.body
    listed = await chat.say("/llm pack list")
    assert len(listed.data["packs"]) == 20 and listed.title == "20 of 20 question packs"


async def test_packs_are_listed_shown_and_explained_in_their_workspace_only(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    await imported(engine, actor, EXAMPLE)
    await imported(engine, actor, "red/computers.yaml")
    topics = await chat.say("/llm topics")
    assert topics.data["packs"] == ["computers", "fernhill-ai-policy"]
    [packs] = [f for f in topics.fields if "packs" in f.name]
    assert "`pack.computers` Computers" in unmarked(packs.value)
    assert "`pack.fernhill-ai-policy/data-classes` Data classes and AI tools" in unmarked(
        packs.value
    )
    shown = await chat.say("/llm pack show fernhill-ai-policy")
    assert shown.kind == "pack_detail" and shown.data["credit"] == "CC0-1.0"
    assert shown.data["difficulties"] == {"easy": 6, "medium": 8, "hard": 4}
    explained = await chat.say("/llm explain pack.fernhill-ai-policy/data-classes")
    assert explained.kind == "explanation"
    assert unmarked(explained.body).startswith("Public data may go into any AI tool")
    topic_quiz = await chat.say("quiz me")
    assert topic_quiz.data["topics"][0] == "pack.fernhill-ai-policy/data-classes"
    assert unmarked((await chat.say("/llm explain pack.computers")).title) == "Computers"

    elsewhere = chat.as_user("carol", "Carol", is_admin=True, workspace="w2")
    assert "packs" not in (await elsewhere.say("/llm topics")).data
    assert (await elsewhere.say("/llm pack list")).data["packs"] == []
    refused = await elsewhere.say("/llm quiz --pack computers")
    assert refused.kind == "refused" and "There is no pack computers here" in unmarked(refused.body)
    assert (await elsewhere.say("/llm explain pack.computers")).kind == "usage"
    assert (await elsewhere.say("/llm pack remove computers")).kind == "refused"
    assert await engine.complete_pack("console:w2", "") == []
    assert await engine.complete_pack(actor.workspace_key, "co") == ["computers"]


async def test_removing_a_pack_needs_confirmation_and_keeps_past_quizzes(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    await imported(engine, actor, "red/computers.yaml")
    quiz = await chat.say("/llm quiz --pack computers")
    confirm = await chat.say("/llm pack remove computers")
    assert confirm.kind == "pack_remove_confirm" and confirm.buttons[0].label == "Remove it"
    assert (await chat.say("/llm pack list")).data["packs"] != []
    removed = await chat.press(confirm.buttons[0].action_id)
    assert removed.kind == "pack_removed"
    assert (await chat.say("/llm pack list")).data["packs"] == []
    stale = await chat.press(confirm.buttons[0].action_id)
    assert stale.kind == "refused"
    answer = await chat.say(f"/llm answer {quiz.data['quiz_id']} A")
    assert answer.kind == "answer"
    me = await chat.say("/llm me")
    assert me.data["all"]["answered"] == 1


async def test_a_stale_confirmation_removes_nothing(
    engine: Engine, actor: Actor, chat: ConsoleChat
) -> None:
    await imported(engine, actor, "red/elements.yaml")
    confirm = await chat.say("/llm pack remove elements")
    await imported(engine, actor, "red/elements.yaml", replace=True)
    stale = await chat.press(confirm.buttons[0].action_id)
    assert stale.kind == "refused" and "changed since you asked" in stale.body
    assert [p["pack"] for p in (await chat.say("/llm pack list")).data["packs"]] == ["elements"]


async def test_another_instance_sees_an_import_at_its_next_lookup(
    engine: Engine, actor: Actor, sqlite_store: Store, clock: object
) -> None:
    other = Engine(engine.kb, sqlite_store, clock=engine.clock, seed=8)
    assert (await other.run(actor, _quiz("elements"))).kind == "refused"
    await imported(engine, actor, "red/elements.yaml")
    assert (await other.run(actor, _quiz("elements"))).kind == "quiz"
    await engine.run(actor, _remove("elements", await sqlite_store.pack_version("console:w1")))
    assert (await other.run(actor, _quiz("elements"))).kind == "refused"


def _quiz(pack: str) -> object:
    from bot.engine.grammar import Quiz

    return Quiz(pack=pack)


def _remove(name: str, version: int) -> object:
    from bot.engine.grammar import PackRemove

    return PackRemove(name, version)
