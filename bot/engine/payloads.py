"""The facts each reply carries, typed: what adapters read and what `llmbot ask --json` prints.

Field names and order are the JSON keys and their order (`reply.facts` turns a payload
into JSON), so renaming a field here changes the output scripts read.

Here are the facts of the replies every start may give (explanations, quizzes and answers,
teams, settings, refusals); each other feature keeps its own in its folder's `payloads.py`,
loaded with the feature, and `Payload` lists them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from bot.engine.daily.payloads import (
        DailyOverview,
        DailyStatusReport,
        PostAttempt,
        PreviewedQuestion,
        RevealSummary,
        StreakAtRisk,
        WeeklyRecap,
    )
    from bot.engine.labs.payloads import SampleLab, TokensLab
    from bot.engine.packs.payloads import PackDetail, PackRemoval, PackReport, PackShelf
    from bot.engine.practice.payloads import PracticeCard, PracticeDone, PracticeFeedback
    from bot.engine.progress.payloads import (
        Forgotten,
        OwnProgress,
        ProblemReport,
        ProgressOverview,
        ReportFile,
    )
    from bot.engine.standings.payloads import MemberBoard, MemberStats, TeamBoard

# Marks a field left out of the JSON while it is None (it was added to some replies only).
OMITTED_WHEN_NONE = "omitted_when_none"


def _omitted_when_none() -> Any:
    return field(default=None, metadata={OMITTED_WHEN_NONE: True})


@dataclass(frozen=True, slots=True, kw_only=True)
class Refusal:
    """A usage note or a refusal: the message alone, for scripts."""

    error: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Explanation:
    topic_id: str
    depth: str
    related: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AskAnswer:
    """An answer to a free-form question: `citations` are the topic ids it drew on, first
    cited first; `generated` says a model wrote it; `fallback` says why the notes answered
    although a model is set up (a timeout, the daily budget, an uncited answer…)."""

    question: str
    citations: tuple[str, ...]
    generated: bool
    fallback: str | None = _omitted_when_none()


@dataclass(frozen=True, slots=True, kw_only=True)
class Declined:
    """No topic fits `query`; `suggestions` are topic ids."""

    query: str
    suggestions: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicList:
    """Topic ids by section, in the order `/llm topics` shows them; the workspace's packs
    (their names) when it has any."""

    topics: Mapping[str, tuple[str, ...]]
    packs: tuple[str, ...] | None = _omitted_when_none()


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoringRules:
    """Points by difficulty; speed bonus as (answered within seconds, bonus points)."""

    points: Mapping[str, int]
    speed_bonus: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    letter: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class QuizCard:
    """A question as shown: choices in display order. A daily post also says its date."""

    quiz_id: str
    question_id: str
    difficulty: str
    topics: tuple[str, ...]
    choices: tuple[Choice, ...]
    daily: bool | None = _omitted_when_none()
    local_date: str | None = _omitted_when_none()
    right_share: str | None = _omitted_when_none()
    """ "answered right by 34 % of players", once enough members answered in the workspace."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerFeedback:
    """A judged answer: right or wrong, and the points it earned."""

    quiz_id: str
    correct: bool
    points: int
    already_answered: bool = False
    choice: str
    right_choice: str
    speed_bonus: int | None = _omitted_when_none()


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerRecorded:
    """A daily answer taken but judged only at the reveal."""

    quiz_id: str
    already_answered: bool = False
    choice: str
    closes_at_ms: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AlreadyAnswered:
    quiz_id: str
    already_answered: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamDetail:
    """One team: its name and its members' user ids."""

    team: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamNames:
    teams: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamChange:
    """A team created, joined, left, renamed, deleted or linked."""

    team: str
    team_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkspaceSettings:
    timezone: str
    admin_roles: tuple[str, ...]


# A type only: naming every payload at run time would import every feature's.
if TYPE_CHECKING:
    Payload: TypeAlias = (
        Refusal
        | Explanation
        | AskAnswer
        | Declined
        | TopicList
        | ScoringRules
        | QuizCard
        | AnswerFeedback
        | AnswerRecorded
        | AlreadyAnswered
        | MemberBoard
        | TeamBoard
        | MemberStats
        | TeamDetail
        | TeamNames
        | TeamChange
        | WorkspaceSettings
        | DailyStatusReport
        | PreviewedQuestion
        | PostAttempt
        | DailyOverview
        | RevealSummary
        | StreakAtRisk
        | WeeklyRecap
        | PackReport
        | PackShelf
        | PackDetail
        | PackRemoval
        | PracticeCard
        | PracticeFeedback
        | PracticeDone
        | ProblemReport
        | ProgressOverview
        | OwnProgress
        | ReportFile
        | Forgotten
        | TokensLab
        | SampleLab
    )
