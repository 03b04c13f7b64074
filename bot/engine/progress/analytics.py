"""Question analytics from classical test theory: how hard each question is in practice, whether
it separates members who know the material from those who don't, and which options work.

The store hands over sums per question (one pass over the answers); everything here is
arithmetic on them, so the rules are tested without a database.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from storage.learning import QuestionSums

TOO_EASY = 0.95
TOO_HARD = 0.20
FOOTER_MIN_ATTEMPTS = 30
"""Below this many answers a share right says more about chance than about the question."""
OBSERVED_EASY = 0.75
OBSERVED_HARD = 0.40


class Flag(enum.StrEnum):
    """Why a question is listed for review by `llmbot content stats`."""

    TOO_EASY = "too_easy"
    TOO_HARD = "too_hard"
    NEGATIVE_DISCRIMINATION = "negative_discrimination"
    UNPICKED_OPTIONS = "unpicked_options"


FLAG_TEXT: dict[Flag, str] = {
    Flag.TOO_EASY: f"answered right by more than {TOO_EASY:.0%}: too easy",
    Flag.TOO_HARD: f"answered right by under {TOO_HARD:.0%}: too hard, or the key is wrong",
    Flag.NEGATIVE_DISCRIMINATION: "the strongest members miss it more often: check the key",
    Flag.UNPICKED_OPTIONS: "options nobody picks: make them real mistakes or drop them",
}


@dataclass(frozen=True, slots=True)
class QuestionStats:
    question_id: str
    attempts: int
    right_share: float
    """The difficulty index: share of answers that were right (higher is easier)."""
    discrimination: float | None
    """Point-biserial correlation; None when it is undefined (no spread in x or y)."""
    option_shares: tuple[float, ...]
    flags: tuple[Flag, ...]
    unpicked: tuple[int, ...]
    """Content indexes of the options nobody chose."""


def point_biserial(
    n: int, sum_x: float, sum_xx: float, sum_y: float, sum_xy: float
) -> float | None:
    """Pearson's r between a 0/1 variable y and x, which for binary y is the point-biserial r."""
    if n < 2:
        return None
    cov = n * sum_xy - sum_x * sum_y
    var_x = n * sum_xx - sum_x * sum_x
    var_y = n * sum_y - sum_y * sum_y  # y² = y for 0/1 values
    if var_x <= 1e-12 or var_y <= 1e-12:
        return None
    return max(-1.0, min(1.0, cov / math.sqrt(var_x * var_y)))


def analyse(sums: QuestionSums) -> QuestionStats:
    attempts = sums.attempts
    share = sums.right / attempts if attempts else 0.0
    discrimination = point_biserial(sums.paired, sums.sum_x, sums.sum_xx, sums.sum_y, sums.sum_xy)
    unpicked = tuple(i for i, count in enumerate(sums.picks) if count == 0) if attempts else ()
    flags: list[Flag] = []
    if attempts:
        if share > TOO_EASY:
            flags.append(Flag.TOO_EASY)
        if share < TOO_HARD:
            flags.append(Flag.TOO_HARD)
        if discrimination is not None and discrimination < 0:
            flags.append(Flag.NEGATIVE_DISCRIMINATION)
        if unpicked:
            flags.append(Flag.UNPICKED_OPTIONS)
    return QuestionStats(
        question_id=sums.question_id,
        attempts=attempts,
        right_share=share,
        discrimination=discrimination,
        option_shares=tuple(c / attempts if attempts else 0.0 for c in sums.picks),
        flags=tuple(flags),
        unpicked=unpicked,
    )


def footer_share(attempts: int, right: int) -> str | None:
    """ "answered right by 34 % of players", once enough members have answered."""
    if attempts < FOOTER_MIN_ATTEMPTS:
        return None
    return f"answered right by {round(100 * right / attempts)} % of players"


def observed_difficulty(attempts: int, right: int) -> str | None:
    """easy, medium or hard as members found it; None until there are enough answers."""
    if attempts < FOOTER_MIN_ATTEMPTS:
        return None
    share = right / attempts
    if share >= OBSERVED_EASY:
        return "easy"
    if share <= OBSERVED_HARD:
        return "hard"
    return "medium"
