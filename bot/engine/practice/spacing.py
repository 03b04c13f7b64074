"""Spaced repetition: each (member, question) pair is an fsrs card, rescheduled on every answer.

fsrs reads the wall clock, sleeps a millisecond to make card ids unique and fuzzes
intervals with the global random generator when left to its defaults. llmbot passes the
card id, the due time and the review time itself and turns fuzzing off, so a review is a
pure function of the card and the moment: the same in tests, in every process and on
replay.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING

from bot.engine.clock import from_ms, to_ms
from bot.engine.practice.mastery import advance
from storage.learning import CardKey, CardState, TopicProgress

if TYPE_CHECKING:
    from fsrs import Scheduler

# fsrs's `State` values, kept here so that starting llmbot does not import fsrs: it is
# loaded with the first answer that moves a card.
LEARNING = 1
REVIEW = 2


def card_number(key: CardKey) -> int:
    """A stable 63-bit card id, so fsrs never invents one from the wall clock."""
    digest = hashlib.blake2b(
        f"{key.workspace_id}\x1f{key.user_id}\x1f{key.question_id}".encode(), digest_size=8
    ).digest()
    return int.from_bytes(digest, "big") >> 1


class Spacing:
    """fsrs with its default parameters and learning steps, fuzzing off.

    A right answer rates Good and a wrong one Again: llmbot knows only right or wrong,
    and asking members to grade their own recall would slow every answer down.
    """

    def __init__(self) -> None:
        self._scheduler: Scheduler | None = None
        # A card's first review depends on the rating alone (fsrs's initial stability and
        # difficulty, then its first learning step), never on the time: computed once per
        # rating, it spares fsrs the thousands of first answers of a daily burst.
        self._first: dict[bool, CardState] = {}

    def review(
        self, previous: CardState | None, *, card_id: int, correct: bool, at: datetime
    ) -> CardState:
        """The card after one answer at `at` (timezone-aware); a first answer starts a new card."""
        if previous is None:
            return self.first_review(correct, to_ms(at))
        return self._review(previous, card_id, correct, at)

    def first_review(self, correct: bool, at_ms: int) -> CardState:
        """A new card's first review, from the template fsrs computed for this rating (kept
        as if reviewed at time 0, so its `due_ms` is the interval)."""
        first = self._first.get(correct)
        if first is None:
            first = self._first[correct] = self._review(None, 0, correct, from_ms(0))
        return CardState(
            first.state,
            first.step,
            first.stability,
            first.difficulty,
            at_ms + first.due_ms,
            at_ms,
            1,
            0,
            correct,
            correct,
        )

    def _review(
        self, previous: CardState | None, card_id: int, correct: bool, at: datetime
    ) -> CardState:
        from fsrs import Card, Rating, Scheduler, State

        if self._scheduler is None:
            self._scheduler = Scheduler(enable_fuzzing=False)
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


class Ledger:
    """The learning rules the store applies in its answer writer: fsrs for cards, the
    running summary for topics (see `mastery`)."""

    def __init__(self) -> None:
        self._spacing = Spacing()

    def review(
        self, previous: CardState | None, key: CardKey, correct: bool, at_ms: int
    ) -> CardState:
        if previous is None:
            return self._spacing.first_review(correct, at_ms)
        return self._spacing.review(
            previous, card_id=card_number(key), correct=correct, at=from_ms(at_ms)
        )

    def advance(
        self,
        previous: TopicProgress | None,
        *,
        topic_id: str,
        correct: bool,
        first_attempt: bool,
        at_ms: int,
    ) -> TopicProgress:
        return advance(
            previous, topic_id=topic_id, correct=correct, first_attempt=first_attempt, at_ms=at_ms
        )
