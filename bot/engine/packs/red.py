"""Reads Red-DiscordBot trivia lists: each question a key, its accepted answers the value.

Format (Red's `redbot/cogs/trivia/schema.py`): optional `$schema`, `AUTHOR`, `DESCRIPTION`,
`CONFIG`; every other key is a question and its value the answers Red accepts, the first
being the one it reveals. Scalars are taken as written, so `1969` and `1.50` stay text and
`Yes` stays a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from bot.engine.packs.distractors import DistractorPool, answer_key
from bot.engine.packs.draft import Credit, PackFormat, Place
from bot.engine.packs.limits import MAX_OPTION, MAX_STEM, MAX_WHY
from bot.engine.packs.reading import Reading
from bot.engine.packs.text import local_question_id, one_line
from bot.knowledge.models import Option, Question

__all__ = ["RED_LICENSE", "RED_SOURCE", "SKIP_IMAGE", "SKIP_NO_DISTRACTORS", "read_red"]

RED_SOURCE = "Red-DiscordBot trivia"
RED_LICENSE = "GPL-3.0"  # the licence of the lists shipped with Red-DiscordBot
# Counted as "57 with an image link in the question".
SKIP_IMAGE = "with an image link in the question"
SKIP_NO_DISTRACTORS = "with too few answers of the same kind and length elsewhere in the list"
_SPECIAL = frozenset({"$schema", "AUTHOR", "DESCRIPTION", "CONFIG"})
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
# A list may state its own licence in a leading comment: `# License: CC0-1.0`.
_LICENSE_COMMENT = re.compile(
    r"^#\s*(?:SPDX-License-Identifier|licen[cs]e)\s*:\s*(\S.*?)\s*$", re.IGNORECASE
)
_NULL = "tag:yaml.org,2002:null"


@dataclass(frozen=True, slots=True)
class _Entry:
    stem: str
    answers: tuple[str, ...]  # as accepted; the first is shown
    place: Place


def read_red(root: yaml.Node, text: str, name: str, license_text: str | None) -> Reading:
    reading = Reading(
        PackFormat.RED,
        Credit(RED_SOURCE, license_text or _stated_license(text) or RED_LICENSE),
        title=name.replace("-", " ").capitalize(),
    )
    if not isinstance(root, yaml.MappingNode):
        reading.error(
            Place(root.start_mark.line + 1),
            "a Red trivia list maps each question to the list of answers it accepts",
        )
        return reading
    entries = [
        entry for key, value in root.value if (entry := _entry(reading, key, value)) is not None
    ]
    if reading.errors:
        return reading
    pool = DistractorPool(entry.answers[0] for entry in entries)
    for entry in entries:
        right = entry.answers[0]
        wrong = pool.pick(right, entry.answers, seed=entry.stem)
        if len(wrong) < 2:
            reading.skip(entry.place, SKIP_NO_DISTRACTORS)
            continue
        reading.converted += 1
        reading.questions.append((_question(entry, wrong, name), entry.place))
    return reading


def _entry(reading: Reading, key: yaml.Node, value: yaml.Node) -> _Entry | None:
    place = Place(key.start_mark.line + 1)
    if not isinstance(key, yaml.ScalarNode):
        reading.error(place, "a question must be text, not a list or a mapping")
        return None
    if key.value in _SPECIAL:
        _header(reading, key.value, value, place)
        return None
    stem = one_line(key.value)
    if not stem:
        reading.error(place, "a question is empty")
        return None
    if _LINK.search(stem):
        reading.skip(place, SKIP_IMAGE)
        return None
    if len(stem) > MAX_STEM:
        reading.error(place, f"the question is {len(stem)} characters; at most {MAX_STEM} fit")
        return None
    if isinstance(value, yaml.ScalarNode) and value.tag != _NULL:
        reading.error(
            place,
            f"the answers to {_quote(stem)} must be a list: each on its own line after `- `",
        )
        return None
    answers = _answers(reading, value)
    if answers is None:
        return None
    if not answers:
        reading.error(place, f"the question {_quote(stem)} has no answer")
        return None
    shown, shown_line = answers[0]
    if len(shown) > MAX_OPTION:
        reading.error(
            Place(shown_line),
            f"the answer is {len(shown)} characters; an option may have at most {MAX_OPTION}",
        )
        return None
    return _Entry(stem, tuple(answer for answer, _ in answers), place)


def _answers(reading: Reading, value: yaml.Node) -> list[tuple[str, int]] | None:
    if not isinstance(value, yaml.SequenceNode):
        if isinstance(value, yaml.MappingNode):
            reading.error(
                Place(value.start_mark.line + 1), "answers must be a list of text, not a mapping"
            )
            return None
        return []  # an empty value: no answer
    found = []
    for item in value.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.ScalarNode):
            reading.error(Place(line), "an answer must be text, not a list or a mapping")
            return None
        answer = "" if item.tag == _NULL else one_line(item.value)
        if answer:
            found.append((answer, line))
    return found


def _header(reading: Reading, key: str, value: yaml.Node, place: Place) -> None:
    if key in ("AUTHOR", "DESCRIPTION"):
        if not isinstance(value, yaml.ScalarNode):
            reading.error(place, f"{key} must be text")
        elif key == "AUTHOR":
            reading.credit = Credit(
                reading.credit.source, reading.credit.license, one_line(value.value)
            )
        else:
            reading.description = one_line(value.value)
    elif key == "CONFIG" and not isinstance(value, yaml.MappingNode):
        reading.error(place, "CONFIG must be a mapping (llmbot ignores it)")


def _question(entry: _Entry, wrong: list[str], topic: str) -> Question:
    right = entry.answers[0]
    because = f"The accepted answer is {right}."
    spelled = {answer_key(right): right}
    for answer in entry.answers[1:]:
        spelled.setdefault(answer_key(answer), answer)
    also = list(spelled.values())[1:]
    if also:
        longer = f"{because} Also accepted: {', '.join(also)}."
        because = longer if len(longer) <= MAX_WHY else because
    return Question(
        id=local_question_id(entry.stem),
        topics=(topic,),
        difficulty="medium",
        type="choice",
        misconception=None,
        stem=entry.stem,
        options=(
            Option(right, True, because),
            *(Option(text, False, f"Not the accepted answer; that is {right}.") for text in wrong),
        ),
    )


def _stated_license(text: str) -> str | None:
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            return None
        if found := _LICENSE_COMMENT.match(stripped):
            return found.group(1)
    return None


def _quote(stem: str) -> str:
    return f"“{stem if len(stem) <= 60 else stem[:59] + '…'}”"
