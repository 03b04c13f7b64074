"""Spaced repetition: each (member, question) pair is an fsrs card, rescheduled on every answer.

fsrs reads the wall clock, sleeps a millisecond to make card ids unique and fuzzes
intervals with the global random generator when left to its defaults. llmbot passes the
card id, the due time and the review time itself and turns fuzzing off, so a review is a
pure function of the card and the moment: the same in tests, in every process and on
replay.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Rating, Scheduler, State

from bot.engine.clock import from_ms, to_ms

LEARNING = int(State.Learning)
REVIEW = int(State.Review)
RELEARNING = int(State.Relearning)


@dataclass(frozen=True, slots=True)
class CardState:
    """Where one member stands with one question.

    The fsrs fields (`state`, `step`, `stability`, `difficulty`, `due_ms`,
    `last_review_ms`) are what fsrs needs to schedule the next review; `reviews` and
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


def card_number(workspace_id: str, user_id: str, question_id: str) -> int:
    """A stable 63-bit card id, so fsrs never invents one from the wall clock."""
    digest = hashlib.blake2b(
        f"{workspace_id}\x1f{user_id}\x1f{question_id}".encode(), digest_size=8
    ).digest()
    return int.from_bytes(digest, "big") >> 1


class Spacing:
    """fsrs with its default parameters and learning steps, fuzzing off.

    A right answer rates Good and a wrong one Again: llmbot knows only right or wrong,
    and asking members to grade their own recall would slow every answer down.
    """

    def __init__(self) -> None:
        self._scheduler = Scheduler(enable_fuzzing=False)

    def review(
        self, previous: CardState | None, *, card_id: int, correct: bool, at: datetime
    ) -> CardState:
        """The card after one answer at `at` (timezone-aware); a first answer starts a new card."""
        moment = from_ms(to_ms(at))
        if previous is None:
            card = Card(card_id=card_id, due=moment)
        else:
            card = Card(
                card_id=card_id,
                state=State(previous.state),
                step=previous.step,
                stability=previous.stability,
                difficulty=previous.difficulty,
                due=from_ms(previous.due_ms),
                last_review=from_ms(previous.last_review_ms),
            )
        rating = Rating.Good if correct else Rating.Again
        after, _ = self._scheduler.review_card(card, rating, review_datetime=moment)
        lapsed = not correct and previous is not None and previous.state == REVIEW
        return CardState(
            state=int(after.state),
            step=after.step,
            stability=after.stability,
            difficulty=after.difficulty,
            due_ms=to_ms(after.due),
            last_review_ms=to_ms(moment),
            reviews=(previous.reviews if previous else 0) + 1,
            lapses=(previous.lapses if previous else 0) + int(lapsed),
            first_correct=previous.first_correct if previous else correct,
            last_correct=correct,
        )
