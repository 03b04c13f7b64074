"""Checks of content quality that are too slow or too strict for every start."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.errors import ContentError

NEAR_DUPLICATE_SCORE = 90


def near_duplicate_stems(kb: KnowledgeBase) -> list[ContentError]:
    """Pairs of question stems so alike (token_set_ratio >= 90) that one adds nothing."""
    ids = list(kb.questions)
    stems = [kb.questions[question_id].stem.lower() for question_id in ids]
    matrix = process.cdist(
        stems, stems, scorer=fuzz.token_set_ratio, score_cutoff=NEAR_DUPLICATE_SCORE
    )
    errors = []
    for i, row in enumerate(matrix):
        for j in range(i + 1, len(ids)):
            if row[j] >= NEAR_DUPLICATE_SCORE:
                file, line = kb.locations.get(ids[j], ("questions", 1))
                errors.append(
                    ContentError(
                        file,
                        line,
                        f"{ids[j]}: stem is a near-duplicate of {ids[i]} (similarity {row[j]:.0f})",
                    )
                )
    return errors
