"""Encodes and decodes the ids that buttons and menus carry, so clicks survive restarts.

Every id fits Discord's 100-character `custom_id` and Slack's 255-character
`action_id`; this module is the only place that knows their shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

from bot.knowledge.models import Depth

MAX_ACTION_ID = 100
PREFIX = "llm"

_QUIZ_ID = re.compile(r"^[A-Z0-9]{4,16}$")
_TOPIC_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A word as the sampling lab's model reads it (see labs.words), or nothing.
_WORD = re.compile(r"^[^\W_]*(?:['.\-][^\W_]+)*$")
_REASON = re.compile(r"^[a-z]+(?:_[a-z]+)*$")


class BadAction(ValueError):
    """An id that no button of ours could have produced."""


@dataclass(frozen=True, slots=True)
class AnswerAction:
    quiz_id: str
    choice: int


@dataclass(frozen=True, slots=True)
class ExplainAction:
    topic_id: str
    depth: Depth


@dataclass(frozen=True, slots=True)
class QuizAction:
    topic_id: str


@dataclass(frozen=True, slots=True)
class PracticeAction:
    """The next practice question: of a topic (or any), or of the member's mistakes only.

    `after` is the practice quiz just answered, so a mistake answered wrong again does not
    come straight back.
    """

    topic_id: str | None = None
    mistakes: bool = False
    after: str | None = None


@dataclass(frozen=True, slots=True)
class StopPracticeAction:
    pass


@dataclass(frozen=True, slots=True)
class ProblemAction:
    """Report a problem with the question of a quiz: `reason` None shows the reasons."""

    quiz_id: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ForgetAction:
    """The answer to forget-me's confirmation."""

    confirmed: bool


@dataclass(frozen=True, slots=True)
class LabAction:
    """Open a lab with its example ("Try it" on the tokenization and sampling topics)."""

    lab: Literal["tokens", "sample"]


@dataclass(frozen=True, slots=True)
class SampleAction:
    """Run the sampling lab again with other settings.

    It carries only what the model reads of the prompt, its last two words (an empty string
    for a word the model does not know, which it reads the same way), so it fits any id.
    """

    context: tuple[str, ...]
    temperature: float
    top_p: float
    top_k: int
    seed: int


Action = (
    AnswerAction
    | ExplainAction
    | QuizAction
    | PracticeAction
    | StopPracticeAction
    | ProblemAction
    | ForgetAction
    | LabAction
    | SampleAction
)


def encode(action: Action) -> str:
    match action:
        case AnswerAction(quiz_id, choice):
            text = f"{PREFIX}:a:{quiz_id}:{choice}"
        case ExplainAction(topic_id, depth):
            text = f"{PREFIX}:e:{topic_id}:{depth}"
        case QuizAction(topic_id):
            text = f"{PREFIX}:q:{topic_id}"
        case PracticeAction(topic_id, mistakes, after):
            text = f"{PREFIX}:p:{topic_id or '*'}:{'m' if mistakes else 'a'}"
            if after is not None:
                text += f":{after}"
        case StopPracticeAction():
            text = f"{PREFIX}:ps"
        case ProblemAction(quiz_id, reason):
            text = f"{PREFIX}:r:{quiz_id}" + (f":{reason}" if reason else "")
        case ForgetAction(confirmed):
            text = f"{PREFIX}:f:{'y' if confirmed else 'n'}"
        case LabAction(lab):
            text = f"{PREFIX}:lab:{lab}"
        case SampleAction(context, temperature, top_p, top_k, seed):
            first, last = ("", "", *context)[-2:]
            text = (
                f"{PREFIX}:s:{first}:{last}:{_number(temperature)}:{_number(top_p)}:{top_k}:{seed}"
            )
    if len(text) > MAX_ACTION_ID:
        raise BadAction(f"action id longer than {MAX_ACTION_ID} characters: {text[:40]}…")
    return text


def decode(text: str) -> Action:
    parts = text.split(":")
    if text == f"{PREFIX}:ps":
        return StopPracticeAction()
    if len(parts) < 3 or parts[0] != PREFIX or len(text) > MAX_ACTION_ID:
        raise BadAction(text[:MAX_ACTION_ID])
    kind, rest = parts[1], parts[2:]
    if kind == "a" and len(rest) == 2 and _QUIZ_ID.match(rest[0]) and rest[1].isdigit():
        return AnswerAction(rest[0], int(rest[1]))
    if kind == "e" and len(rest) == 2 and _TOPIC_ID.match(rest[0]):
        depth = rest[1]
        if depth in get_args(Depth):
            return ExplainAction(rest[0], depth)  # type: ignore[arg-type]
    if kind == "q" and len(rest) == 1 and _TOPIC_ID.match(rest[0]):
        return QuizAction(rest[0])
    if kind == "p" and len(rest) in (2, 3) and rest[1] in ("a", "m"):
        topic = None if rest[0] == "*" else rest[0]
        after = rest[2] if len(rest) == 3 else None
        if (topic is None or _TOPIC_ID.match(topic)) and (after is None or _QUIZ_ID.match(after)):
            return PracticeAction(topic, rest[1] == "m", after)
    if kind == "r" and len(rest) in (1, 2) and _QUIZ_ID.match(rest[0]):
        if len(rest) == 1:
            return ProblemAction(rest[0])
        if _REASON.match(rest[1]):
            return ProblemAction(rest[0], rest[1])
    if kind == "f" and len(rest) == 1 and rest[0] in ("y", "n"):
        return ForgetAction(rest[0] == "y")
    if kind == "lab" and rest in (["tokens"], ["sample"]):
        return LabAction(rest[0])  # type: ignore[arg-type]
    if kind == "s" and len(rest) == 6:
        return _sample(text, rest)
    raise BadAction(text)


def _sample(text: str, rest: list[str]) -> SampleAction:
    first, last, temperature, top_p, top_k, seed = rest
    if not all(_WORD.match(word) for word in (first, last)):
        raise BadAction(text)
    try:
        numbers = float(temperature), float(top_p), int(top_k), int(seed)
    except ValueError:
        raise BadAction(text) from None
    context = (first, last) if first else (last,) if last else ()
    return SampleAction(context, *numbers)


def _number(value: float) -> str:
    return format(value, ".6g")


def is_ours(text: str) -> bool:
    return text.startswith(f"{PREFIX}:")
