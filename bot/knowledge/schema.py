"""The content files' schema: pydantic models that validate YAML at the boundary."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from bot.knowledge import models
from bot.knowledge.models import TEXT_LIMITS, Difficulty

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)]
# A row of SYLLABUS.md's misstatements table (C1-C13), or a kebab-case slug for later ones.
MisconceptionId = Annotated[
    str, StringConstraints(pattern=r"^(C(?:1[0-3]|[1-9])|[a-z0-9]+(?:-[a-z0-9]+)*)$", max_length=64)
]


def _year_month(value: str) -> str:
    year, _, month = value.partition("-")
    digits = year.isdigit() and month.isdigit()
    if not (digits and len(year) == 4 and len(month) == 2 and "01" <= month <= "12"):
        raise ValueError(f"{value!r} is not a month written YYYY-MM, e.g. 2026-12")
    return value


YearMonth = Annotated[str, AfterValidator(_year_month)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    authors: Line
    title: Line
    year: Annotated[int, Field(ge=1900, le=2100)]
    url: Url


class FigureRef(_Frozen):
    file: Annotated[str, StringConstraints(pattern=r"^figures/[a-z0-9-]+\.png$")]
    alt: Line


class Topic(_Frozen):
    id: Slug
    title: Line
    aliases: Annotated[tuple[Line, ...], Field(min_length=5)]
    related: tuple[Slug, ...] = ()
    short: Annotated[str, StringConstraints(min_length=1, max_length=TEXT_LIMITS["short"])]
    standard: Annotated[str, StringConstraints(min_length=1, max_length=TEXT_LIMITS["standard"])]
    deep: Annotated[str, StringConstraints(min_length=1, max_length=TEXT_LIMITS["deep"])]
    figure: FigureRef | None = None
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]
    reviewed: YearMonth

    def to_domain(self, section: str) -> models.Topic:
        return models.Topic(
            id=self.id,
            title=self.title,
            section=section,
            aliases=self.aliases,
            related=self.related,
            short=self.short,
            standard=self.standard,
            deep=self.deep,
            figure=models.FigureRef(self.figure.file, self.figure.alt) if self.figure else None,
            sources=tuple(models.Source(s.authors, s.title, s.year, s.url) for s in self.sources),
            reviewed=self.reviewed,
        )


class Option(_Frozen):
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    correct: bool = False
    why: Line


class Question(_Frozen):
    id: Slug
    topics: Annotated[tuple[Slug, ...], Field(min_length=1)]
    difficulty: Difficulty
    type: Literal["choice", "truefalse"]
    misconception: MisconceptionId | None = None
    stem: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    options: tuple[Option, ...]

    @model_validator(mode="after")
    def _one_right_answer(self) -> Question:
        right = sum(option.correct for option in self.options)
        if right != 1:
            raise ValueError(f"exactly one option must be correct, found {right}")
        if self.type == "truefalse" and [o.text for o in self.options] != ["True", "False"]:
            raise ValueError("a truefalse question has exactly the options True, False")
        if self.type == "choice" and not 3 <= len(self.options) <= 4:
            raise ValueError(f"a choice question has 3 or 4 options, found {len(self.options)}")
        return self

    def to_domain(self) -> models.Question:
        return models.Question(
            id=self.id,
            topics=self.topics,
            difficulty=self.difficulty,
            type=self.type,
            misconception=self.misconception,
            stem=self.stem,
            options=tuple(models.Option(o.text, o.correct, o.why) for o in self.options),
        )


class RetiredQuestion(Question):
    """A question taken out of the pool, kept so quizzes already asked still resolve."""

    replaced_by: Slug | None = None

    def to_domain(self) -> models.Question:
        return replace(super().to_domain(), replaced_by=self.replaced_by)


class Misconception(_Frozen):
    id: MisconceptionId
    wrong: Line
    right: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]
    topics: Annotated[tuple[Slug, ...], Field(min_length=1)]

    def to_domain(self) -> models.Misconception:
        return models.Misconception(self.id, self.wrong, self.right, self.topics)


class TopicFile(_Frozen):
    section: Line
    order: int = 100
    topics: tuple[Topic, ...]


class QuestionFile(_Frozen):
    questions: tuple[Question, ...]


class RetiredFile(_Frozen):
    questions: tuple[RetiredQuestion, ...]


class MisconceptionFile(_Frozen):
    misconceptions: tuple[Misconception, ...]


class AliasFile(_Frozen):
    shared: dict[str, tuple[Slug, ...]] = {}
