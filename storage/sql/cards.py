"""A writer batch's effect on cards, topic summaries and question statistics, shared by both
backends: read the previous rows once, fold every answer in order, write each row once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from storage.learning import (
    CardKey,
    CardState,
    ForgetMember,
    ForgetSummary,
    HeldReviews,
    LearningRules,
    PracticeAnswerRecord,
    PracticeOutcome,
    TopicProgress,
)
from storage.records import AnswerOutcome, AnswerRecord

WriterItem = AnswerRecord | PracticeAnswerRecord | HeldReviews | ForgetMember
WriterResult = AnswerOutcome | PracticeOutcome | int | ForgetSummary

ProgressKey = tuple[str, str, str]
"""(workspace, user, topic)."""

CardRow = tuple[
    str, str, str, str, int, int | None, float | None, float | None, int, int, int, int, int, int
]
ProgressRow = tuple[str, str, str, int, int, int, int, int, int, int]

CARD_COLUMNS = (
    "workspace_id, user_id, question_id, topic_id, state, step, stability, difficulty,"
    " due_ms, last_review_ms, reviews, lapses, first_correct, last_correct"
)
PROGRESS_COLUMNS = (
    "workspace_id, user_id, topic_id, answers, correct, recent, recent_count, first_right,"
    " last_correct, last_at_ms"
)


class Review(NamedTuple):
    """One answer that moves a card: a quiz or daily answer, or a practice answer (a tuple:
    a burst makes one per answer, and a frozen dataclass costs a call per field to build)."""

    key: CardKey
    topic_id: str
    correct: bool
    at_ms: int


@dataclass
class LearningChanges:
    """Rows to upsert, each once, and the card after each review in batch order."""

    cards: dict[CardKey, tuple[str, CardState]] = field(default_factory=dict)
    progress: dict[ProgressKey, TopicProgress] = field(default_factory=dict)
    after: list[CardState] = field(default_factory=list)

    def card_rows(self) -> list[CardRow]:
        return [card_row(key, topic, state) for key, (topic, state) in self.cards.items()]

    def progress_rows(self) -> list[ProgressRow]:
        return [progress_row(key, p) for key, p in self.progress.items()]


def fold(
    reviews: Iterable[Review],
    cards: Mapping[CardKey, CardState],
    progress: Mapping[ProgressKey, TopicProgress],
    rules: LearningRules,
) -> LearningChanges:
    """Apply every review in order on top of the stored rows (`cards`, `progress`)."""
    changes = LearningChanges()
    for review in reviews:
        stored = changes.cards.get(review.key)
        previous = stored[1] if stored is not None else cards.get(review.key)
        state = rules.review(previous, review.key, review.correct, review.at_ms)
        changes.cards[review.key] = (review.topic_id, state)
        changes.after.append(state)
        pkey = (review.key.workspace_id, review.key.user_id, review.topic_id)
        changes.progress[pkey] = rules.advance(
            changes.progress.get(pkey) or progress.get(pkey),
            topic_id=review.topic_id,
            correct=review.correct,
            first_attempt=previous is None,
            at_ms=review.at_ms,
        )
    return changes


def card_row(key: CardKey, topic_id: str, card: CardState) -> CardRow:
    return (
        key.workspace_id,
        key.user_id,
        key.question_id,
        topic_id,
        card.state,
        card.step,
        card.stability,
        card.difficulty,
        card.due_ms,
        card.last_review_ms,
        card.reviews,
        card.lapses,
        int(card.first_correct),
        int(card.last_correct),
    )


def card_from_row(row: Sequence[Any]) -> tuple[CardKey, CardState]:
    """A `cards` row in `CARD_COLUMNS` order."""
    ws, user, question, _topic, state, step, stability, difficulty = row[:8]
    due, last, reviews, lapses, first, last_correct = row[8:14]
    return CardKey(str(ws), str(user), str(question)), CardState(
        state=int(state),
        step=None if step is None else int(step),
        stability=None if stability is None else float(stability),
        difficulty=None if difficulty is None else float(difficulty),
        due_ms=int(due),
        last_review_ms=int(last),
        reviews=int(reviews),
        lapses=int(lapses),
        first_correct=bool(first),
        last_correct=bool(last_correct),
    )


def progress_row(key: ProgressKey, p: TopicProgress) -> ProgressRow:
    return (
        key[0],
        key[1],
        key[2],
        p.answers,
        p.correct,
        p.recent,
        p.recent_count,
        p.first_right,
        int(p.last_correct),
        p.last_at_ms,
    )


def progress_from_row(row: Sequence[Any]) -> tuple[ProgressKey, TopicProgress]:
    """A `topic_progress` row in `PROGRESS_COLUMNS` order."""
    ws, user, topic = str(row[0]), str(row[1]), str(row[2])
    n = [int(v) for v in row[3:10]]
    return (ws, user, topic), TopicProgress(topic, n[0], n[1], n[2], n[3], n[4], bool(n[5]), n[6])


def runs(batch: Sequence[WriterItem]) -> list[list[tuple[int, WriterItem]]]:
    """The batch cut at every forget: answers queued before it land before the deletion,
    answers queued after it are new ones."""
    found: list[list[tuple[int, WriterItem]]] = []
    current: list[tuple[int, WriterItem]] = []
    for index, item in enumerate(batch):
        if isinstance(item, ForgetMember):
            if current:
                found.append(current)
            found.append([(index, item)])
            current = []
        else:
            current.append((index, item))
    if current:
        found.append(current)
    return found


PracticeRow = tuple[str, str, str, str, int, int, int]
PRACTICE_COLUMNS = "quiz_id, workspace_id, user_id, question_id, choice, correct, answered_at_ms"


def practice_row(answer: PracticeAnswerRecord) -> PracticeRow:
    return (
        answer.quiz_id,
        answer.workspace_id,
        answer.user_id,
        answer.question_id,
        answer.choice,
        int(answer.correct),
        answer.answered_at_ms,
    )


@dataclass
class RunPlan:
    """What one run of a batch changes beyond the answers themselves."""

    reviews: list[Review] = field(default_factory=list)
    practice_review: dict[int, int] = field(default_factory=dict)
    """Batch index of a recorded practice answer → its position in `reviews`."""
    stats: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    names: dict[tuple[str, str], str] = field(default_factory=dict)

    def card_keys(self) -> list[tuple[str, str, str]]:
        return sorted(
            {(r.key.workspace_id, r.key.user_id, r.key.question_id) for r in self.reviews}
        )

    def progress_keys(self) -> list[tuple[str, str, str]]:
        return sorted({(r.key.workspace_id, r.key.user_id, r.topic_id) for r in self.reviews})

    def stats_rows(self) -> list[tuple[str, str, int, int]]:
        return [(ws, q, n[0], n[1]) for (ws, q), n in self.stats.items()]

    def user_rows(self) -> list[tuple[str, str, str]]:
        return [(ws, user, name) for (ws, user), name in self.names.items()]


def unique_names(rows: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """One (workspace, user, name) per member, the latest name winning: PostgreSQL refuses
    an upsert that touches a row twice."""
    return [(ws, user, name) for (ws, user), name in {(w, u): n for w, u, n in rows}.items()]


HeldAnswer = tuple[str, bool, int]
"""(user, correct, answered_at_ms) of an answer whose card waited for the reveal."""


def plan_run(
    run: Sequence[tuple[int, WriterItem]],
    outcomes: dict[int, AnswerOutcome],
    practice_recorded: set[int],
    held: dict[int, Sequence[HeldAnswer]],
) -> RunPlan:
    """Reviews in batch order, and the statistics of the run's recorded quiz answers.

    `outcomes` are the quiz answers' outcomes by batch index, `practice_recorded` the
    batch indexes of practice answers that went in, `held` the answers a `HeldReviews`
    item found (nothing if its quiz had been done already).
    """
    plan = RunPlan()
    for index, item in run:
        if isinstance(item, AnswerRecord):
            if outcomes.get(index) is not AnswerOutcome.RECORDED or not item.question_id:
                continue
            totals = plan.stats.setdefault((item.workspace_id, item.question_id), [0, 0])
            totals[0] += 1
            totals[1] += int(item.correct)
            if not item.held:
                key = CardKey(item.workspace_id, item.user_id, item.question_id)
                plan.reviews.append(Review(key, item.topic_id, item.correct, item.answered_at_ms))
        elif isinstance(item, PracticeAnswerRecord):
            if index not in practice_recorded:
                continue
            plan.names[(item.workspace_id, item.user_id)] = item.display_name
            key = CardKey(item.workspace_id, item.user_id, item.question_id)
            plan.practice_review[index] = len(plan.reviews)
            plan.reviews.append(Review(key, item.topic_id, item.correct, item.answered_at_ms))
        elif isinstance(item, HeldReviews):
            for user, correct, at_ms in held.get(index, ()):
                key = CardKey(item.workspace_id, user, item.question_id)
                plan.reviews.append(Review(key, item.topic_id, correct, at_ms))
    return plan


def first_practice(run: Sequence[tuple[int, WriterItem]]) -> dict[str, int]:
    """The batch index of the first practice answer per quiz: only it may go in."""
    firsts: dict[str, int] = {}
    for index, item in run:
        if isinstance(item, PracticeAnswerRecord):
            firsts.setdefault(item.quiz_id, index)
    return firsts


def practice_results(
    run: Sequence[tuple[int, WriterItem]], plan: RunPlan, changes: LearningChanges | None
) -> dict[int, PracticeOutcome]:
    found: dict[int, PracticeOutcome] = {}
    for index, item in run:
        if isinstance(item, PracticeAnswerRecord):
            position = plan.practice_review.get(index)
            card = None if position is None or changes is None else changes.after[position]
            found[index] = PracticeOutcome(card)
    return found


# A forget, statement by statement, in an order that never breaks a foreign key: each
# counted step names the `ForgetSummary` field its row count goes to.
FORGET_COUNTED: tuple[tuple[str, str], ...] = (
    ("answers", "DELETE FROM answers WHERE workspace_id = ? AND user_id = ?"),
    ("practice_answers", "DELETE FROM practice_answers WHERE workspace_id = ? AND user_id = ?"),
    ("cards", "DELETE FROM cards WHERE workspace_id = ? AND user_id = ?"),
    ("streaks", "DELETE FROM streaks WHERE workspace_id = ? AND user_id = ?"),
    ("team_memberships", "DELETE FROM team_members WHERE workspace_id = ? AND user_id = ?"),
    ("names", "DELETE FROM users WHERE workspace_id = ? AND user_id = ?"),
    ("reports", "DELETE FROM question_reports WHERE workspace_id = ? AND user_id = ?"),
)
FORGET_QUIET: tuple[str, ...] = (
    "DELETE FROM topic_progress WHERE workspace_id = ? AND user_id = ?",
    "DELETE FROM scores WHERE workspace_id = ? AND user_id = ?",
)
# Authorship: (anonymous, workspace, user).
FORGET_ANONYMISE: tuple[str, ...] = (
    "UPDATE quizzes SET created_by = ? WHERE workspace_id = ? AND created_by = ?",
    "UPDATE teams SET created_by = ? WHERE workspace_id = ? AND created_by = ?",
    "UPDATE daily_channels SET updated_by = ? WHERE workspace_id = ? AND updated_by = ?",
)
# The forgotten answers leave the per-question statistics before they are deleted.
FORGET_STATS_READ = (
    "SELECT q.question_id, COUNT(*), SUM(a.correct) FROM answers AS a"
    " JOIN quizzes AS q ON q.id = a.quiz_id WHERE a.workspace_id = ? AND a.user_id = ?"
    " GROUP BY q.question_id"
)
FORGET_STATS_UPDATE = (
    "UPDATE question_stats SET attempts = attempts - ?, right_count = right_count - ?"
    " WHERE workspace_id = ? AND question_id = ?"
)

CARD_UPSERT_SET = (
    " ON CONFLICT (workspace_id, user_id, question_id) DO UPDATE SET topic_id = excluded.topic_id,"
    " state = excluded.state, step = excluded.step, stability = excluded.stability,"
    " difficulty = excluded.difficulty, due_ms = excluded.due_ms,"
    " last_review_ms = excluded.last_review_ms, reviews = excluded.reviews,"
    " lapses = excluded.lapses, first_correct = excluded.first_correct,"
    " last_correct = excluded.last_correct"
)
PROGRESS_UPSERT_SET = (
    " ON CONFLICT (workspace_id, user_id, topic_id) DO UPDATE SET answers = excluded.answers,"
    " correct = excluded.correct, recent = excluded.recent,"
    " recent_count = excluded.recent_count, first_right = excluded.first_right,"
    " last_correct = excluded.last_correct, last_at_ms = excluded.last_at_ms"
)
STATS_UPSERT_SET = (
    " ON CONFLICT (workspace_id, question_id) DO UPDATE SET"
    " attempts = question_stats.attempts + excluded.attempts,"
    " right_count = question_stats.right_count + excluded.right_count"
)
