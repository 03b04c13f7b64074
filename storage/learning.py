"""Values and contract of the learning part of the store: cards, topic progress, practice
answers, question statistics and problem reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class CardState:
    """Where one member stands with one question.

    The fsrs fields (`state`, `step`, `stability`, `difficulty`, `due_ms`,
    `last_review_ms`) are what the scheduler needs for the next review; `reviews` and
    `lapses` count answers and misses; `first_correct` is the result of the very first
    answer (mastery counts only those) and `last_correct` the latest one.
    """

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due_ms: int
    last_review_ms: int
    reviews: int
    lapses: int
    first_correct: bool
    last_correct: bool


@dataclass(frozen=True, slots=True)
class CardKey:
    workspace_id: str
    user_id: str
    question_id: str


@dataclass(frozen=True, slots=True)
class TopicProgress:
    """A member's answers on one topic (the first topic of each question answered).

    `recent` holds the last `recent_count` outcomes as bits, newest in bit 0;
    `first_right` counts distinct questions answered right at their first attempt.
    """

    topic_id: str
    answers: int
    correct: int
    recent: int
    recent_count: int
    first_right: int
    last_correct: bool
    last_at_ms: int


class LearningRules(Protocol):
    """How one answer changes a card and a topic summary, supplied by the engine.

    The store applies them inside the answer writer's transaction, so a card is read
    and rewritten by one writer only and never loses a review to a concurrent answer.
    """

    def review(
        self, previous: CardState | None, key: CardKey, correct: bool, at_ms: int
    ) -> CardState: ...

    def advance(
        self,
        previous: TopicProgress | None,
        *,
        topic_id: str,
        correct: bool,
        first_attempt: bool,
        at_ms: int,
    ) -> TopicProgress: ...


@dataclass(frozen=True, slots=True)
class PracticeAnswerRecord:
    """One answer to a practice question: kept apart from quiz answers and never scored."""

    quiz_id: str
    workspace_id: str
    user_id: str
    display_name: str
    question_id: str
    topic_id: str
    choice: int
    correct: bool
    answered_at_ms: int


@dataclass(frozen=True, slots=True)
class PracticeOutcome:
    """None for `card` when the practice question had been answered already."""

    card: CardState | None

    @property
    def recorded(self) -> bool:
        return self.card is not None


@dataclass(frozen=True, slots=True)
class DueCard:
    question_id: str
    topic_id: str
    due_ms: int


@dataclass(frozen=True, slots=True)
class QuestionSums:
    """One pass's sums over a question's quiz and daily answers.

    `picks[i]` counts answers choosing content option i. For discrimination, each answer
    by a member who also answered other questions contributes x = the member's accuracy
    on their *other* answers and y = 1 if this answer was right: `paired` such answers,
    with the sums of x, x², y and x·y.
    """

    question_id: str
    attempts: int
    right: int
    picks: tuple[int, ...]
    paired: int = 0
    sum_x: float = 0.0
    sum_xx: float = 0.0
    sum_y: float = 0.0
    sum_xy: float = 0.0


@dataclass(frozen=True, slots=True)
class QuestionReport:
    """One member's report of a problem with a question; one per member and question."""

    workspace_id: str
    question_id: str
    user_id: str
    reason: str
    note: str
    reported_at_ms: int


@dataclass(frozen=True, slots=True)
class ReportCount:
    question_id: str
    reason: str
    count: int
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MemberActivity:
    """A member's answers (quiz, daily and practice) in a period, for reports."""

    user_id: str
    display_name: str
    team: str
    answers: int
    correct: int
    last_at_ms: int


@dataclass(frozen=True, slots=True)
class TopicTotals:
    """Answers and rights on one question in a period, over a workspace or a team."""

    question_id: str
    answers: int
    correct: int


@dataclass(frozen=True, slots=True)
class ForgetSummary:
    """What `forget-me` removed, for the reply that says so."""

    answers: int
    practice_answers: int
    cards: int
    streaks: int
    team_memberships: int
    names: int
    reports: int
    anonymised: int

    @property
    def anything(self) -> bool:
        return any(
            (
                self.answers,
                self.practice_answers,
                self.cards,
                self.streaks,
                self.team_memberships,
                self.names,
                self.reports,
                self.anonymised,
            )
        )
