"""Reads llmbot's own question YAML: an optional `pack:` header and `topics:`, then `questions:`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.engine.packs.draft import Credit, PackFormat, PackTopic, Place
from bot.engine.packs.limits import MAX_TOPICS
from bot.engine.packs.reading import Reading
from bot.engine.packs.safe_yaml import line_of, to_python
from bot.engine.packs.schema import PackHeader, PackQuestion, PackTopicEntry
from bot.engine.packs.text import local_question_id, one_line
from bot.knowledge.models import Option, Question

__all__ = ["TOP_KEYS", "read_llmbot"]

TOP_KEYS = ("pack", "topics", "questions")
# What a person writes as words: `text: Yes` is the word, not a boolean.
_TEXT_KEYS = frozenset(
    {"id", "title", "description", "license", "author", "short", "stem", "text", "why"}
)
ModelT = TypeVar("ModelT", bound=BaseModel)


def read_llmbot(root: yaml.MappingNode, name: str, license_text: str | None) -> Reading:
    data: dict[str, Any] = to_python(root, text_keys=_TEXT_KEYS)  # type: ignore[assignment]
    reading = Reading(PackFormat.LLMBOT, Credit())
    for key in data:
        if key not in TOP_KEYS:
            reading.error(
                Place(line_of(root, (key,))),
                f"unknown key {key!r}: a pack has only {', '.join(TOP_KEYS)}",
            )
    header = _validate(reading, root, PackHeader, data.get("pack") or {}, ("pack",))
    reading.title = (header.title if header else None) or name
    reading.description = (header.description if header else None) or ""
    reading.credit = Credit(
        license=license_text or (header.license if header else None) or "",
        author=(header.author if header else None) or "",
    )
    _read_topics(reading, root, data.get("topics"))
    questions = data.get("questions")
    if not isinstance(questions, list):
        reading.error(Place(line_of(root, ("questions",))), "questions: a list is expected")
        return reading
    declared = {topic.id for topic in reading.topics}
    used: set[str] = set()
    for index, raw in enumerate(questions):
        path = ("questions", index)
        parsed = _validate(reading, root, PackQuestion, raw, path)
        if parsed is None:
            continue
        place = Place(line_of(root, path))
        if not _topics_fit(reading, root, parsed, path, declared):
            continue
        used.update(parsed.topics)
        reading.questions.append((_to_domain(parsed, name), place))
    for index, topic in enumerate(reading.topics):
        if topic.id not in used:
            reading.warn(
                Place(line_of(root, ("topics", index))), f"topic {topic.id!r} has no question"
            )
    return reading


def _read_topics(reading: Reading, root: yaml.Node, raw: object) -> None:
    if raw is None:
        return
    if not isinstance(raw, list):
        reading.error(Place(line_of(root, ("topics",))), "topics: a list is expected")
        return
    if len(raw) > MAX_TOPICS:
        reading.error(
            Place(line_of(root, ("topics",))),
            f"topics: {len(raw)} topics; a pack may declare at most {MAX_TOPICS}",
        )
        return
    seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        path = ("topics", index)
        entry = _validate(reading, root, PackTopicEntry, item, path)
        if entry is None:
            continue
        line = line_of(root, path)
        if entry.id in seen:
            reading.error(
                Place(line), f"duplicate topic id {entry.id!r} (first at line {seen[entry.id]})"
            )
            continue
        seen[entry.id] = line
        reading.topics.append(PackTopic(entry.id, one_line(entry.title), one_line(entry.short)))


def _topics_fit(
    reading: Reading,
    root: yaml.Node,
    question: PackQuestion,
    path: tuple[str | int, ...],
    declared: set[str],
) -> bool:
    """With declared topics every question names its own; without, none may name any."""
    if not declared:
        if question.topics:
            reading.error(
                Place(line_of(root, (*path, "topics"))),
                "topics: this pack declares no topics, so its questions name none "
                "(declare them under a top-level `topics:` with id, title and short)",
            )
            return False
        return True
    if not question.topics:
        reading.error(
            Place(line_of(root, path)),
            f"topics: name at least one of this pack's topics ({', '.join(sorted(declared))})",
        )
        return False
    fits = True
    for pos, topic_id in enumerate(question.topics):
        if topic_id not in declared:
            reading.error(
                Place(line_of(root, (*path, "topics", pos))),
                f"unknown topic id {topic_id!r}: the pack declares {', '.join(sorted(declared))}",
            )
            fits = False
    return fits


def _to_domain(parsed: PackQuestion, name: str) -> Question:
    stem = one_line(parsed.stem)
    return Question(
        id=parsed.id or local_question_id(stem),
        topics=parsed.topics or (name,),
        difficulty=parsed.difficulty,
        type=parsed.type,
        misconception=parsed.misconception,
        stem=stem,
        options=tuple(Option(one_line(o.text), o.correct, one_line(o.why)) for o in parsed.options),
    )


def _validate(
    reading: Reading,
    root: yaml.Node,
    model: type[ModelT],
    value: object,
    path: Sequence[str | int],
) -> ModelT | None:
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        for err in exc.errors():
            loc = (*path, *(part for part in err["loc"] if isinstance(part, str | int)))
            where = ".".join(str(part) for part in loc)
            reading.error(Place(line_of(root, loc)), f"{where}: {err['msg']}")
        return None
