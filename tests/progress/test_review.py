"""Which questions `content stats` lists, and in what order: reported ones first."""

from __future__ import annotations

from bot.engine.progress.analytics import analyse
from bot.engine.progress.review import Reason, ReportSummary, to_review
from storage.learning import QuestionSums


def test_reported_questions_come_first_then_flagged_ones_above_the_minimum() -> None:
    stats = [
        analyse(QuestionSums("easy-many", 500, 499, (499, 1, 0))),
        analyse(QuestionSums("easy-few", 5, 5, (5, 0, 0))),
        analyse(QuestionSums("fine", 100, 60, (60, 20, 20))),
        analyse(QuestionSums("hard", 50, 5, (5, 25, 20))),
    ]
    reports = [
        ReportSummary("fine", {Reason.TYPO: 1}),
        ReportSummary("unanswered", {Reason.WRONG_KEY: 2, Reason.UNCLEAR: 1}, ("B is right",)),
    ]
    items = to_review(stats, reports, min_attempts=20)
    assert [i.question_id for i in items] == ["unanswered", "fine", "easy-many", "hard"]
    assert items[0].stats is None and items[0].report is not None and items[0].report.total == 3
