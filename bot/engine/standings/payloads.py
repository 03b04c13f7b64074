"""The typed facts of leaderboards and of `/llm me`.

Field names and order are the JSON keys of `llmbot ask --json`, like `engine/payloads.py`
(which lists these in its `Payload` union).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from bot.engine.payloads import OMITTED_WHEN_NONE

if TYPE_CHECKING:
    from bot.engine.practice.payloads import Mastery


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberEntry:
    user_id: str
    name: str
    points: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberBoard:
    """The members' leaderboard of a period (the top, as shown)."""

    period: str
    period_key: str
    board: Literal["users"] = "users"
    entries: tuple[MemberEntry, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamEntry:
    team: str
    rank: int
    average: float
    points: int
    active: int
    members: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamBoard:
    """Every team of the workspace in a period, best average per active member first."""

    period: str
    period_key: str
    board: Literal["teams"] = "teams"
    entries: tuple[TeamEntry, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodStats:
    points: int
    answered: int
    accuracy: int
    rank: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class StreakStats:
    current: int
    best: int
    freeze_left: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberStats:
    """`/llm me`: this week, all time, the streak in this channel, and the member's team."""

    week: PeriodStats
    all: PeriodStats
    streak: StreakStats
    team: str | None
    mastery: Mastery | None = field(default=None, metadata={OMITTED_WHEN_NONE: True})
