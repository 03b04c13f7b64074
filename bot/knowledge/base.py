"""The loaded knowledge base: topics, questions and figures, indexed for the engine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.models import Question, Topic


@dataclass(frozen=True)
class KnowledgeBase:
    root: Path
    topics: Mapping[str, Topic]
    questions: Mapping[str, Question]
    sections: tuple[str, ...]
    questions_by_topic: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    locations: Mapping[str, tuple[str, int]] = field(default_factory=dict)

    def figure_path(self, topic: Topic) -> Path | None:
        return None if topic.figure is None else self.root / topic.figure.file

    def topics_in(self, section: str) -> list[Topic]:
        return [topic for topic in self.topics.values() if topic.section == section]

    @property
    def figure_count(self) -> int:
        return len({t.figure.file for t in self.topics.values() if t.figure is not None})
