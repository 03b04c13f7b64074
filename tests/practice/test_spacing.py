"""The fsrs wrapper: driven by the given moment only, deterministic, right = Good, wrong = Again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.engine.clock import from_ms
from bot.engine.practice.spacing import LEARNING, REVIEW, Spacing, card_number
from bot.engine.practice.wording import comes_back, iso_utc, span_words
from storage.learning import CardKey, CardState

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_a_right_first_answer_comes_back_after_the_ten_minute_learning_step() -> None:
    card = Spacing().review(None, card_id=1, correct=True, at=T0)
    assert card.state == LEARNING
    assert from_ms(card.due_ms) - T0 == timedelta(minutes=10)
    assert comes_back(T0, from_ms(card.due_ms)) == "This question comes back in 10 minutes."
    assert card.first_correct and card.last_correct and card.reviews == 1


def test_a_wrong_first_answer_comes_back_after_one_minute() -> None:
    card = Spacing().review(None, card_id=1, correct=False, at=T0)
    assert from_ms(card.due_ms) - T0 == timedelta(minutes=1)
    assert not card.first_correct and not card.last_correct


def test_after_the_learning_steps_a_right_answer_moves_the_card_out_by_days() -> None:
    spacing = Spacing()
    card = spacing.review(None, card_id=7, correct=True, at=T0)
    later = from_ms(card.due_ms)
    card = spacing.review(card, card_id=7, correct=True, at=later)
    assert card.state == REVIEW
    assert from_ms(card.due_ms) - later >= timedelta(days=1)


def test_a_miss_in_review_relearns_in_minutes_and_counts_a_lapse() -> None:
    spacing = Spacing()
    card = spacing.review(None, card_id=7, correct=True, at=T0)
    card = spacing.review(card, card_id=7, correct=True, at=from_ms(card.due_ms))
    due = from_ms(card.due_ms)
    missed = spacing.review(card, card_id=7, correct=False, at=due)
    assert from_ms(missed.due_ms) - due == timedelta(minutes=10)
    assert missed.lapses == 1 and missed.first_correct and not missed.last_correct


def test_reviews_are_deterministic_without_fuzzing() -> None:
    def run() -> CardState:
        spacing, card, at = Spacing(), None, T0
        for correct in (True, True, True, False, True, True):
            card = spacing.review(card, card_id=3, correct=correct, at=at)
            at = from_ms(card.due_ms) + timedelta(hours=1)
        assert card is not None
        return card

    assert run() == run()


def test_card_numbers_are_stable_and_distinct() -> None:
    one, two = CardKey("w", "u", "q1"), CardKey("w", "u", "q2")
    assert card_number(one) == card_number(CardKey("w", "u", "q1"))
    assert card_number(one) != card_number(two)
    assert 0 <= card_number(one) < 2**63


def test_spans_read_in_the_largest_fitting_unit() -> None:
    assert span_words(timedelta(seconds=20)) == "1 minute"
    assert span_words(timedelta(minutes=10)) == "10 minutes"
    assert span_words(timedelta(hours=5)) == "5 hours"
    assert span_words(timedelta(days=3)) == "3 days"
    assert span_words(timedelta(days=1)) == "1 day"
    assert span_words(timedelta(days=120)) == "4 months"


def test_next_review_is_iso_8601_utc() -> None:
    assert iso_utc(T0 + timedelta(minutes=10, microseconds=5)) == "2026-12-07T09:10:00Z"


def test_the_state_numbers_are_fsrs_own() -> None:
    from fsrs import State

    assert (int(State.Learning), int(State.Review)) == (LEARNING, REVIEW)


def test_first_reviews_match_fsrs_at_any_moment() -> None:
    from fsrs import Card, Rating, Scheduler

    spacing = Spacing()
    for correct in (True, False, True):
        for moment in (T0, T0 + timedelta(days=400, seconds=7)):
            mine = spacing.review(None, card_id=9, correct=correct, at=moment)
            card, _ = Scheduler(enable_fuzzing=False).review_card(
                Card(card_id=9, due=moment),
                Rating.Good if correct else Rating.Again,
                review_datetime=moment,
            )
            assert from_ms(mine.due_ms) == card.due and mine.stability == card.stability
            assert (mine.state, mine.step, mine.difficulty) == (
                int(card.state),
                card.step,
                card.difficulty,
            )
