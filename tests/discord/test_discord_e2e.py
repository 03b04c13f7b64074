"""End to end: a real discord.py client, logged in to the local stand-in, answering members."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from bot.adapters.discord.buttons import MENU_ID
from bot.adapters.discord.responder import APOLOGY, STALE_COMMAND
from bot.engine import Actor, Engine, Reply, actions
from bot.engine.grammar import Command
from bot.engine.learn.quiz import POINTS
from bot.knowledge import KnowledgeBase
from storage import Store
from tests.discord_standin import (
    DiscordStandIn,
    Member,
    RunningBot,
    Sent,
    right_and_wrong,
    running_bot,
    workspace_key,
)
from tests.support import ManualClock

ALICE = Member(101, "Alice", manage_guild=True)
BOB = Member(102, "Bob")
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)




def _text_length(item: dict[str, Any]) -> int:
    own = len(item.get("name", "")) + len(item.get("description", ""))
    own += sum(len(c["name"]) + len(str(c["value"])) for c in item.get("choices") or [])
    return own + sum(_text_length(o) for o in item.get("options") or [])


def custom_id(sent: Sent, label: str) -> str:
    return next(c["custom_id"] for c in sent.components if c.get("label") == label)


async def test_explain_attention_answers_with_an_embed_about_self_attention_and_its_figure(
    standin: DiscordStandIn, bot: RunningBot, kb: KnowledgeBase
) -> None:
    sent = await standin.answer_to(await standin.slash(ALICE, "explain", topic="attention"))

    assert sent.type == 4
    assert not sent.ephemeral
    (embed,) = sent.embeds
    assert "self-attention" in embed["title"].lower()
    figure = kb.topics["self-attention"].figure
    assert figure is not None
    name = figure.file.split("/")[-1]
    assert embed["image"]["url"] == f"attachment://{name}"
    assert [f.filename for f in sent.files] == [name]
    assert sent.files[0].data[:8] == b"\x89PNG\r\n\x1a\n"
    assert any(f["name"] == "Sources" and "](http" in f["value"] for f in embed["fields"])
    assert sent.labels == ["Simpler", "Deeper", "Quiz me", ""]
    assert sent.components[-1]["custom_id"] == MENU_ID
    assert sent.allowed_mentions is not None and sent.allowed_mentions["parse"] == []


async def test_commands_are_synced_to_the_configured_guild_and_no_privileged_intent_is_asked(
    standin: DiscordStandIn, bot: RunningBot
) -> None:
    ((path, commands),) = standin.command_syncs
    assert path.endswith(f"/guilds/{standin.world.guild_id}/commands")
    (group,) = commands
    assert group["name"] == "llm"
    assert {o["name"] for o in group["options"]} == {
        "explain", "ask", "quiz", "answer", "tokens", "sample", "leaderboard", "me", "topics",
        "help", "practice", "progress", "problem", "forget-me", "daily", "team", "settings",
    }
    progress = next(o for o in group["options"] if o["name"] == "progress")
    assert {o["name"] for o in progress["options"]} == {"show", "me", "export"}
    assert _text_length(group) <= 8000  # names, descriptions, choices of one command
    (identify,) = standin.identifies
    assert identify["intents"] & PRIVILEGED_INTENTS == 0
    assert identify["token"] == standin.world.token


async def test_depth_buttons_replace_the_explanation_with_the_new_depth(
    standin: DiscordStandIn, bot: RunningBot
) -> None:
    first = await standin.answer_to(await standin.slash(ALICE, "explain", topic="attention"))
    assert first.message_id is not None

    deeper = await standin.answer_to(
        await standin.click(BOB, first.message_id, custom_id(first, "Deeper"))
    )
    assert deeper.type == 7
    assert deeper.embeds[0]["footer"]["text"].endswith("Deep dive")
    assert "Deeper" not in deeper.labels and "Simpler" in deeper.labels
    assert [f.filename for f in deeper.files] == [first.files[0].filename]

    simpler = await standin.answer_to(
        await standin.click(BOB, first.message_id, custom_id(deeper, "Simpler"))
    )
    assert simpler.embeds[0]["footer"]["text"].endswith("Standard")
    assert simpler.embeds[0]["description"] == first.embeds[0]["description"]


async def test_related_topic_menu_replaces_the_explanation_with_that_topic(
    standin: DiscordStandIn, bot: RunningBot, kb: KnowledgeBase
) -> None:
    first = await standin.answer_to(await standin.slash(ALICE, "explain", topic="attention"))
    assert first.message_id is not None
    option = first.components[-1]["options"][0]
    topic_id = actions.decode(option["value"]).topic_id  # type: ignore[union-attr]

    sent = await standin.answer_to(
        await standin.choose(BOB, first.message_id, MENU_ID, option["value"])
    )
    assert sent.type == 7
    assert sent.embeds[0]["title"] == kb.topics[topic_id].title[:256]


async def test_a_button_for_a_retired_topic_answers_privately_and_leaves_the_message_alone(
    standin: DiscordStandIn, bot: RunningBot
) -> None:
    earlier = standin.post_earlier("Old topic", {"Deeper": "llm:e:retired-topic:deep"})

    sent = await standin.answer_to(await standin.click(BOB, earlier, "llm:e:retired-topic:deep"))

    assert sent.type == 4 and sent.ephemeral
    assert sent.embeds[0]["title"] == "I don't know that topic"
    assert standin.messages[earlier]["embeds"] == [{"title": "Old topic"}]


async def test_quiz_round_trip_counts_each_members_first_answer_once(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    quiz = await standin.answer_to(await standin.slash(ALICE, "quiz", topic="self-attention"))
    assert quiz.type == 4 and not quiz.ephemeral and quiz.message_id is not None
    right, wrong = await right_and_wrong(standin, engine, quiz)

    alice = await standin.answer_to(await standin.click(ALICE, quiz.message_id, right))
    bob = await standin.answer_to(await standin.click(BOB, quiz.message_id, wrong))
    again = await standin.answer_to(await standin.click(ALICE, quiz.message_id, wrong))

    assert alice.ephemeral and alice.embeds[0]["title"].startswith("Correct!")
    assert bob.ephemeral and bob.embeds[0]["title"] == "Not quite"
    assert again.ephemeral and "You already answered this quiz." in again.text
    scores = await engine.store.top_scores(workspace_key(standin), "all", 10)
    rows = {r.display_name: r for r in scores}
    quiz_id = actions.decode(right).quiz_id  # type: ignore[union-attr]
    record = await engine.store.get_quiz(workspace_key(standin), quiz_id)
    assert record is not None
    points = POINTS[engine.kb.questions[record.question_id].difficulty]
    assert (rows["Alice"].points, rows["Alice"].answered, rows["Alice"].correct) == (points, 1, 1)
    assert (rows["Bob"].points, rows["Bob"].answered, rows["Bob"].correct) == (0, 1, 0)
    assert sum((await engine.store.answer_counts(quiz_id)).values()) == 2


async def test_a_double_click_is_counted_once(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    quiz = await standin.answer_to(await standin.slash(ALICE, "quiz", topic="self-attention"))
    assert quiz.message_id is not None
    right, _ = await right_and_wrong(standin, engine, quiz)

    clicks = [await standin.click(BOB, quiz.message_id, right) for _ in range(2)]
    answers = [await standin.answer_to(click) for click in clicks]

    titles = sorted(a.embeds[0]["title"] for a in answers)
    assert titles[0] == "Already answered" and titles[1].startswith("Correct!")
    (row,) = await engine.store.top_scores(workspace_key(standin), "all", 10)
    assert row.answered == 1


async def test_quiz_me_button_posts_a_public_quiz(
    standin: DiscordStandIn, bot: RunningBot
) -> None:
    first = await standin.answer_to(await standin.slash(ALICE, "explain", topic="attention"))
    assert first.message_id is not None

    quiz = await standin.answer_to(
        await standin.click(BOB, first.message_id, custom_id(first, "Quiz me"))
    )
    assert quiz.type == 4 and not quiz.ephemeral
    assert quiz.embeds[0]["title"].startswith("Quiz")
    assert all(c["custom_id"].startswith("llm:a:") for c in quiz.components)


async def test_autocomplete_offers_at_most_25_topics_from_the_engine(
    standin: DiscordStandIn, bot: RunningBot, kb: KnowledgeBase
) -> None:
    everything = await standin.answer_to(await standin.autocomplete(ALICE, "explain", "topic", ""))
    typed = await standin.answer_to(await standin.autocomplete(BOB, "quiz", "topic", "attent"))

    assert everything.type == typed.type == 8
    choices = everything.data["choices"]
    assert 0 < len(choices) <= 25
    assert all(c["value"] in kb.topics and len(c["name"]) <= 100 for c in choices)
    assert typed.data["choices"][0]["value"] == "self-attention"


async def test_everyone_in_a_topic_query_comes_back_inert(
    standin: DiscordStandIn, bot: RunningBot
) -> None:
    sent = await standin.answer_to(await standin.slash(BOB, "explain", topic="@everyone hi"))

    assert sent.allowed_mentions == {"parse": []}
    assert sent.ephemeral
    assert "@everyone" not in sent.text  # shown as typed, with a zero-width space inside
    assert "@everyone hi" in sent.text.replace("\u200b", "")


async def test_a_members_masked_link_is_not_rendered_as_a_link(
    standin: DiscordStandIn, bot: RunningBot
) -> None:
    typed = "[click here to verify](https://evil.example/login) **now**"
    sent = await standin.answer_to(await standin.slash(BOB, "explain", topic=typed))

    assert "click here to verify" in sent.text
    assert "](https://" not in sent.text and "https://evil" not in sent.text
    assert "**now**" not in sent.text  # shown as typed, not as bold


async def test_me_topics_and_help_are_only_shown_to_the_member(
    standin: DiscordStandIn, bot: RunningBot
) -> None:
    for subcommand in ("me", "topics", "help"):
        sent = await standin.answer_to(await standin.slash(BOB, subcommand))
        assert sent.type == 4 and sent.ephemeral, subcommand
        assert sent.embeds[0]["title"]


async def test_leaderboard_names_the_members_who_scored(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine
) -> None:
    quiz = await standin.answer_to(await standin.slash(ALICE, "quiz", topic="self-attention"))
    assert quiz.message_id is not None
    right, _ = await right_and_wrong(standin, engine, quiz)
    await standin.answer_to(await standin.click(ALICE, quiz.message_id, right))

    board = await standin.answer_to(await standin.slash(BOB, "leaderboard", period="all"))
    assert not board.ephemeral
    assert "Alice" in board.embeds[0]["description"]


async def test_a_subcommand_this_release_lacks_gets_a_note_and_no_traceback(
    standin: DiscordStandIn, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    sent = await standin.answer_to(await standin.slash(ALICE, "retired-subcommand"))

    assert sent.ephemeral and sent.data["content"] == STALE_COMMAND
    assert [r for r in caplog.records if r.exc_info] == []


class SpyEngine(Engine):
    """Records who the adapter says is asking."""

    actors: list[Actor]

    async def run(self, actor: Actor, command: Command) -> Reply:
        self.actors.append(actor)
        return await super().run(actor, command)


async def test_the_engine_sees_the_member_with_guild_roles_and_admin_flag(
    standin: DiscordStandIn, kb: KnowledgeBase, sqlite_store: Store, clock: ManualClock
) -> None:
    spy = SpyEngine(kb, sqlite_store, clock=clock)
    spy.actors = []
    member = Member(103, "Carol", roles=(standin.world.role_id,), manage_guild=True)
    async with running_bot(standin, spy):
        await standin.answer_to(await standin.slash(member, "me"))
        await standin.answer_to(await standin.slash(BOB, "me"))

    carol, bob = spy.actors
    assert carol == Actor(
        platform="discord",
        workspace=str(standin.world.guild_id),
        channel=str(standin.world.channel_id),
        user="103",
        display_name="Carol",
        is_admin=True,
        roles=(str(standin.world.role_id),),
    )
    assert not bob.is_admin and bob.roles == ()


class GatedEngine(Engine):
    """Holds every command until the test opens the gate, like a slow database would."""

    gate: asyncio.Event

    async def run(self, actor: Actor, command: Command) -> Reply:
        await self.gate.wait()
        return await super().run(actor, command)


@pytest.fixture
def gated(kb: KnowledgeBase, sqlite_store: Store, clock: ManualClock) -> GatedEngine:
    engine = GatedEngine(kb, sqlite_store, clock=clock)
    engine.gate = asyncio.Event()
    return engine


async def test_a_slow_command_is_deferred_then_completed(
    standin: DiscordStandIn, gated: GatedEngine
) -> None:
    async with running_bot(standin, gated, defer_after=0.01):
        public = await standin.slash(ALICE, "leaderboard")
        private = await standin.slash(ALICE, "me")
        deferrals = await standin.wait_for(
            lambda: [s for s in standin.sent if s.type == 5] if len(standin.sent) == 2 else None
        )
        gated.gate.set()
        board = await standin.answer_to(public)
        stats = await standin.answer_to(private)

    assert {s.interaction_id: s.ephemeral for s in deferrals} == {public: False, private: True}
    assert board.route == stats.route == "edit"
    assert board.embeds[0]["title"].startswith("Leaderboard")
    assert stats.embeds[0]["title"].startswith("Your stats")


async def test_a_slow_command_whose_answer_turns_private_is_not_left_public(
    standin: DiscordStandIn, gated: GatedEngine
) -> None:
    async with running_bot(standin, gated, defer_after=0.01):
        asked = await standin.slash(BOB, "quiz", topic="zzzz qqqq")
        await standin.wait_for(lambda: standin.sent_for(asked))
        gated.gate.set()
        answer = await standin.wait_for(
            lambda: next((s for s in standin.sent_for(asked) if s.route == "followup"), None)
        )

    routes = [s.route for s in standin.sent_for(asked)]
    assert routes == ["callback", "delete", "followup"]
    assert answer.body["flags"] & 64


class BrokenEngine(Engine):
    async def run(self, actor: Actor, command: Command) -> Reply:
        raise RuntimeError("the database caught fire")

    async def press(self, actor: Actor, action_id: str) -> Reply:
        raise RuntimeError("the database caught fire")


async def test_an_unexpected_error_gets_a_private_apology_and_one_logged_traceback(
    standin: DiscordStandIn,
    kb: KnowledgeBase,
    sqlite_store: Store,
    engine: Engine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with running_bot(standin, engine):
        explained = await standin.answer_to(await standin.slash(ALICE, "explain", topic="tokens"))
    assert explained.message_id is not None

    broken = BrokenEngine(kb, sqlite_store)
    caplog.set_level(logging.INFO)
    async with running_bot(standin, broken):
        typed = await standin.answer_to(await standin.slash(ALICE, "leaderboard"))
        clicked = await standin.answer_to(
            await standin.click(BOB, explained.message_id, custom_id(explained, "Quiz me"))
        )

    for sent in (typed, clicked):
        assert sent.type == 4 and sent.ephemeral
        assert sent.data["content"] == APOLOGY
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 2
    assert all(r.name == "bot.adapters.discord.responder" for r in tracebacks)


async def test_expected_paths_log_no_traceback_and_no_token(
    standin: DiscordStandIn, bot: RunningBot, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    first = await standin.answer_to(await standin.slash(ALICE, "explain", topic="attention"))
    await standin.answer_to(await standin.slash(ALICE, "explain", topic="no such thing at all"))
    assert first.message_id is not None
    await standin.answer_to(await standin.click(BOB, first.message_id, custom_id(first, "Deeper")))
    quiz = await standin.answer_to(await standin.slash(ALICE, "quiz", topic="self-attention"))
    assert quiz.message_id is not None
    right, _ = await right_and_wrong(standin, engine, quiz)
    for _ in range(2):
        await standin.answer_to(await standin.click(BOB, quiz.message_id, right))
    await standin.answer_to(await standin.slash(BOB, "answer", quiz_id="NOSUCHQUIZ", choice="A"))

    assert [r.getMessage() for r in caplog.records if r.exc_info] == []
    assert standin.world.token not in caplog.text
    assert "itoken-" not in caplog.text
