"""The typed facts of `/llm daily` replies and of daily posts: status, previews, the
member's overview, reveals, streak warnings and weekly recaps.

Field names and order are the JSON keys of `llmbot ask --json`, like `engine/payloads.py`
(which lists these in its `Payload` union).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class DailyStatusReport:
    """`/llm daily status`: on or off, paused why, the next post, and recent days' outcomes."""

    enabled: bool
    paused: str | None
    next: str
    days: Mapping[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class PreviewedQuestion:
    question_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PostAttempt:
    """What `/llm daily now` achieved (see `PostResult`)."""

    result: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenQuestion:
    quiz_id: str
    closes_at_ms: int
    answered: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class OverviewChannel:
    channel: str
    streak: int
    best: int
    open: OpenQuestion | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DailyOverview:
    """A member's daily questions across the workspace (Slack's App Home)."""

    channels: tuple[OverviewChannel, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RevealSummary:
    """A closed daily question: the right letter, how many played and chose what, the fastest."""

    quiz_id: str
    question_id: str
    right_choice: str
    players: int
    correct: int
    percentages: Mapping[str, int]
    fastest: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class StreakAtRisk:
    streak: int
    channel: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WeeklyRecap:
    week: str
    questions: int
    top_members: tuple[str, ...]
    top_teams: tuple[str, ...]
    hardest: str | None
