"""Topic mastery and weakness, from one small running summary per member and topic.

Keeping the summary (counts, the last 20 outcomes as bits, first-attempt rights) current
with each answer makes `/llm me` one short indexed read instead of a scan of a member's
history, and gives every mode (quiz, daily, practice) the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from storage.learning import TopicProgress

MASTERY_FIRST_RIGHT = 3
"""Distinct questions of a topic answered right at the first attempt, to master it."""
RECENT_WINDOW = 20
"""Weakness looks at this many latest answers on a topic."""
WEAK_MIN_ANSWERS = 2
"""A topic needs this many answers before it can be called weak."""
_RECENT_MASK = (1 << RECENT_WINDOW) - 1


def advance(
    previous: TopicProgress | None,
    *,
    topic_id: str,
    correct: bool,
    first_attempt: bool,
    at_ms: int,
) -> TopicProgress:
    """The summary after one more answer; `first_attempt` is the member's first on that question."""
    base = previous or TopicProgress(topic_id, 0, 0, 0, 0, 0, False, 0)
    return TopicProgress(
        topic_id=topic_id,
        answers=base.answers + 1,
        correct=base.correct + int(correct),
        recent=((base.recent << 1) | int(correct)) & _RECENT_MASK,
        recent_count=min(RECENT_WINDOW, base.recent_count + 1),
        first_right=base.first_right + int(correct and first_attempt),
        last_correct=correct,
        last_at_ms=max(base.last_at_ms, at_ms),
    )


def is_mastered(progress: TopicProgress) -> bool:
    return progress.first_right >= MASTERY_FIRST_RIGHT and progress.last_correct


def recent_accuracy(progress: TopicProgress) -> float | None:
    """Share right over the last (up to 20) answers, or None below the minimum count."""
    if progress.recent_count < WEAK_MIN_ANSWERS:
        return None
    return (progress.recent & _RECENT_MASK).bit_count() / progress.recent_count


def mastered_topics(progress: Iterable[TopicProgress]) -> list[str]:
    return sorted(p.topic_id for p in progress if is_mastered(p))


def weakest(progress: Iterable[TopicProgress], limit: int = 3) -> list[TopicProgress]:
    """Lowest recent accuracy first; among equals, the topic with more evidence, then by id.

    A topic whose recent answers were all right is not called weak, however few others.
    """
    rated = [(recent_accuracy(p), p) for p in progress]
    ranked = sorted(
        ((share, p) for share, p in rated if share is not None and share < 1),
        key=lambda pair: (pair[0], -pair[1].recent_count, pair[1].topic_id),
    )
    return [p for _, p in ranked[:limit]]
