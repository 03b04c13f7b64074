"""Whether the quiz measures understanding: balance measures of the active question bank.

Each measure catches a way to guess right without knowing the answer: picking the
longest option, answering "False", or avoiding options with absolute words. The bounds
are what `llmbot content check` enforces (llmbot issue 11).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean

from bot.knowledge.models import Question

ABSOLUTE_WORDS = (
    "always",
    "never",
    "only",
    "all",
    "completely",
    "none",
    "every",
    "entirely",
    "guaranteed",
)
_ABSOLUTE = re.compile(r"\b(?:" + "|".join(ABSOLUTE_WORDS) + r")\b", re.IGNORECASE)

MIN_QUESTIONS = 480
MIN_FIRST_TOPIC_QUESTIONS = 6
MIN_FIRST_TOPIC_HARD = 1
MIN_MISCONCEPTION_QUESTIONS = 40
MAX_MISCONCEPTION_REPEAT = 3


def has_absolute_word(text: str) -> bool:
    return _ABSOLUTE.search(text) is not None


def _choice(questions: Iterable[Question]) -> list[Question]:
    return [q for q in questions if q.type == "choice"]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def hard_share(questions: Sequence[Question]) -> float | None:
    return _share(sum(q.difficulty == "hard" for q in questions), len(questions))


def keyed_to_longest(question: Question) -> bool:
    """The right option is strictly longer, in characters, than every other option."""
    right = len(question.options[question.answer_index].text)
    others = [len(o.text) for i, o in enumerate(question.options) if i != question.answer_index]
    return right > max(others)


def longest_correct_share(questions: Iterable[Question]) -> float | None:
    """Among choice questions, the share whose right option is the longest one."""
    choice = _choice(questions)
    return _share(sum(keyed_to_longest(q) for q in choice), len(choice))


def right_length_ratio(questions: Iterable[Question]) -> float | None:
    """Mean over choice questions of the right option's length / the others' mean length."""
    ratios = []
    for question in _choice(questions):
        right = len(question.options[question.answer_index].text)
        others = [len(o.text) for i, o in enumerate(question.options) if i != question.answer_index]
        ratios.append(right / fmean(others))
    return fmean(ratios) if ratios else None


def true_share(questions: Iterable[Question]) -> float | None:
    """Among true/false questions, the share keyed True."""
    keys = [q.answer_index == 0 for q in questions if q.type == "truefalse"]
    return _share(sum(keys), len(keys))


def absolute_cue(questions: Iterable[Question]) -> float | None:
    """How much an absolute word tells a wrong answer from a right one.

    The share of wrong options and false statements carrying one of ABSOLUTE_WORDS, minus
    that share among right options and true statements. Positive: such words mark wrong
    answers; negative: they mark right ones; near zero: they give nothing away.
    """
    wrong: list[bool] = []
    right: list[bool] = []
    for question in questions:
        if question.type == "truefalse":
            (right if question.answer_index == 0 else wrong).append(
                has_absolute_word(question.stem)
            )
            continue
        for index, option in enumerate(question.options):
            (right if index == question.answer_index else wrong).append(
                has_absolute_word(option.text)
            )
    if not wrong or not right:
        return None
    return sum(wrong) / len(wrong) - sum(right) / len(right)


def misconception_counts(questions: Iterable[Question]) -> Counter[str]:
    return Counter(q.misconception for q in questions if q.misconception)


def first_topic_counts(questions: Iterable[Question]) -> dict[str, tuple[int, int]]:
    """For each topic, how many questions name it first, and how many of those are hard."""
    counts: dict[str, tuple[int, int]] = {}
    for question in questions:
        total, hard = counts.get(question.topics[0], (0, 0))
        counts[question.topics[0]] = (total + 1, hard + (question.difficulty == "hard"))
    return counts


@dataclass(frozen=True, slots=True)
class Bound:
    """An inclusive range a bank-wide measure must stay within."""

    key: str
    low: float | None = None
    high: float | None = None

    def breach(self, value: float | None) -> str | None:
        """Why `value` is out of bounds, or None when it is within them (or not measured)."""
        if value is None:
            return None
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        if self.low is not None and value < self.low:
            return f"{self.key} {shown} is below the minimum {self.low:g}"
        if self.high is not None and value > self.high:
            return f"{self.key} {shown} is above the maximum {self.high:g}"
        return None

    def describe(self) -> str:
        if self.low is not None and self.high is not None:
            return f"{self.low:g}..{self.high:g}"
        return f">= {self.low:g}" if self.low is not None else f"<= {self.high:g}"


BOUNDS = (
    Bound("questions", low=MIN_QUESTIONS),
    Bound("hard_share", low=0.25),
    Bound("longest_correct_share", high=0.30),
    Bound("right_length_ratio", low=0.90, high=1.15),
    Bound("true_share", low=0.40, high=0.60),
    Bound("absolute_cue", low=-0.05, high=0.05),
    Bound("misconception_questions", low=MIN_MISCONCEPTION_QUESTIONS),
    Bound("misconception_max_repeat", high=MAX_MISCONCEPTION_REPEAT),
    Bound("near_duplicate_stems", high=0),
)


@dataclass(frozen=True, slots=True)
class Balance:
    """Every bank-wide measure, keyed as in `content check --json`."""

    questions: int
    hard_share: float | None
    longest_correct_share: float | None
    right_length_ratio: float | None
    true_share: float | None
    absolute_cue: float | None
    misconception_questions: int
    misconception_max_repeat: int

    @classmethod
    def of(cls, questions: Sequence[Question]) -> Balance:
        repeats = misconception_counts(questions)
        return cls(
            questions=len(questions),
            hard_share=hard_share(questions),
            longest_correct_share=longest_correct_share(questions),
            right_length_ratio=right_length_ratio(questions),
            true_share=true_share(questions),
            absolute_cue=absolute_cue(questions),
            misconception_questions=sum(repeats.values()),
            misconception_max_repeat=max(repeats.values(), default=0),
        )
