"""The typed facts of problem reports, `/llm progress` and forget-me replies.

Field names and order are the JSON keys of `llmbot ask --json`, like `engine/payloads.py`
(which lists these in its `Payload` union).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class ProblemReport:
    """A report on a question; `reason` None while the member is still choosing one."""

    quiz_id: str
    question_id: str
    reason: str | None
    recorded: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupFigures:
    active_members: int
    answers: int
    accuracy: float | None
    median_topics_mastered: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodFigures:
    month: GroupFigures
    all: GroupFigures


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamFigures:
    team_id: str
    name: str
    month: GroupFigures
    all: GroupFigures


@dataclass(frozen=True, slots=True, kw_only=True)
class LowTopic:
    topic_id: str
    accuracy: float
    answers: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressOverview:
    """`/llm progress show`: the workspace and each team, this month and all time."""

    workspace: PeriodFigures
    teams: tuple[TeamFigures, ...]
    lowest_topics: tuple[LowTopic, ...]
    questions_reported_this_month: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnProgress:
    """`/llm progress me`: the member's own row of the report."""

    answers: int
    correct: int
    accuracy: float | None
    topics_mastered: tuple[str, ...]
    last_active: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportFile:
    """`/llm progress export`: the CSV sent with the reply."""

    filename: str
    members: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Forgotten:
    """What forget-me deleted, by kind of record; `anything` is False the second time."""

    deleted: Mapping[str, int]
    anything: bool
