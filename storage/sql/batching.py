"""Turning a batch of answers into outcomes and one score change per member and period."""

from __future__ import annotations

from collections.abc import Sequence

from storage.records import AnswerOutcome, AnswerRecord


class ScoreDeltas:
    """Sums a batch's answers per (workspace, period, user) so each gets one upsert."""

    def __init__(self) -> None:
        self.scores: dict[tuple[str, str, str], list[int]] = {}
        self.names: dict[tuple[str, str], str] = {}

    def add(self, answer: AnswerRecord) -> None:
        ws, user, points, right = (
            answer.workspace_id,
            answer.user_id,
            answer.points,
            int(answer.correct),
        )
        self.names[(ws, user)] = answer.display_name
        scores = self.scores
        for period in answer.periods:
            key = (ws, period, user)
            totals = scores.get(key)
            if totals is None:
                # Nearly every key is new in its batch: one list, no setdefault default.
                scores[key] = [points, 1, right]
            else:
                totals[0] += points
                totals[1] += 1
                totals[2] += right

    def score_rows(self) -> list[tuple[str, str, str, int, int, int]]:
        return [
            (ws, period, user, totals[0], totals[1], totals[2])
            for (ws, period, user), totals in self.scores.items()
        ]

    def user_rows(self) -> list[tuple[str, str, str]]:
        return [(ws, user, name) for (ws, user), name in self.names.items()]


AnswerRow = tuple[str, str, str, int, int, int, int]


def answer_row(answer: AnswerRecord) -> AnswerRow:
    """An answer as the columns of the answers table, in their order in every INSERT."""
    return (
        answer.quiz_id,
        answer.workspace_id,
        answer.user_id,
        answer.choice,
        int(answer.correct),
        answer.points,
        answer.answered_at_ms,
    )


def first_wins(
    batch: Sequence[AnswerRecord], inserted: set[tuple[str, str]] | None
) -> tuple[list[AnswerOutcome], ScoreDeltas]:
    """Give RECORDED to the first answer of each inserted (quiz, user) pair, in batch order.

    `inserted` None means every answer's row went in (the usual burst: all distinct)."""
    deltas = ScoreDeltas()
    add = deltas.add
    if inserted is None:
        for answer in batch:
            add(answer)
        return [AnswerOutcome.RECORDED] * len(batch), deltas
    outcomes: list[AnswerOutcome] = []
    won: set[tuple[str, str]] = set()
    for answer in batch:
        key = (answer.quiz_id, answer.user_id)
        if key in inserted and key not in won:
            won.add(key)
            add(answer)
            outcomes.append(AnswerOutcome.RECORDED)
        else:
            outcomes.append(AnswerOutcome.ALREADY_ANSWERED)
    return outcomes, deltas
