"""Reads `content/` into a validated `KnowledgeBase`, or reports every error with file:line."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.knowledge.base import KnowledgeBase, QuestionBank
from bot.knowledge.errors import ContentError, ContentInvalid
from bot.knowledge.located import LocatedDocument, load_located
from bot.knowledge.models import Misconception, Question, Topic
from bot.knowledge.schema import AliasFile, MisconceptionFile, QuestionFile, RetiredFile, TopicFile
from bot.knowledge.schema import Misconception as MisconceptionSchema
from bot.knowledge.schema import Question as QuestionSchema
from bot.knowledge.schema import RetiredQuestion as RetiredSchema
from bot.knowledge.schema import Topic as TopicSchema

log = logging.getLogger(__name__)

MIN_QUESTIONS_PER_TOPIC = 4
MISCONCEPTIONS_FILE = "misconceptions.yaml"
RETIRED_FILE = "retired/questions.yaml"

ModelT = TypeVar("ModelT", bound=BaseModel)
ItemT = TypeVar("ItemT", bound=BaseModel)


def default_content_root() -> Path:
    """The content shipped with the installed package, wherever it was installed."""
    return Path(str(resources.files("llmbot_content")))


def _validate(
    doc: LocatedDocument,
    model: type[ModelT],
    errors: list[ContentError],
    *,
    items: str | None = None,
    prefix: Sequence[str | int] = (),
    data: Any = None,
) -> ModelT | None:
    """Validate `data` (default: the whole document) and record errors with their lines.

    With `items`, only the file's shape is checked here and that list is left for
    per-item validation.
    """
    value = doc.data if data is None else data
    if items is not None and isinstance(value, dict) and isinstance(value.get(items), list):
        value = {**value, items: []}
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        for err in exc.errors():
            loc = [*prefix, *(part for part in err["loc"] if isinstance(part, str | int))]
            where = ".".join(str(part) for part in loc) or "document"
            errors.append(ContentError(doc.label, doc.line_of(loc), f"{where}: {err['msg']}"))
        return None


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[ContentError] = []
        self.topics: dict[str, Topic] = {}
        self.topic_where: dict[str, tuple[LocatedDocument, int]] = {}
        self.questions: dict[str, Question] = {}
        self.question_where: dict[str, tuple[LocatedDocument, int]] = {}
        self.sections: list[str] = []
        self.section_order: dict[str, int] = {}
        self.shared_aliases: dict[str, tuple[str, ...]] = {}
        self.misconceptions: dict[str, Misconception] = {}
        self.misconception_where: dict[str, tuple[LocatedDocument, int]] = {}
        self.retired: dict[str, Question] = {}
        self.retired_where: dict[str, tuple[LocatedDocument, int]] = {}

    def _docs(self, folder: str) -> list[LocatedDocument]:
        docs = []
        for path in sorted((self.root / folder).glob("*.yaml")):
            loaded = load_located(path, f"{folder}/{path.name}")
            if isinstance(loaded, ContentError):
                self.errors.append(loaded)
            else:
                docs.append(loaded)
        return docs

    def read_topics(self) -> None:
        for doc in self._docs("topics"):
            header = _validate(doc, TopicFile, self.errors, items="topics")
            if header is None:
                continue
            if header.section not in self.sections:
                self.sections.append(header.section)
                self.section_order[header.section] = header.order
            for index, parsed in self._items(doc, "topics", TopicSchema):
                topic = parsed.to_domain(header.section)
                where = (doc, doc.line_of(["topics", index]))
                if topic.id in self.topics:
                    first = self.topic_where[topic.id]
                    self._error(
                        where, f"duplicate topic id {topic.id!r} (first at line {first[1]})"
                    )
                    continue
                self.topics[topic.id] = topic
                self.topic_where[topic.id] = where

    def _items(
        self, doc: LocatedDocument, key: str, model: type[ItemT]
    ) -> Iterator[tuple[int, ItemT]]:
        """Validate list items one by one, so one bad item doesn't hide the others' errors."""
        for index, raw in enumerate(doc.data.get(key) or []):
            item = _validate(doc, model, self.errors, prefix=[key, index], data=raw)
            if item is not None:
                yield index, item

    def read_questions(self) -> None:
        for doc in self._docs("questions"):
            if _validate(doc, QuestionFile, self.errors, items="questions") is None:
                continue
            for index, parsed in self._items(doc, "questions", QuestionSchema):
                question = parsed.to_domain()
                where = (doc, doc.line_of(["questions", index]))
                if question.id in self.questions:
                    first = self.question_where[question.id]
                    self._error(
                        where, f"duplicate question id {question.id!r} (first at line {first[1]})"
                    )
                    continue
                self.questions[question.id] = question
                self.question_where[question.id] = where

    def _optional(self, name: str) -> LocatedDocument | None:
        path = self.root / name
        if not path.exists():
            return None
        loaded = load_located(path, name)
        if isinstance(loaded, ContentError):
            self.errors.append(loaded)
            return None
        return loaded

    def read_misconceptions(self) -> None:
        doc = self._optional(MISCONCEPTIONS_FILE)
        if (
            doc is None
            or _validate(doc, MisconceptionFile, self.errors, items="misconceptions") is None
        ):
            return
        for index, parsed in self._items(doc, "misconceptions", MisconceptionSchema):
            where = (doc, doc.line_of(["misconceptions", index]))
            if parsed.id in self.misconceptions:
                first = self.misconception_where[parsed.id][1]
                self._error(
                    where, f"duplicate misconception id {parsed.id!r} (first at line {first})"
                )
                continue
            self.misconceptions[parsed.id] = parsed.to_domain()
            self.misconception_where[parsed.id] = where

    def read_retired(self) -> None:
        """Retired questions: resolvable by id for quizzes already asked, never drawn."""
        doc = self._optional(RETIRED_FILE)
        if doc is None or _validate(doc, RetiredFile, self.errors, items="questions") is None:
            return
        for index, parsed in self._items(doc, "questions", RetiredSchema):
            where = (doc, doc.line_of(["questions", index]))
            if parsed.id in self.retired:
                first = self.retired_where[parsed.id][1]
                self._error(where, f"duplicate retired id {parsed.id!r} (first at line {first})")
                continue
            self.retired[parsed.id] = parsed.to_domain()
            self.retired_where[parsed.id] = where

    def read_aliases(self) -> None:
        path = self.root / "aliases.yaml"
        if not path.exists():
            return
        loaded = load_located(path, "aliases.yaml")
        if isinstance(loaded, ContentError):
            self.errors.append(loaded)
            return
        parsed = _validate(loaded, AliasFile, self.errors)
        if parsed is not None:
            self.shared_aliases = {alias.lower(): ids for alias, ids in parsed.shared.items()}

    def _error(self, where: tuple[LocatedDocument, int], message: str) -> None:
        self.errors.append(ContentError(where[0].label, where[1], message))

    def check_links(self) -> None:
        alias_owner: dict[str, str] = {}
        for topic_id, topic in self.topics.items():
            where = self.topic_where[topic_id]
            doc, _ = where
            index = self._index_in(doc, "topics", topic_id)
            for pos, related in enumerate(topic.related):
                if related not in self.topics:
                    line = doc.line_of(["topics", index, "related", pos])
                    self.errors.append(
                        ContentError(doc.label, line, f"{topic_id}: unknown related id {related!r}")
                    )
            if topic.figure is not None and not (self.root / topic.figure.file).is_file():
                line = doc.line_of(["topics", index, "figure", "file"])
                self.errors.append(
                    ContentError(doc.label, line, f"{topic_id}: missing image {topic.figure.file}")
                )
            for pos, alias in enumerate(topic.aliases):
                key = alias.lower()
                owner = alias_owner.setdefault(key, topic_id)
                allowed = set(self.shared_aliases.get(key, ()))
                if owner != topic_id and not {owner, topic_id} <= allowed:
                    line = doc.line_of(["topics", index, "aliases", pos])
                    self.errors.append(
                        ContentError(
                            doc.label,
                            line,
                            f"{topic_id}: alias {alias!r} is also an alias of {owner} "
                            "(list it in aliases.yaml if that is deliberate)",
                        )
                    )
        for questions, where_of in (
            (self.questions, self.question_where),
            (self.retired, self.retired_where),
        ):
            for question_id, question in questions.items():
                doc, _ = where_of[question_id]
                index = self._index_in(doc, "questions", question_id)
                for pos, topic_id in enumerate(question.topics):
                    if topic_id not in self.topics:
                        line = doc.line_of(["questions", index, "topics", pos])
                        self.errors.append(
                            ContentError(
                                doc.label, line, f"{question_id}: unknown topic id {topic_id!r}"
                            )
                        )
        self._check_misconceptions()
        self._check_retired()

    def _check_misconceptions(self) -> None:
        for misconception_id, misconception in self.misconceptions.items():
            doc, _ = self.misconception_where[misconception_id]
            index = self._index_in(doc, "misconceptions", misconception_id)
            for pos, topic_id in enumerate(misconception.topics):
                if topic_id not in self.topics:
                    line = doc.line_of(["misconceptions", index, "topics", pos])
                    self.errors.append(
                        ContentError(
                            doc.label, line, f"{misconception_id}: unknown topic id {topic_id!r}"
                        )
                    )
        # Only questions in the pool must name a registered misconception: a retired one
        # keeps the id it was asked with, even an id since split up.
        for question_id, question in self.questions.items():
            if question.misconception and question.misconception not in self.misconceptions:
                doc, _ = self.question_where[question_id]
                index = self._index_in(doc, "questions", question_id)
                line = doc.line_of(["questions", index, "misconception"])
                self.errors.append(
                    ContentError(
                        doc.label,
                        line,
                        f"{question_id}: misconception {question.misconception!r} is not "
                        f"registered in {MISCONCEPTIONS_FILE}",
                    )
                )

    def _check_retired(self) -> None:
        for question_id, question in self.retired.items():
            where = self.retired_where[question_id]
            if question_id in self.questions:
                active = self.question_where[question_id]
                self._error(
                    where,
                    f"{question_id}: retired but also active in {active[0].label}:{active[1]} "
                    "(a changed question needs a new id)",
                )
            replacement = question.replaced_by
            if (
                replacement
                and replacement not in self.questions
                and replacement not in self.retired
            ):
                self._error(where, f"{question_id}: replaced_by names unknown id {replacement!r}")

    @staticmethod
    def _index_in(doc: LocatedDocument, key: str, item_id: str) -> int:
        items = doc.data.get(key, []) if isinstance(doc.data, dict) else []
        return next(
            (
                i
                for i, item in enumerate(items)
                if isinstance(item, dict) and item.get("id") == item_id
            ),
            0,
        )

    def questions_by_topic(self) -> dict[str, tuple[str, ...]]:
        grouped: dict[str, list[str]] = defaultdict(list)
        for question_id, question in self.questions.items():
            for topic_id in question.topics:
                grouped[topic_id].append(question_id)
        return {topic_id: tuple(ids) for topic_id, ids in grouped.items()}

    def check_coverage(self, grouped: dict[str, tuple[str, ...]]) -> None:
        if not self.questions:
            return
        for topic_id in self.topics:
            count = len(grouped.get(topic_id, ()))
            if count < MIN_QUESTIONS_PER_TOPIC:
                self._error(
                    self.topic_where[topic_id],
                    f"{topic_id}: {count} question(s), at least {MIN_QUESTIONS_PER_TOPIC} needed",
                )


def load_knowledge(root: Path | None = None) -> KnowledgeBase:
    """Load and validate everything, or raise `ContentInvalid` listing every problem."""
    loader = _Loader(root or default_content_root())
    loader.read_aliases()
    loader.read_topics()
    loader.read_questions()
    loader.read_misconceptions()
    loader.read_retired()
    if not loader.topics and not loader.errors:
        loader.errors.append(ContentError("topics", 1, "no topics found"))
    if loader.errors:
        # Links into a file that failed to parse would only repeat its errors as noise.
        raise ContentInvalid(loader.errors)
    loader.check_links()
    grouped = loader.questions_by_topic()
    loader.check_coverage(grouped)
    if loader.errors:
        raise ContentInvalid(loader.errors)
    return KnowledgeBase(
        root=loader.root,
        topics=loader.topics,
        questions=QuestionBank(loader.questions, loader.retired),
        sections=tuple(sorted(loader.sections, key=lambda name: loader.section_order[name])),
        questions_by_topic=grouped,
        locations={
            **{key: (doc.label, line) for key, (doc, line) in loader.topic_where.items()},
            **{key: (doc.label, line) for key, (doc, line) in loader.retired_where.items()},
            **{key: (doc.label, line) for key, (doc, line) in loader.question_where.items()},
        },
        misconceptions=loader.misconceptions,
    )
