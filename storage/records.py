"""Plain values that cross the store boundary."""

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
