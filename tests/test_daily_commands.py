"""The `/llm daily`, `/llm team`, `/llm settings`, `leaderboard` and `help` grammar."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.typed_text import parse
from bot.engine.errors import UsageError
from bot.engine.grammar import (
    DailyNow,
    DailyOff,
    DailyPreview,
    DailySetup,
    DailySkip,
    DailyStatus,
    Help,
    Leaderboard,
    SettingsAdminRoles,
    SettingsShow,
    SettingsTimezone,
    TeamCreate,
    TeamDelete,
    TeamJoin,
    TeamLeave,
    TeamLink,
    TeamList,
    TeamRename,
    TeamShow,
    parse_setup,
)


def test_setup_arguments_are_recognised_by_shape_in_any_order() -> None:
    expected = DailySetup(time="09:30", timezone="Europe/Paris", days="1111100", difficulty="hard")
    assert parse("/llm daily setup 09:30 Europe/Paris mon-fri hard") == expected
    assert parse("/llm daily setup hard mon-fri Europe/Paris 09:30") == expected


def test_setup_reads_every_kind_of_argument() -> None:
    assert parse_setup("9pm UTC weekends 6h instant recap tokenization,rag mixed") == DailySetup(
        time="21:00",
        timezone="UTC",
        days="0000011",
        difficulty="mixed",
        topics=("tokenization", "rag"),
        window_hours=6,
        feedback="instant",
        recap=True,
    )


@pytest.mark.parametrize(
    ("words", "mask"),
    [
        ("every", "1111111"),
        ("weekdays", "1111100"),
        ("mon,wed,fri", "1010100"),
        ("mon wed fri", "1010100"),
        ("fri-mon", "1000111"),
        ("sat-sun", "0000011"),
    ],
)
def test_day_specifications(words: str, mask: str) -> None:
    assert parse_setup(words).days == mask


def test_setup_with_nothing_keeps_everything() -> None:
    assert parse("/llm daily setup") == DailySetup()


@pytest.mark.parametrize(
    "text",
    [
        "/llm daily setup 25:00",
        "/llm daily setup 09:30 10:30",
        "/llm daily setup easy hard",
        "/llm daily setup 0h",
        "/llm daily setup 13pm",
        "/llm daily dance",
        "/llm daily now please",
        "/llm settings timezone",
        "/llm settings timezone not a zone",
        "/llm settings colour blue",
        "/llm settings admin-roles",
        "/llm settings admin-roles @everyone",
        "/llm team create",
        "/llm team rename Only",
        "/llm team link Red",
        "/llm team leave Red",
        "/llm team fly",
        "/llm leaderboard teams teams",
        "/llm leaderboard week month",
        "/llm help cooking",
    ],
)
def test_bad_community_commands_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError):
        parse(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/llm daily", DailyStatus()),
        ("/llm daily status", DailyStatus()),
        ("/llm daily off", DailyOff()),
        ("/llm daily preview", DailyPreview()),
        ("/llm daily skip", DailySkip()),
        ("/llm daily now", DailyNow()),
        ("/llm settings", SettingsShow()),
        ("/llm settings timezone Europe/Paris", SettingsTimezone("Europe/Paris")),
        ("/llm settings timezone utc", SettingsTimezone("UTC")),
        ("/llm settings admin-roles <@&123> 456", SettingsAdminRoles(("123", "456"))),
        ("/llm settings admin-roles <!subteam^S0ABC|@quiz>", SettingsAdminRoles(("S0ABC",))),
        ("/llm settings admin-roles none", SettingsAdminRoles(())),
        ("/llm team", TeamList()),
        ("/llm team list", TeamList()),
        ("/llm team create  Red   Pandas ", TeamCreate("Red Pandas")),
        ("/llm team join red pandas", TeamJoin("red pandas")),
        ("/llm team leave", TeamLeave()),
        ("/llm team show", TeamShow()),
        ("/llm team show Red", TeamShow("Red")),
        ("/llm team rename Red Pandas to Blue Whales", TeamRename("Red Pandas", "Blue Whales")),
        ('/llm team rename "Red" "Blue Whales"', TeamRename("Red", "Blue Whales")),
        ("/llm team delete Red", TeamDelete("Red")),
        ("/llm team link Red Pandas <@&42>", TeamLink("Red Pandas", "42")),
        ("/llm team link Red off", TeamLink("Red", None)),
        ("/llm leaderboard", Leaderboard("week", "users")),
        ("/llm leaderboard teams", Leaderboard("week", "teams")),
        ("/llm leaderboard month teams", Leaderboard("month", "teams")),
        ("/llm leaderboard users all", Leaderboard("all", "users")),
        ("/llm help scoring", Help("scoring")),
    ],
)
def test_community_commands_parse(text: str, expected: object) -> None:
    assert parse(text) == expected


@given(st.text(max_size=120))
def test_setup_parser_never_raises_anything_but_usage_errors(text: str) -> None:
    try:
        parse(f"/llm daily setup {text}")
        parse(f"/llm team {text}")
        parse(f"/llm settings {text}")
    except UsageError:
        pass
