"""The facts each reply carries, typed: what adapters read and what `llmbot ask --json` prints.

Field names and order are the JSON keys and their order (`reply.facts` turns a payload
into JSON), so renaming a field here changes the output scripts read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.engine.practice.payloads import (
    Forgotten,
    Mastery,
    OwnProgress,
    PracticeCard,
    PracticeDone,
    PracticeFeedback,
    ProblemReport,
    ProgressOverview,
    ReportFile,
)

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
    """Topic ids by section, in the order `/llm topics` shows them."""

    topics: Mapping[str, tuple[str, ...]]


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


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenItem:
    """One token: its id and its text (`<0xE2>` for a byte of a split character)."""

    id: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenCount:
    encoding: str
    count: int
    tokens: tuple[TokenItem, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TokensLab:
    """A text as a real tokenizer splits it; `compare` holds the other encoding with --compare."""

    encoding: str
    count: int
    characters_per_token: float
    words_per_token: float
    tokens: tuple[TokenItem, ...]
    compare: tuple[TokenCount, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NextWordChance:
    """A candidate next word: its probability in the model (temperature 1) and with the
    chosen settings, after top-k and top-p (0 when they removed it)."""

    word: str
    model: float
    chosen: float


@dataclass(frozen=True, slots=True, kw_only=True)
class SampleLab:
    """The sampling lab: what the model read (`order` 3, 2 or 1 words of context, 1 being
    word frequencies alone), the next-word distribution and three continuations."""

    prompt: str
    context: tuple[str, ...]
    order: int
    temperature: float
    top_p: float
    top_k: int
    seed: int
    next_words: tuple[NextWordChance, ...]
    kept: int
    vocabulary: int
    continuations: tuple[str, ...]


Payload = (
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
