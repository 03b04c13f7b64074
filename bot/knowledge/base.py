"""The loaded knowledge base: topics, questions and figures, indexed for the engine."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.models import Misconception, Question, Topic


class QuestionBank(Mapping[str, Question]):
    """The active questions by id, where a lookup by id also finds a retired question.

    Iteration, `len`, `values()` and `items()` see only the active questions, so every
    picker and every count draws from them. `bank[id]`, `bank.get(id)` and `id in bank`
    also resolve retired ids: a quiz asked before its question was retired still shows,
    scores and reveals the question it asked, with the options in the positions it stored.
    """

    __slots__ = ("_active", "_retired")

    def __init__(
        self, active: Mapping[str, Question], retired: Mapping[str, Question] | None = None
    ) -> None:
        self._active = dict(active)
        self._retired = dict(retired or {})

    def __getitem__(self, question_id: str) -> Question:
        found = self._active.get(question_id) or self._retired.get(question_id)
        if found is None:
            raise KeyError(question_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._active)

    def __len__(self) -> int:
        return len(self._active)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QuestionBank):
            return NotImplemented
        return self._active == other._active and self._retired == other._retired

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"QuestionBank({len(self._active)} active, {len(self._retired)} retired)"

    @property
    def retired(self) -> Mapping[str, Question]:
        """Questions no longer drawn, kept only so that old quizzes resolve."""
        return self._retired

    def is_retired(self, question_id: str) -> bool:
        return question_id in self._retired


@dataclass(frozen=True)
class KnowledgeBase:
    root: Path
    topics: Mapping[str, Topic]
    questions: Mapping[str, Question]
    sections: tuple[str, ...]
    questions_by_topic: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    locations: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    misconceptions: Mapping[str, Misconception] = field(default_factory=dict)

    def figure_path(self, topic: Topic) -> Path | None:
        return None if topic.figure is None else self.root / topic.figure.file

    def topics_in(self, section: str) -> list[Topic]:
        return [topic for topic in self.topics.values() if topic.section == section]

    @property
    def figure_count(self) -> int:
        return len({t.figure.file for t in self.topics.values() if t.figure is not None})

    @property
    def retired_questions(self) -> Mapping[str, Question]:
        """Retired questions by id: never drawn, never counted, still resolvable by id."""
        return self.questions.retired if isinstance(self.questions, QuestionBank) else {}
