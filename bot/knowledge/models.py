"""The knowledge base's immutable domain objects: plain dataclasses, cheap to import and load."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Depth = Literal["short", "standard", "deep"]
DEPTHS: tuple[Depth, ...] = ("short", "standard", "deep")
Difficulty = Literal["easy", "medium", "hard"]
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")

TEXT_LIMITS: dict[Depth, int] = {"short": 280, "standard": 1200, "deep": 3000}


@dataclass(frozen=True, slots=True)
class Source:
    authors: str
    title: str
    year: int
    url: str


@dataclass(frozen=True, slots=True)
class FigureRef:
    file: str
    alt: str


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str
    section: str
    aliases: tuple[str, ...]
    related: tuple[str, ...]
    short: str
    standard: str
    deep: str
    figure: FigureRef | None
    sources: tuple[Source, ...]
    reviewed: str  # YYYY-MM: when a person last checked the topic's facts

    def text(self, depth: Depth) -> str:
        return {"short": self.short, "standard": self.standard, "deep": self.deep}[depth].strip()


@dataclass(frozen=True, slots=True)
class Option:
    text: str
    correct: bool
    why: str


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    topics: tuple[str, ...]
    difficulty: Difficulty
    type: Literal["choice", "truefalse"]
    misconception: str | None
    stem: str
    options: tuple[Option, ...]
    replaced_by: str | None = None  # set on a retired question: the id that took its place
    answer_index: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        right = next(i for i, option in enumerate(self.options) if option.correct)
        object.__setattr__(self, "answer_index", right)


@dataclass(frozen=True, slots=True)
class Misconception:
    """A mistaken belief questions may target: the wrong claim and the right fact beside it."""

    id: str
    wrong: str
    right: str
    topics: tuple[str, ...]
