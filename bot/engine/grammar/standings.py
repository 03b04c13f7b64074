"""The grammar of `/llm leaderboard` and `/llm me`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bot.engine.errors import UsageError
from bot.engine.grammar.command import CommandTraits

PERIODS = ("week", "month", "all")
BOARDS = ("users", "teams")
_BOARD_WORDS = {"users": "users", "people": "users", "members": "users", "teams": "teams"}
LEADERBOARD_USAGE = "/llm leaderboard [users|teams] [week|month|all]"
ME_USAGE = "/llm me"


@dataclass(frozen=True, slots=True)
class Leaderboard(CommandTraits):
    private: ClassVar[bool] = False
    period: str = "week"
    board: str = "users"


@dataclass(frozen=True, slots=True)
class Me(CommandTraits):
    pass


StandingsCommand = Leaderboard | Me


def parse_leaderboard(rest: str) -> Leaderboard:
    """`users|teams` and `week|month|all`, each optional, in either order."""
    period, board = None, None
    for word in rest.lower().split():
        if word in PERIODS and period is None:
            period = word
        elif word in _BOARD_WORDS and board is None:
            board = _BOARD_WORDS[word]
        else:
            raise UsageError(
                "Choose users or teams, and week, month or all.", f"`{LEADERBOARD_USAGE}`"
            )
    return Leaderboard(period or "week", board or "users")
