"""The questions to review, and members' reports of a problem with a question.

Broken questions are what members of quiz bots complain about most; a report from a member
is direct evidence, so reported questions come before anything the statistics suggest.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.engine.progress.analytics import QuestionStats


class Reason(enum.StrEnum):
    """What a member can say is wrong with a question."""

    WRONG_KEY = "wrong_key"
    UNCLEAR = "unclear"
    OUTDATED = "outdated"
    TYPO = "typo"


REASON_LABELS: dict[Reason, str] = {
    Reason.WRONG_KEY: "The key is wrong",
    Reason.UNCLEAR: "Unclear",
    Reason.OUTDATED: "Outdated",
    Reason.TYPO: "Typo",
}

NOTE_LIMIT = 200
"""A report's optional line, in characters: a pointer for the editor, not an essay."""


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """Members' reports on one question: how many per reason, and their notes."""

    question_id: str
    reasons: Mapping[Reason, int]
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.reasons.values())


@dataclass(frozen=True, slots=True)
class ReviewItem:
    question_id: str
    stats: QuestionStats | None
    report: ReportSummary | None


def to_review(
    stats: Iterable[QuestionStats],
    reports: Iterable[ReportSummary],
    *,
    min_attempts: int,
) -> list[ReviewItem]:
    """Reported questions first (most reports first), then those the statistics flag.

    Flags count only with at least `min_attempts` answers: a question answered three times
    is "too easy" by chance. Among flagged ones, the most answered come first, since a
    fix there helps the most members.
    """
    by_question = {s.question_id: s for s in stats}
    reported = sorted(reports, key=lambda r: (-r.total, r.question_id))
    items = [ReviewItem(r.question_id, by_question.get(r.question_id), r) for r in reported]
    seen = {r.question_id for r in reported}
    flagged = sorted(
        (
            s
            for s in by_question.values()
            if s.question_id not in seen and s.flags and s.attempts >= min_attempts
        ),
        key=lambda s: (-s.attempts, s.question_id),
    )
    items.extend(ReviewItem(s.question_id, s, None) for s in flagged)
    return items
