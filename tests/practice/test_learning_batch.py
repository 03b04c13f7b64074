"""A writer batch folds its answers in order: a card answered twice in one batch sees both."""

from __future__ import annotations

from bot.engine.practice.spacing import Ledger
from storage.learning import CardKey
from storage.sql.cards import (
    Review,
    card_from_row,
    card_row,
    fold,
    progress_from_row,
    progress_row,
)

KEY = CardKey("console:w", "ann", "q1")
OTHER = CardKey("console:w", "ann", "q2")


def test_two_answers_on_one_card_in_one_batch_build_on_each_other() -> None:
    changes = fold(
        [Review(KEY, "t", False, 1_000), Review(KEY, "t", True, 70_000)], {}, {}, Ledger()
    )
    assert len(changes.cards) == 1 and len(changes.after) == 2
    topic, card = changes.cards[KEY]
    assert topic == "t" and card.reviews == 2 and not card.first_correct and card.last_correct
    progress = changes.progress[("console:w", "ann", "t")]
    assert progress.answers == 2 and progress.first_right == 0 and progress.last_correct


def test_a_stored_card_makes_the_answer_a_retry_for_mastery() -> None:
    first = fold([Review(KEY, "t", True, 1_000)], {}, {}, Ledger())
    stored = {KEY: first.cards[KEY][1]}
    again = fold(
        [Review(KEY, "t", True, 900_000), Review(OTHER, "t", True, 900_000)],
        stored,
        first.progress,
        Ledger(),
    )
    progress = again.progress[("console:w", "ann", "t")]
    assert progress.first_right == 2 and progress.answers == 3


def test_rows_round_trip() -> None:
    changes = fold([Review(KEY, "t", True, 1_000)], {}, {}, Ledger())
    [row] = changes.card_rows()
    assert card_from_row(row) == (KEY, changes.cards[KEY][1])
    assert row == card_row(KEY, "t", changes.cards[KEY][1])
    [prow] = changes.progress_rows()
    key, progress = progress_from_row(prow)
    assert progress_row(key, progress) == prow
