"""One format's reading of a file, before the checks every pack gets whatever its format."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bot.engine.packs.draft import Credit, PackFormat, PackTopic, Place, Problem
from bot.knowledge.models import Question

__all__ = ["Reading"]


@dataclass
class Reading:
    """Filled in by a format's reader; `questions` keep the place they were read from."""

    format: PackFormat
    credit: Credit
    title: str = ""
    description: str = ""
    topics: list[PackTopic] = field(default_factory=list)
    questions: list[tuple[Question, Place]] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skipped: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    converted: int = 0

    def error(self, place: Place, message: str) -> None:
        self.errors.append(Problem(place, message))

    def warn(self, place: Place, message: str) -> None:
        self.warnings.append(Problem(place, message))

    def skip(self, place: Place, reason: str) -> None:
        self.skipped[reason].append(place)
