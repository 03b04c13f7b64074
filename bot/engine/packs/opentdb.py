"""Reads Open Trivia DB JSON: `results`, each with type, difficulty, question and answers.

Open Trivia DB (https://opentdb.com) encodes its text with HTML entities (`&quot;`,
`&#039;`); they are decoded here, and the text is then plain like every pack's. Its data is
licensed CC BY-SA 4.0, which asks for credit wherever the questions are shown.
"""

from __future__ import annotations

import html
from typing import Any

from bot.engine.packs.draft import Credit, PackFormat, Place
from bot.engine.packs.limits import MAX_OPTION, MAX_STEM
from bot.engine.packs.reading import Reading
from bot.engine.packs.text import local_question_id, one_line
from bot.knowledge.models import DIFFICULTIES, Difficulty, Option, Question

__all__ = ["OPENTDB_LICENSE", "OPENTDB_SOURCE", "read_opentdb", "results_of"]

OPENTDB_SOURCE = "Open Trivia DB"
OPENTDB_LICENSE = "CC BY-SA 4.0"
_BOOLEAN = ("True", "False")


def results_of(data: object) -> list[Any] | str:
    """The `results` list of an Open Trivia DB file, or why the JSON is not one."""
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        return "a JSON pack is an Open Trivia DB file: an object with a `results` list"
    assert isinstance(data, dict)
    code = data.get("response_code", 0)
    if code != 0:
        return f"response_code is {code}: Open Trivia DB sent no questions"
    return results


def read_opentdb(results: list[Any], name: str, license_text: str | None) -> Reading:
    reading = Reading(
        PackFormat.OPENTDB,
        Credit(OPENTDB_SOURCE, license_text or OPENTDB_LICENSE),
        title=name.replace("-", " ").capitalize(),
    )
    categories: dict[str, None] = {}
    for index, item in enumerate(results):
        question = _item(reading, index, item, name)
        if question is not None:
            reading.questions.append((question, Place(item=index)))
            if isinstance(item.get("category"), str):
                categories.setdefault(one_line(html.unescape(item["category"])), None)
    if len(categories) == 1:
        reading.title = next(iter(categories))
    reading.description = (
        f"Questions from Open Trivia DB ({', '.join(categories)})"
        if categories
        else "Questions from Open Trivia DB"
    )[:280]
    return reading


def _text(value: object) -> str | None:
    return one_line(html.unescape(value)) if isinstance(value, str) else None


def _item(reading: Reading, index: int, item: Any, topic: str) -> Question | None:
    place = Place(item=index)
    if not isinstance(item, dict):
        reading.error(place, "each result must be an object")
        return None
    problems: list[str] = []
    stem = _text(item.get("question"))
    if not stem:
        problems.append("missing question")
    elif len(stem) > MAX_STEM:
        problems.append(f"the question is {len(stem)} characters; at most {MAX_STEM} fit")
    kind = item.get("type")
    if kind not in ("multiple", "boolean"):
        problems.append(f"type must be multiple or boolean, not {kind!r}")
    difficulty = next((d for d in DIFFICULTIES if d == item.get("difficulty")), None)
    if difficulty is None:
        problems.append(f"difficulty must be easy, medium or hard, not {item.get('difficulty')!r}")
    right = _text(item.get("correct_answer"))
    if "correct_answer" not in item:
        problems.append("missing correct_answer")
    elif not right:
        problems.append("correct_answer must be non-empty text")
    raw_wrong = item.get("incorrect_answers")
    wrong = [_text(answer) for answer in raw_wrong] if isinstance(raw_wrong, list) else []
    if not wrong or not all(wrong):
        problems.append("incorrect_answers must be a list of non-empty texts")
    for answer in (right, *wrong):
        if answer and len(answer) > MAX_OPTION:
            problems.append(
                f"the answer “{answer[:40]}…” is {len(answer)} characters; "
                f"an option may have at most {MAX_OPTION}"
            )
    for problem in problems:
        reading.error(place, problem)
    if problems or not stem or not right or difficulty is None:
        return None
    others = [text for text in wrong if text]
    if kind == "boolean":
        return _boolean(reading, place, stem, right, others, difficulty, topic)
    if not 2 <= len(others) <= 3:
        reading.error(place, f"a multiple question has 2 or 3 incorrect_answers, not {len(others)}")
        return None
    return Question(
        id=local_question_id(stem),
        topics=(topic,),
        difficulty=difficulty,
        type="choice",
        misconception=None,
        stem=stem,
        options=(
            Option(right, True, f"The accepted answer is {right}."),
            *(Option(text, False, f"Not the accepted answer; that is {right}.") for text in others),
        ),
    )


def _boolean(
    reading: Reading,
    place: Place,
    stem: str,
    right: str,
    others: list[str],
    difficulty: Difficulty,
    topic: str,
) -> Question | None:
    if sorted([right, *others]) != sorted(_BOOLEAN):
        reading.error(
            place, "a boolean question has correct_answer True or False and the other one incorrect"
        )
        return None
    because = f"The accepted answer is {right}: the statement is {right.lower()}."
    return Question(
        id=local_question_id(stem),
        topics=(topic,),
        difficulty=difficulty,
        type="truefalse",
        misconception=None,
        stem=stem,
        options=tuple(Option(text, text == right, because) for text in _BOOLEAN),
    )
