"""`llmbot content check`: validation, quiz balance and review dates, in one report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.knowledge.balance import (
    BOUNDS,
    MAX_MISCONCEPTION_REPEAT,
    MIN_FIRST_TOPIC_HARD,
    MIN_FIRST_TOPIC_QUESTIONS,
    Balance,
    first_topic_counts,
    misconception_counts,
)
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.errors import ContentError, ContentInvalid
from bot.knowledge.loader import MISCONCEPTIONS_FILE, load_knowledge
from bot.knowledge.quality import near_duplicate_stems

# A topic whose facts nobody has checked for longer than this is flagged for review.
REVIEW_MAX_AGE_MONTHS = 12

# A check that features built from the content bring (the labs' word model): it returns
# errors, which fail the check, and warnings. Passed in, so knowledge depends on no feature.
ContentCheck = Callable[[KnowledgeBase], tuple[list[str], list[str]]]


@dataclass(frozen=True)
class CheckReport:
    """Counts, balance measures, errors (which fail the check) and warnings (which don't)."""

    topics: int = 0
    questions: int = 0
    figures: int = 0
    retired: int = 0
    balance: Balance | None = None
    near_duplicate_stems: int | None = None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def measures(self) -> dict[str, float | int | None]:
        balance = self.balance
        return {
            "hard_share": _rounded(balance.hard_share) if balance else None,
            "longest_correct_share": _rounded(balance.longest_correct_share) if balance else None,
            "right_length_ratio": _rounded(balance.right_length_ratio) if balance else None,
            "true_share": _rounded(balance.true_share) if balance else None,
            "absolute_cue": _rounded(balance.absolute_cue) if balance else None,
            "misconception_questions": balance.misconception_questions if balance else None,
            "misconception_max_repeat": balance.misconception_max_repeat if balance else None,
            "near_duplicate_stems": self.near_duplicate_stems,
        }

    def to_json(self) -> dict[str, object]:
        return {
            "topics": self.topics,
            "questions": self.questions,
            "figures": self.figures,
            "retired": self.retired,
            **self.measures(),
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }

    def lines(self) -> list[str]:
        """The report as text: counts, each measure beside its bound, warnings, errors."""
        lines = [
            f"{self.topics} topics, {self.questions} questions ({self.retired} retired), "
            f"{self.figures} figures"
        ]
        measures = {"questions": self.questions, **self.measures()}
        if self.balance is not None:
            for bound in BOUNDS:
                value = measures[bound.key]
                verdict = "ok" if bound.breach(value) is None else "OUT OF BOUNDS"
                lines.append(f"  {bound.key:26} {value!s:>7}  ({bound.describe()}) {verdict}")
        lines += [f"warning: {warning}" for warning in self.warnings]
        lines += list(self.errors)
        lines.append("ok" if self.ok else f"{len(self.errors)} error(s)")
        return lines


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def check_content(
    root: Path | None = None,
    today: date | None = None,
    extra: Sequence[ContentCheck] = (),
) -> CheckReport:
    """Load and validate `root` (default: the shipped content), then measure the bank and
    run the `extra` checks."""
    try:
        kb = load_knowledge(root)
    except ContentInvalid as invalid:
        return CheckReport(errors=tuple(str(e) for e in invalid.errors))
    active = list(kb.questions.values())
    balance = Balance.of(active)
    duplicates = near_duplicate_stems(kb)
    errors = [
        str(error)
        for error in (*duplicates, *bank_errors(balance), *coverage_errors(kb), *repeat_errors(kb))
    ]
    today = today or date.today()
    warnings = [str(w) for w in (*review_warnings(kb, today), *unused_misconceptions(kb))]
    for check in extra:
        more_errors, more_warnings = check(kb)
        errors += more_errors
        warnings += more_warnings
    return CheckReport(
        topics=len(kb.topics),
        questions=len(active),
        figures=kb.figure_count,
        retired=len(kb.retired_questions),
        balance=balance,
        near_duplicate_stems=len(duplicates),
        errors=tuple(errors),
        warnings=tuple(warnings),
    )


def bank_errors(balance: Balance) -> list[ContentError]:
    """One error per bank-wide measure out of its bound.

    Near-duplicate stems and over-used misconceptions are reported one by one instead,
    where they can be acted on.
    """
    values = {
        "questions": balance.questions,
        "hard_share": balance.hard_share,
        "longest_correct_share": balance.longest_correct_share,
        "right_length_ratio": balance.right_length_ratio,
        "true_share": balance.true_share,
        "absolute_cue": balance.absolute_cue,
        "misconception_questions": balance.misconception_questions,
    }
    errors = []
    for bound in BOUNDS:
        if bound.key in values:
            breach = bound.breach(values[bound.key])
            if breach is not None:
                errors.append(ContentError("questions", 0, breach))
    return errors


def coverage_errors(kb: KnowledgeBase) -> list[ContentError]:
    """Topics that too few questions, or no hard one, name as their first topic."""
    counts = first_topic_counts(kb.questions.values())
    errors = []
    for topic_id in kb.topics:
        total, hard = counts.get(topic_id, (0, 0))
        if total < MIN_FIRST_TOPIC_QUESTIONS or hard < MIN_FIRST_TOPIC_HARD:
            file, line = kb.locations.get(topic_id, ("topics", 0))
            errors.append(
                ContentError(
                    file,
                    line,
                    f"{topic_id}: first topic of {total} question(s), {hard} hard "
                    f"(needs {MIN_FIRST_TOPIC_QUESTIONS}, {MIN_FIRST_TOPIC_HARD} hard)",
                )
            )
    return errors


def repeat_errors(kb: KnowledgeBase) -> list[ContentError]:
    """Misconceptions asked by more than MAX_MISCONCEPTION_REPEAT active questions."""
    errors = []
    for misconception_id, count in sorted(misconception_counts(kb.questions.values()).items()):
        if count > MAX_MISCONCEPTION_REPEAT:
            asked = [q.id for q in kb.questions.values() if q.misconception == misconception_id]
            errors.append(
                ContentError(
                    MISCONCEPTIONS_FILE,
                    0,
                    f"{misconception_id}: targeted by {count} questions, at most "
                    f"{MAX_MISCONCEPTION_REPEAT}: {', '.join(asked)}",
                )
            )
    return errors


def months_since(reviewed: str, today: date) -> int:
    year, month = (int(part) for part in reviewed.split("-"))
    return (today.year - year) * 12 + today.month - month


def review_warnings(kb: KnowledgeBase, today: date) -> list[ContentError]:
    """Topics last reviewed more than REVIEW_MAX_AGE_MONTHS before `today`, or after it."""
    warnings = []
    for topic in kb.topics.values():
        age = months_since(topic.reviewed, today)
        file, line = kb.locations.get(topic.id, ("topics", 0))
        if age > REVIEW_MAX_AGE_MONTHS:
            warnings.append(
                ContentError(
                    file,
                    line,
                    f"{topic.id}: reviewed {topic.reviewed}, more than "
                    f"{REVIEW_MAX_AGE_MONTHS} months before {today.isoformat()}; "
                    "check its dated facts and update `reviewed`",
                )
            )
        elif age < 0:
            warnings.append(
                ContentError(
                    file,
                    line,
                    f"{topic.id}: reviewed {topic.reviewed} is after {today.isoformat()}",
                )
            )
    return warnings


def unused_misconceptions(kb: KnowledgeBase) -> list[ContentError]:
    asked = misconception_counts(kb.questions.values())
    return [
        ContentError(MISCONCEPTIONS_FILE, 0, f"{m}: registered, but no question targets it")
        for m in kb.misconceptions
        if m not in asked
    ]
