"""What `forget-me` says it deleted: each kind of record counted, in words."""

from __future__ import annotations

from storage.learning import ForgetSummary


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def describe(summary: ForgetSummary) -> str:
    """One sentence per kind of record; "nothing left" when a forget found nothing."""
    if not summary.anything:
        return "There is nothing left to forget: llmbot holds no data about you here."
    parts = [
        _count(summary.answers, "quiz answer", "quiz answers"),
        _count(summary.practice_answers, "practice answer", "practice answers"),
        _count(summary.cards, "practice card", "practice cards"),
        _count(summary.streaks, "streak", "streaks"),
        _count(summary.team_memberships, "team membership", "team memberships"),
        _count(summary.names, "stored name", "stored names"),
        _count(summary.reports, "question report", "question reports"),
    ]
    text = "Deleted " + ", ".join(parts) + "."
    if summary.anonymised:
        text += (
            f" {_count(summary.anonymised, 'record', 'records')} that named you as an author"
            " (quizzes started, teams created, daily settings changed) now name no one."
        )
    return text + " You no longer appear on any leaderboard."
