"""The typed facts of practice and mastery replies.

Field names and order are the JSON keys of `llmbot ask --json`, like `engine/payloads.py`
(which lists these in its `Payload` union).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.payloads import Choice


@dataclass(frozen=True, slots=True, kw_only=True)
class WeakTopicFacts:
    topic_id: str
    accuracy: float
    answers: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Mastery:
    """Topics mastered of those that can be, and the three weakest (in `/llm me`)."""

    mastered: int
    masterable_topics: int
    mastered_topics: tuple[str, ...]
    weakest_topics: tuple[WeakTopicFacts, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PracticeCard:
    """A practice question as shown: choices in display order, why it was chosen
    (`due`, `new` or `mistake`) and the session's mode."""

    quiz_id: str
    question_id: str
    difficulty: str
    topics: tuple[str, ...]
    choices: tuple[Choice, ...]
    topic: str
    why: str
    mode: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PracticeFeedback:
    """A judged practice answer and when the question comes back (ISO 8601, UTC)."""

    quiz_id: str
    question_id: str
    correct: bool
    already_answered: bool = False
    choice: str
    right_choice: str
    next_review: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PracticeDone:
    """No question now: nothing due and nothing new (or no mistakes left)."""

    topic: str | None
    mistakes: bool
