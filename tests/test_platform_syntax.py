"""Platform syntax stays at the edges: adapters turn mentions into ids, and make names inert."""

from __future__ import annotations

import pytest

from bot.adapters.discord.render import render
from bot.adapters.typed_text import parse, plain_text
from bot.engine import Actor, Engine, Field, Reply, ReplyKind, Visibility
from bot.engine.clean_text import plain_name
from bot.engine.grammar import (
    DailyNow,
    DailySetup,
    Explain,
    Leaderboard,
    Me,
    Quiz,
    TeamLink,
    TeamList,
    TeamShow,
)
from bot.engine.grammar import parse as parse_plain
from bot.engine.learn.catalog import find_topic
from bot.engine.standings.payloads import MemberBoard
from bot.knowledge import KnowledgeBase
from tests.daily_support import attach
from tests.support import ManualClock


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("team link Red <@&42>", "team link Red 42"),
        ("settings admin-roles <!subteam^S0ABC|@quiz> <@&7>", "settings admin-roles S0ABC 7"),
        ("explain <@123> and <#C1>", "explain <@123> and <#C1>"),
        ("team create x<@&42>", "team create x<@&42>"),
    ],
)
def test_adapters_turn_role_mentions_into_ids(typed: str, plain: str) -> None:
    assert plain_text(typed) == plain


def test_the_engine_grammar_takes_ids_and_refuses_mention_syntax() -> None:
    assert parse_plain("/llm team link Red 42") == TeamLink("Red", "42")
    assert parse("/llm team link Red <@&42>") == TeamLink("Red", "42")
    with pytest.raises(Exception, match="is not a role"):
        parse_plain("/llm team link Red <@&42>")


def test_names_leave_the_engine_plain_and_discord_makes_them_inert_in_public() -> None:
    assert plain_name("  **@everyone**  <@123> ") == "@everyone <@123>"
    board = Reply(
        kind=ReplyKind.LEADERBOARD,
        title="Leaderboard",
        body="1. @everyone: 10 pts\n2. <@123>: 5 pts",
        fields=(Field("Top", "<@&9> and @here"),),
        payload=MemberBoard(period="week", period_key="week:2026-W48", entries=()),
    )
    public = render(board).embeds[0].to_dict()
    assert "@\u200beveryone" in public["description"] and "<\u200b@123>" in public["description"]
    assert public["fields"][0]["value"] == "<\u200b@&9> and @\u200bhere"
    private = render(
        Reply(kind=ReplyKind.STATS, title="Your stats, <@1>", visibility=Visibility.PRIVATE)
    )
    assert private.embeds[0].title == "Your stats, <@1>" and private.ephemeral


def test_one_lookup_finds_a_topic_by_id_or_by_name(engine: Engine, kb: KnowledgeBase) -> None:
    assert find_topic(kb, engine.index, "self-attention") == "self-attention"
    assert find_topic(kb, engine.index, "attension") == "self-attention"
    assert find_topic(kb, engine.index, "best pizza in paris") is None


async def test_quiz_explain_and_daily_topics_agree_on_a_topic(
    engine: Engine, actor: Actor, clock: ManualClock
) -> None:
    attach(engine, clock)
    explained = await engine.handle_text(actor, "/llm explain attension")
    quiz = await engine.handle_text(actor, "/llm quiz attension")
    daily = await engine.handle_text(actor, "/llm daily setup 09:00 UTC attension")
    assert explained.data["topic_id"] == "self-attention"
    assert "self-attention" in quiz.data["topics"]
    assert "topics: self-attention" in daily.fields[0].value


def test_commands_say_whether_they_are_private_and_slow() -> None:
    assert [c.slow for c in (DailySetup(), DailyNow(), Explain("x"), Me())] == [
        True,
        True,
        False,
        False,
    ]
    public = (Explain("x"), Quiz(), Leaderboard(), TeamList(), TeamShow())
    assert not any(c.private for c in public)
    assert Me().private and TeamLink("a", None).private
