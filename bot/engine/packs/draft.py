"""What reading a pack file produces: a validated draft to store, and the report people see."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.knowledge.models import Question

__all__ = [
    "WHOLE_FILE",
    "Credit",
    "ImportReport",
    "PackDraft",
    "PackFormat",
    "PackTopic",
    "Place",
    "Problem",
    "Skipped",
]


class PackFormat(enum.StrEnum):
    LLMBOT = "llmbot"
    RED = "red"
    OPENTDB = "opentdb"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    PackFormat.LLMBOT: "llmbot questions (YAML)",
    PackFormat.RED: "Red-DiscordBot trivia list (YAML)",
    PackFormat.OPENTDB: "Open Trivia DB (JSON)",
}


@dataclass(frozen=True, slots=True)
class Place:
    """Where in the file: a line of YAML, or an item of the JSON `results` list (0-based)."""

    line: int | None = None
    item: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"line {self.line}"
        if self.item is not None:
            return f"results[{self.item}]"
        return ""


WHOLE_FILE = Place()


@dataclass(frozen=True, slots=True)
class Problem:
    place: Place
    message: str

    def __str__(self) -> str:
        where = str(self.place)
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True, slots=True)
class Credit:
    """Who a pack's questions come from and under which licence, shown in every quiz footer."""

    source: str = ""  # "Red-DiscordBot trivia", "Open Trivia DB"; empty for a pack of one's own
    license: str = ""
    author: str = ""

    @property
    def text(self) -> str:
        return ", ".join(part for part in (self.source, self.license) if part)


@dataclass(frozen=True, slots=True)
class PackTopic:
    """A topic of a pack (its `id` is local to the pack); `short` is what `explain` shows.

    `questions` counts the questions whose first topic it is, once the pack is stored: None
    in a draft, and for a pack stored before the counts were kept.
    """

    id: str
    title: str
    short: str
    questions: int | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """Questions left out of an import for one reason, with the places they were at."""

    reason: str
    places: tuple[Place, ...]

    @property
    def count(self) -> int:
        return len(self.places)


@dataclass(frozen=True, slots=True)
class PackDraft:
    """A pack that passed every check, with local ids; storing it namespaces them."""

    name: str
    title: str
    description: str
    format: PackFormat
    credit: Credit
    topics: tuple[PackTopic, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """Everything an import found. A pack with any error is not stored at all."""

    name: str
    format: PackFormat | None
    questions: int = 0
    # Questions given generated options (Red lists): how many, and with how many distractors.
    converted: int = 0
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[Problem, ...] = ()
    errors: tuple[Problem, ...] = ()
    topics: tuple[str, ...] = ()  # titles of the pack's topics
    credit: str = ""  # as quiz footers show it: "Red-DiscordBot trivia, GPL-3.0"
    difficulties: tuple[tuple[str, int], ...] = ()  # ("easy", 12), … in that order

    @property
    def ok(self) -> bool:
        return not self.errors
