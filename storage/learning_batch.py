"""A writer batch's effect on cards, topic summaries and question statistics, shared by both
backends: read the previous rows once, fold every answer in order, write each row once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storage.learning import CardKey, CardState, LearningRules, TopicProgress

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


@dataclass(frozen=True, slots=True)
class Review:
    """One answer that moves a card: a quiz or daily answer, or a practice answer."""

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
