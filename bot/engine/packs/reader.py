"""Reads an uploaded pack file whole, in any supported format, into a draft and a report.

Every problem is found before anything is stored: the caller stores the draft only when
the report has no error, so a pack is imported entirely or not at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

import yaml

from bot.engine.packs.draft import (
    WHOLE_FILE,
    ImportReport,
    PackDraft,
    PackFormat,
    PackTopic,
    Place,
    Problem,
    Skipped,
)
from bot.engine.packs.duplicates import Stem, exact_duplicates, near_duplicates
from bot.engine.packs.limits import MAX_FILE_BYTES, MAX_NAME_LENGTH, MAX_QUESTIONS
from bot.engine.packs.llmbot_yaml import read_llmbot
from bot.engine.packs.opentdb import read_opentdb, results_of
from bot.engine.packs.reading import Reading
from bot.engine.packs.red import read_red
from bot.engine.packs.safe_yaml import YamlRefused, compose
from bot.engine.packs.text import same_text, slug
from bot.knowledge.models import DIFFICULTIES, TEXT_LIMITS, Question

__all__ = ["PackReading", "read_pack", "refused_for_size"]

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class PackReading:
    """The report always; the draft only when there is no error."""

    report: ImportReport
    draft: PackDraft | None


def read_pack(
    raw: bytes,
    filename: str,
    *,
    name: str | None = None,
    license_text: str | None = None,
    shipped: Iterable[Question] = (),
) -> PackReading:
    """Validate a whole pack file; `shipped` questions are checked for near-duplicates."""
    chosen = name if name is not None else slug(PurePath(filename).stem)
    refusal = _name_problem(chosen, given=name is not None) or _size_problem(len(raw))
    if refusal is not None:
        return _refused(chosen, None, refusal)
    text = _text_of(raw)
    if isinstance(text, Problem):
        return _refused(chosen, None, text)
    is_json = filename.lower().endswith(".json") or (
        not filename.lower().endswith(_YAML_SUFFIXES) and text.lstrip().startswith(("{", "["))
    )
    reading = (
        _read_json(text, chosen, license_text)
        if is_json
        else _read_yaml(text, chosen, license_text)
    )
    if isinstance(reading, Problem):
        return _refused(chosen, PackFormat.OPENTDB if is_json else None, reading)
    return _finish(reading, chosen, shipped)


def refused_for_size(filename: str, name: str | None, size: int) -> ImportReport:
    """The report of a file too big to read, for callers that know its size beforehand."""
    chosen = name if name is not None else slug(PurePath(filename).stem)
    problem = _size_problem(size) or Problem(WHOLE_FILE, "the file could not be read")
    return ImportReport(name=chosen, format=None, errors=(problem,))


def _name_problem(name: str, *, given: bool) -> Problem | None:
    if _NAME.match(name) and len(name) <= MAX_NAME_LENGTH:
        return None
    told = "the name" if given else "the name taken from the file name"
    return Problem(
        WHOLE_FILE,
        f"{told} {name!r} is not a pack name: use up to {MAX_NAME_LENGTH} lowercase letters, "
        "digits and hyphens (e.g. `acme-ai-policy`)",
    )


def _size_problem(size: int) -> Problem | None:
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(
        WHOLE_FILE,
        f"the file is {size / 1024 / 1024:.1f} MB; a pack file may be at most "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB",
    )


def _text_of(raw: bytes) -> str | Problem:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Problem(
            WHOLE_FILE,
            f"not a YAML or JSON file: it is not UTF-8 text (byte {raw[exc.start]:#04x} "
            f"at offset {exc.start})",
        )
    if "\x00" in text:
        return Problem(WHOLE_FILE, "not a YAML or JSON file: it contains binary data")
    return text


def _too_many(count: int) -> Problem | None:
    if count <= MAX_QUESTIONS:
        return None
    return Problem(
        WHOLE_FILE, f"the file has {count:,} questions; a pack may have at most {MAX_QUESTIONS:,}"
    )


def _read_json(text: str, name: str, license_text: str | None) -> Reading | Problem:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Problem(Place(exc.lineno), f"not valid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return Problem(WHOLE_FILE, "not a question pack: the JSON is nested far too deeply")
    results = results_of(data)
    if isinstance(results, str):
        return Problem(WHOLE_FILE, results)
    return _too_many(len(results)) or read_opentdb(results, name, license_text)


def _read_yaml(text: str, name: str, license_text: str | None) -> Reading | Problem:
    try:
        composed = compose(text)
    except YamlRefused as exc:
        return Problem(Place(exc.line), exc.message)
    root = composed.root
    if not isinstance(root, yaml.MappingNode):
        what = "plain text" if isinstance(root, yaml.ScalarNode) else "a list"
        return Problem(
            Place(root.start_mark.line + 1),
            f"not a question pack: the file holds {what}, not a YAML mapping "
            "(llmbot packs start with `questions:`, Red lists with `Question?:` and its answers)",
        )
    questions = next((v for k, v in root.value if k.value == "questions"), None)
    if isinstance(questions, yaml.SequenceNode):
        too_many = _too_many(len(questions.value))
        if too_many:
            return too_many
        reading = read_llmbot(root, name, license_text)
        for duplicate in composed.duplicates:
            reading.error(
                Place(duplicate.line),
                f"the key {duplicate.key!r} is repeated (first at line {duplicate.first_line})",
            )
        return reading
    special = {"$schema", "AUTHOR", "DESCRIPTION", "CONFIG"}
    count = sum(1 for key, _ in root.value if key.value not in special)
    # A repeated question is reported as an exact duplicate stem, with both lines.
    return _too_many(count) or read_red(root, text, name, license_text)


def _finish(reading: Reading, name: str, shipped: Iterable[Question]) -> PackReading:
    _check_questions(reading)
    stems = [Stem(q.stem, place) for q, place in reading.questions]
    duplicates = exact_duplicates(stems)
    reading.errors.extend(duplicates)
    repeated = {problem.place for problem in duplicates}
    _check_ids(reading, repeated)
    reading.warnings.extend(
        near_duplicates(stems, [Stem(q.stem, question_id=q.id) for q in shipped])
    )
    if not reading.questions and not reading.errors:
        reading.error(WHOLE_FILE, _empty_reason(reading))
    topics = tuple(reading.topics) or (
        PackTopic(
            name,
            reading.title,
            _clip(reading.description or f"Questions of the pack {name}.", TEXT_LIMITS["short"]),
        ),
    )
    report = ImportReport(
        name=name,
        format=reading.format,
        questions=len(reading.questions),
        converted=reading.converted,
        skipped=tuple(Skipped(reason, tuple(places)) for reason, places in reading.skipped.items()),
        warnings=tuple(sorted(reading.warnings, key=_order)),
        errors=tuple(sorted(reading.errors, key=_order)),
        topics=tuple(topic.title for topic in topics),
        credit=reading.credit.text,
        difficulties=tuple(
            (level, count)
            for level in DIFFICULTIES
            if (count := sum(q.difficulty == level for q, _ in reading.questions))
        ),
    )
    if not report.ok:
        return PackReading(report, None)
    draft = PackDraft(
        name=name,
        title=reading.title,
        description=reading.description,
        format=reading.format,
        credit=reading.credit,
        topics=topics,
        questions=tuple(question for question, _ in reading.questions),
    )
    return PackReading(report, draft)


def _check_questions(reading: Reading) -> None:
    """What no single format checks: text left empty by cleaning, options that read alike."""
    kept = []
    for question, place in reading.questions:
        texts = [question.stem, *(option.text for option in question.options)]
        if not all(texts):
            reading.error(place, "a question or an option is empty once control characters go")
            continue
        seen: set[str] = set()
        for option in question.options:
            key = same_text(option.text)
            if key in seen:
                reading.error(place, f"two options read the same: {option.text!r}")
                break
            seen.add(key)
        else:
            kept.append((question, place))
    reading.questions = kept


def _check_ids(reading: Reading, repeated: set[Place]) -> None:
    first: dict[str, Place] = {}
    for question, place in reading.questions:
        if place in repeated:
            continue
        earlier = first.setdefault(question.id, place)
        if earlier != place:
            reading.error(place, f"duplicate question id {question.id!r} (first at {earlier})")


def _empty_reason(reading: Reading) -> str:
    if not reading.skipped:
        return "nothing to import: the file has no questions"
    total = sum(len(places) for places in reading.skipped.values())
    reasons = "; ".join(f"{len(places)} {reason}" for reason, places in reading.skipped.items())
    return f"nothing to import: all {total} questions were skipped ({reasons})"


def _order(problem: Problem) -> tuple[int, int]:
    place = problem.place
    return (place.line or 0, place.item if place.item is not None else -1)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _refused(name: str, format: PackFormat | None, problem: Problem) -> PackReading:
    return PackReading(ImportReport(name=name, format=format, errors=(problem,)), None)
