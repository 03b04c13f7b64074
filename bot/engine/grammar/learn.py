"""The grammar of `/llm explain`, `quiz`, `answer`, `topics` and `help`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from bot.engine.errors import UsageError
from bot.engine.grammar.command import CommandTraits
from bot.knowledge.models import DIFFICULTIES, Depth, Difficulty

HELP_TOPICS = ("scoring",)
LEARN_USAGE = {
    "explain": "/llm explain <topic> [--short|--deep]",
    "quiz": "/llm quiz [topic] [easy|medium|hard]",
    "answer": "/llm answer <quiz id> <choice>",
}
TOPICS_USAGE = "/llm topics"
HELP_USAGE = "/llm help [scoring]"

_DEPTH_FLAGS: dict[str, Depth] = {"--short": "short", "--standard": "standard", "--deep": "deep"}
_FLAG = re.compile(r"(?<!\S)--(short|standard|deep)(?!\S)", re.IGNORECASE)
# Longer topics are never a topic name; the matcher only wastes time on them.
MAX_TOPIC = 200


@dataclass(frozen=True, slots=True)
class Explain(CommandTraits):
    private: ClassVar[bool] = False
    query: str
    depth: Depth = "standard"


@dataclass(frozen=True, slots=True)
class Quiz(CommandTraits):
    private: ClassVar[bool] = False
    topic: str | None = None
    difficulty: Difficulty | None = None


@dataclass(frozen=True, slots=True)
class Answer(CommandTraits):
    quiz_id: str
    choice: str


@dataclass(frozen=True, slots=True)
class Topics(CommandTraits):
    pass


@dataclass(frozen=True, slots=True)
class Help(CommandTraits):
    topic: str | None = None


LearnCommand = Explain | Quiz | Answer | Topics | Help


def _usage(name: str) -> str:
    return f"`{LEARN_USAGE[name]}`"


def parse_explain(rest: str) -> Explain:
    flags = [_DEPTH_FLAGS[f"--{m.lower()}"] for m in _FLAG.findall(rest)]
    if len(set(flags)) > 1:
        raise UsageError("Pick one depth: --short or --deep.", _usage("explain"))
    query = " ".join(_FLAG.sub(" ", rest).split())
    if not query:
        raise UsageError("Which topic? For example `/llm explain attention`.", _usage("explain"))
    if len(query) > MAX_TOPIC:
        raise UsageError("That topic is too long; try a few words.", _usage("explain"))
    return Explain(query, flags[0] if flags else "standard")


def parse_quiz(rest: str) -> Quiz:
    words = rest.split()
    difficulty: Difficulty | None = None
    if words and words[-1].lower() in DIFFICULTIES:
        difficulty = words.pop().lower()  # type: ignore[assignment]
    topic = " ".join(words) or None
    if topic is not None and len(topic) > MAX_TOPIC:
        raise UsageError("That topic is too long; try a few words.", _usage("quiz"))
    return Quiz(topic, difficulty)


def parse_answer(rest: str) -> Answer:
    words = rest.split()
    if len(words) != 2:
        raise UsageError("Give the quiz id and your choice.", _usage("answer"))
    return Answer(words[0].upper(), words[1])


def parse_help(rest: str) -> Help:
    topic = rest.strip().lower()
    if not topic:
        return Help()
    if topic in HELP_TOPICS:
        return Help(topic)
    raise UsageError(f"I have help on: {', '.join(HELP_TOPICS)}.", f"`{HELP_USAGE}`")
