"""Plain values that cross the store boundary: quizzes and scores, daily posts and their
claims, streaks, teams and workspace settings."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class AnswerOutcome(enum.Enum):
    """What the store did with one submitted answer."""

    RECORDED = "recorded"
    ALREADY_ANSWERED = "already_answered"


@dataclass(frozen=True, slots=True)
class QuizRecord:
    """One posted question; answers point at it by `id`.

    `choice_order` lists the content option indexes in the order they were shown,
    so an answer given as a displayed position maps back to the same option after
    a restart. `feedback` is ``instant`` (right or wrong at once) or ``at_close``
    (only "recorded" until the daily reveal).
    """

    id: str
    workspace_id: str
    channel_id: str
    question_id: str
    choice_order: tuple[int, ...]
    created_by: str
    created_at_ms: int
    kind: str = "adhoc"
    closes_at_ms: int | None = None
    feedback: str = "instant"
    # The question as asked (JSON written and read by the engine); None for quizzes created
    # before snapshots, whose question the engine finds in the knowledge base by id.
    snapshot: str | None = None


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One member's answer, scored by the engine before it reaches the store.

    `periods` names the score buckets this answer counts towards (for example
    ``all``, ``week:2026-W48``, ``month:2026-11``); the engine computes them in the
    workspace's time zone so the store never needs to know about calendars.
    `question_id` and `topic_id` (the question's first topic) move the member's card in
    the same transaction, unless the answer is `held` until a daily question's reveal.
    """

    quiz_id: str
    workspace_id: str
    user_id: str
    display_name: str
    choice: int
    correct: bool
    points: int
    answered_at_ms: int
    periods: tuple[str, ...]
    question_id: str = ""
    topic_id: str = ""
    held: bool = False


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """A member's aggregated standing in one period."""

    user_id: str
    display_name: str
    points: int
    answered: int
    correct: int


@dataclass(frozen=True, slots=True)
class QuizAnswerRow:
    """One member's answer to one quiz, as the reveal and the streak rules read it."""

    user_id: str
    display_name: str
    choice: int
    correct: bool
    answered_at_ms: int


class ClaimStatus(enum.StrEnum):
    """Where one (channel, local date, kind) stands; only PENDING and CLAIMED can be taken."""

    PENDING = "pending"
    CLAIMED = "claimed"
    POSTED = "posted"
    SKIPPED = "skipped"
    MISSED = "missed"
    FAILED = "failed"


OPEN_STATUSES = (ClaimStatus.PENDING, ClaimStatus.CLAIMED)


@dataclass(frozen=True, slots=True)
class WorkspaceSettingsRecord:
    """Per-workspace settings; the previous zone keeps running periods in the zone they began."""

    workspace_id: str
    timezone: str = "UTC"
    previous_timezone: str | None = None
    timezone_changed_at_ms: int | None = None
    admin_roles: tuple[str, ...] = ()
    updated_at_ms: int = 0


@dataclass(frozen=True, slots=True)
class DailyChannelRecord:
    """One channel's daily-question schedule.

    `weekdays` is seven characters, Monday first, ``1`` for a posting day. `since_ms`
    is when the schedule last changed: slots before it are never caught up.
    `cycle` numbers the passes through the question pool. `next_due_ms` is when the
    scheduler must next look at the channel (UTC); None means "compute it".
    """

    workspace_id: str
    channel_id: str
    post_time: str
    timezone: str
    weekdays: str
    difficulty: str | None = None
    topics: tuple[str, ...] = ()
    window_minutes: int | None = None
    feedback: str = "at_close"
    recap: bool = False
    enabled: bool = True
    since_ms: int = 0
    paused_reason: str | None = None
    paused_at_ms: int | None = None
    cycle: int = 0
    cycle_started_ms: int = 0
    updated_by: str = ""
    updated_at_ms: int = 0
    next_due_ms: int | None = None
    packs: tuple[str, ...] = ()  # pack names drawn from, beside `topics`


@dataclass(frozen=True, slots=True)
class DailyClaim:
    """The exactly-once record of one post, reveal, warning or recap for a channel-day."""

    workspace_id: str
    channel_id: str
    local_date: str
    kind: str
    status: ClaimStatus
    due_at_ms: int
    claimed_by: str | None
    lease_until_ms: int
    attempts: int
    quiz_id: str | None = None
    message_ref: str | None = None
    detail: str | None = None
    updated_at_ms: int = 0


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Work a successful post schedules for the same channel (the reveal, the streak warning)."""

    kind: str
    local_date: str
    due_at_ms: int


@dataclass(frozen=True, slots=True)
class StreakRecord:
    """A member's run of correctly answered daily questions in one channel.

    `last_date` is the last daily (local date) these numbers account for, so
    applying the same day twice changes nothing; `freeze_week` is the ISO week
    whose one freeze was used.
    """

    workspace_id: str
    channel_id: str
    user_id: str
    current: int
    best: int
    last_date: str
    freeze_week: str | None = None


@dataclass(frozen=True, slots=True)
class TeamRecord:
    workspace_id: str
    team_id: str
    name: str
    role_id: str | None
    created_by: str
    created_at_ms: int


@dataclass(frozen=True, slots=True)
class TeamMember:
    user_id: str
    display_name: str


@dataclass(frozen=True, slots=True)
class TeamScoreRow:
    """A team's sums in one period: `active` counts members who answered at least once."""

    team_id: str
    name: str
    members: int
    active: int
    points: int


@dataclass(frozen=True, slots=True)
class PackTopicRecord:
    """`questions` counts the pack's questions whose first topic this is (those that count for
    mastery); None for a pack stored before the counts were kept."""

    topic_id: str
    title: str
    short: str
    questions: int | None = None


@dataclass(frozen=True, slots=True)
class PackRecord:
    """A workspace's question pack, without its questions; `name` is unique per workspace."""

    workspace_id: str
    name: str
    title: str
    description: str
    format: str
    source: str
    license: str
    author: str
    topics: tuple[PackTopicRecord, ...]
    question_count: int
    imported_by: str
    imported_at_ms: int


@dataclass(frozen=True, slots=True)
class PackQuestionRecord:
    """One question of a pack: its namespaced id and its body as JSON (the engine's format)."""

    question_id: str
    body: str


class PackSaved(enum.StrEnum):
    """What `save_pack` did."""

    ADDED = "added"
    REPLACED = "replaced"
    EXISTS = "exists"  # a pack of that name is there and `replace` was not asked
    FULL = "full"  # the workspace has as many packs as it may
