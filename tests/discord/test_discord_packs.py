"""Packs on Discord: imported from an attachment, quizzed with a pack option, removed on a click."""

from __future__ import annotations

from bot.engine import Engine, actions
from storage import Store
from tests.discord_standin import (
    Attached,
    DiscordStandIn,
    Member,
    RunningBot,
    Sent,
    workspace_key,
)
from tests.packs.conftest import DATA

ALICE = Member(101, "Alice", manage_guild=True)
BOB = Member(102, "Bob")


def attached(path: str) -> Attached:
    file = DATA / path
    kind = "application/json" if file.suffix == ".json" else "application/x-yaml"
    return Attached(file.name, file.read_bytes(), kind)


def visible(text: str) -> str:
    """Text as members read it: the zero-width spaces that keep member text inert removed."""
    return text.replace("\u200b", "")


async def import_privately(standin: DiscordStandIn, member: Member, **options: object) -> Sent:
    """`/llm pack import`: deferred at once as a private answer, then completed."""
    interaction = await standin.slash(member, "pack import", **options)  # type: ignore[arg-type]
    answer = await standin.answer_to(interaction)
    deferral = standin.sent_for(interaction)[0]
    assert deferral.type == 5 and deferral.ephemeral
    return answer


async def right_answer(engine: Engine, standin: DiscordStandIn, quiz: Sent) -> str:
    ids = [c["custom_id"] for c in quiz.components]
    first = actions.decode(ids[0])
    assert isinstance(first, actions.AnswerAction)
    record = await engine.store.get_quiz(workspace_key(standin), first.quiz_id)
    assert record is not None
    question = engine.quizzes.asked(record).question
    return ids[record.choice_order.index(question.answer_index)]


async def test_an_admin_imports_an_attached_list_and_members_quiz_it_with_credit(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    imported = await import_privately(standin, ALICE, file=attached("red/computers.yaml"))
    assert imported.embeds[0]["title"] == "Pack computers imported"
    assert "163 turned into multiple choice" in imported.text
    assert standin.downloads == ["computers.yaml"]

    typed = await standin.answer_to(await standin.autocomplete(BOB, "quiz", "pack", "comp"))
    assert typed.data["choices"] == [{"name": "computers", "value": "computers"}]

    quiz = await standin.ask(BOB, "quiz", pack="computers")
    assert not quiz.ephemeral and quiz.message_id is not None
    footer = visible(quiz.embeds[-1]["footer"]["text"])
    assert footer.endswith("from pack *computers* · Red-DiscordBot trivia, GPL-3.0")
    right = await right_answer(engine, standin, quiz)
    answered = await standin.answer_to(await standin.click(BOB, quiz.message_id, right))
    assert answered.ephemeral and answered.embeds[0]["title"].startswith("Correct!")


async def test_a_dry_run_and_open_trivia_db_json_through_an_attachment(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    checked = await import_privately(
        standin, ALICE, file=attached("opentdb/science_computers.json"), dry_run=True
    )
    assert checked.embeds[0]["title"] == "Pack science-computers checked"
    assert "188 questions: 66 easy, 79 medium, 43 hard" in checked.text
    assert await engine.store.list_packs(workspace_key(standin)) == []
    named = await import_privately(
        standin, ALICE, file=attached("opentdb/science_computers.json"), name="otdb"
    )
    assert named.embeds[0]["title"] == "Pack otdb imported"
    quiz = await standin.ask(BOB, "quiz", pack="otdb")
    assert visible(quiz.embeds[-1]["footer"]["text"]).endswith("Open Trivia DB, CC BY-SA 4.0")


async def test_a_members_import_is_refused_before_the_file_is_read(
    standin: DiscordStandIn, bot: RunningBot, sqlite_store: Store
) -> None:
    refused = await import_privately(standin, BOB, file=attached("red/computers.yaml"))
    assert "Only admins can import question packs" in refused.text
    assert standin.downloads == []
    assert await sqlite_store.list_packs(workspace_key(standin)) == []


async def test_a_bad_file_is_refused_with_its_line_and_nothing_is_stored(
    standin: DiscordStandIn, bot: RunningBot, sqlite_store: Store
) -> None:
    bomb = Attached("lol.yaml", b'a: &a ["lol","lol"]\nb: [*a,*a,*a]\nc: [*b,*b,*b]\n')
    refused = await import_privately(standin, ALICE, file=bomb)
    assert refused.embeds[0]["title"] == "Pack lol not imported"
    assert "line 1: YAML anchors (&a) are not allowed in a pack" in refused.text
    flags = await import_privately(standin, ALICE, file=attached("red/usflags.yaml"))
    assert "all 55 questions were skipped" in flags.text
    assert await sqlite_store.list_packs(workspace_key(standin)) == []


async def test_removing_a_pack_asks_for_a_click(
    standin: DiscordStandIn, bot: RunningBot, sqlite_store: Store
) -> None:
    await import_privately(standin, ALICE, file=attached("red/elements.yaml"))
    listed = await standin.ask(BOB, "pack list")
    assert "`elements`" in listed.text
    confirm = await standin.ask(ALICE, "pack remove", name="elements")
    assert confirm.ephemeral and confirm.labels == ["Remove it"]
    assert confirm.message_id is not None
    [button] = confirm.components
    assert button["style"] == 4  # danger
    removed = await standin.answer_to(
        await standin.click(ALICE, confirm.message_id, button["custom_id"])
    )
    assert removed.embeds[0]["title"] == "Pack elements removed"
    assert await sqlite_store.list_packs(workspace_key(standin)) == []
