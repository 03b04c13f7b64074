"""Question analytics: difficulty index, point-biserial discrimination, option shares, flags."""

from __future__ import annotations

import random

import pytest

from bot.engine.progress.analytics import (
    Flag,
    analyse,
    footer_share,
    observed_difficulty,
    point_biserial,
)
from storage.learning import QuestionSums


def sums_from(question: str, answers: list[tuple[float, bool, int]], options: int) -> QuestionSums:
    """(accuracy on other questions, right, chosen option) per answer."""
    picks = [0] * options
    for _, _, choice in answers:
        picks[choice] += 1
    return QuestionSums(
        question_id=question,
        attempts=len(answers),
        right=sum(r for _, r, _ in answers),
        picks=tuple(picks),
        paired=len(answers),
        sum_x=sum(x for x, _, _ in answers),
        sum_xx=sum(x * x for x, _, _ in answers),
        sum_y=sum(r for _, r, _ in answers),
        sum_xy=sum(x * r for x, r, _ in answers),
    )


def test_point_biserial_matches_the_textbook_formula() -> None:
    rng = random.Random(4)
    xs = [rng.random() for _ in range(200)]
    ys = [rng.random() < x for x in xs]
    right = [x for x, y in zip(xs, ys, strict=True) if y]
    wrong = [x for x, y in zip(xs, ys, strict=True) if not y]
    n = len(xs)
    mean = sum(xs) / n
    sd = (sum((x - mean) ** 2 for x in xs) / n) ** 0.5
    p = len(right) / n
    expected = (sum(right) / len(right) - sum(wrong) / len(wrong)) / sd * (p * (1 - p)) ** 0.5
    got = point_biserial(
        n,
        sum(xs),
        sum(x * x for x in xs),
        float(sum(ys)),
        sum(x for x, y in zip(xs, ys, strict=True) if y),
    )
    assert got == pytest.approx(expected)
    assert got is not None and got > 0.3


def test_a_mis_keyed_question_discriminates_negatively_and_is_flagged() -> None:
    # The strong members (high accuracy elsewhere) pick the real answer, option 1,
    # which the key calls wrong; the weak ones pick the keyed option 0.
    answers = [(0.9, False, 1)] * 20 + [(0.3, True, 0)] * 12 + [(0.5, False, 2)] * 3
    stats = analyse(sums_from("q", answers, 4))
    assert stats.discrimination is not None and stats.discrimination < 0
    assert Flag.NEGATIVE_DISCRIMINATION in stats.flags
    assert Flag.UNPICKED_OPTIONS in stats.flags and stats.unpicked == (3,)
    assert stats.right_share == pytest.approx(12 / 35)
    assert stats.option_shares[1] == pytest.approx(20 / 35)


def test_too_easy_and_too_hard_thresholds() -> None:
    easy = analyse(QuestionSums("q", 100, 96, (96, 2, 2)))
    assert easy.flags == (Flag.TOO_EASY,)
    borderline = analyse(QuestionSums("q", 100, 95, (95, 3, 2)))
    assert borderline.flags == ()
    hard = analyse(QuestionSums("q", 100, 19, (19, 40, 41)))
    assert hard.flags == (Flag.TOO_HARD,)


def test_discrimination_is_undefined_without_spread() -> None:
    assert (
        analyse(QuestionSums("q", 10, 10, (10, 0), 10, 5.0, 2.5, 10.0, 5.0)).discrimination is None
    )


def test_the_footer_appears_from_thirty_answers() -> None:
    assert footer_share(29, 10) is None
    assert footer_share(50, 17) == "answered right by 34 % of players"


def test_observed_difficulty_bands() -> None:
    assert observed_difficulty(29, 29) is None
    assert observed_difficulty(40, 30) == "easy"
    assert observed_difficulty(40, 16) == "hard"
    assert observed_difficulty(40, 20) == "medium"
