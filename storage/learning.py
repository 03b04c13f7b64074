"""Values and contract of the learning part of the store: cards, topic progress, practice
answers, question statistics and problem reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol


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


class CardKey(NamedTuple):
    """A tuple, so a batch's thousands of card lookups hash and compare in C."""

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


@dataclass(frozen=True, slots=True)
class HeldReviews:
    """Move the cards of everyone who answered a daily question whose feedback waited for
    its reveal; done once per quiz, however often the reveal is retried."""

    workspace_id: str
    quiz_id: str
    question_id: str
    topic_id: str
    at_ms: int


@dataclass(frozen=True, slots=True)
class ForgetMember:
    """Delete a member's data in one workspace; `anonymous` replaces them as an author."""

    workspace_id: str
    user_id: str
    anonymous: str


class LearningStore(Protocol):
    """Cards, practice, mastery, analytics, reports and forgetting.

    Every write that depends on answers (practice answers, cards, topic summaries,
    question statistics, held reviews, forgets) goes through the answer writer, in the
    order submitted, so a forget can never be overtaken by an answer queued before it.
    """

    def use_learning_rules(self, rules: LearningRules) -> None:
        """The card and topic rules the answer writer applies (the engine supplies them)."""

    async def record_practice(self, answer: PracticeAnswerRecord) -> PracticeOutcome:
        """Commit a practice answer and its card; `card` is None for a second answer."""

    async def apply_held_reviews(self, held: HeldReviews) -> int:
        """Move the cards of a revealed daily question's answerers, once; how many moved."""

    async def forget_member(self, forget: ForgetMember) -> ForgetSummary:
        """Delete a member's data in a workspace and anonymise their authorship."""

    async def get_card(self, key: CardKey) -> CardState | None: ...

    async def most_overdue_card(
        self,
        workspace_id: str,
        user_id: str,
        now_ms: int,
        topic_id: str | None,
        excluded: Sequence[str],
    ) -> DueCard | None:
        """The card due longest ago (due by `now_ms`), of one topic if given."""

    async def next_due_ms(
        self, workspace_id: str, user_id: str, after_ms: int, topic_id: str | None
    ) -> int | None:
        """When the member's next card falls due after `after_ms`."""

    async def carded_questions(self, workspace_id: str, user_id: str) -> set[str]: ...

    async def missed_questions(
        self, workspace_id: str, user_id: str, excluded: Sequence[str], limit: int
    ) -> list[str]:
        """Questions whose last answer was wrong, most recent miss first."""

    async def topic_progress(self, workspace_id: str, user_id: str) -> list[TopicProgress]: ...

    async def mastered_topics(
        self, workspace_id: str, min_first_right: int
    ) -> dict[str, list[str]]:
        """Mastered topics per member of a workspace."""

    async def held_open_questions(self, workspace_id: str, now_ms: int) -> list[str]:
        """Questions of open daily quizzes whose feedback waits for the reveal."""

    async def question_stats(self, workspace_id: str) -> dict[str, tuple[int, int]]:
        """(attempts, right) per question in a workspace's quizzes and daily questions."""

    async def question_sums(self, workspace_id: str | None) -> list[QuestionSums]:
        """Analytics sums per question, in one workspace or across all."""

    async def member_activity(self, workspace_id: str, since_ms: int) -> list[MemberActivity]:
        """Every known member with their answers since `since_ms` and their team."""

    async def question_totals(
        self, workspace_id: str, since_ms: int, team_id: str | None
    ) -> list[TopicTotals]:
        """Answers and rights per question since `since_ms`, for a team if given."""

    async def save_question_report(self, report: QuestionReport) -> bool:
        """False if the member had already reported that question."""

    async def report_counts(self, workspace_id: str | None) -> list[ReportCount]: ...

    async def reports_since(self, workspace_id: str, since_ms: int) -> int: ...

    async def known_workspaces(self) -> list[str]:
        """Every workspace the database has seen, as stored (`discord:<guild id>`, …)."""
