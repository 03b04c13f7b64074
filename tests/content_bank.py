"""Small content folders for tests: a complete bank that passes `content check`, and pieces."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.models import Difficulty, Option, Question

# Made-up words, so generated stems never look alike (nor like real content).
_SYLLABLES = "ka lo mi nu pe ra si to vu we xa yo zu be co da fe gi ho ju".split()


def topic(topic_id: str, *, reviewed: str | None = "2026-12") -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": topic_id,
        "title": topic_id.capitalize(),
        "aliases": [f"{topic_id} {n}" for n in ("one", "two", "three", "four", "five")],
        "short": f"A short text about {topic_id}.",
        "standard": f"A standard text about {topic_id}.",
        "deep": f"A deep text about {topic_id}.",
        "sources": [
            {"authors": "Someone", "title": "A paper", "year": 2020, "url": "https://e.org/p"}
        ],
    }
    if reviewed is not None:
        fields["reviewed"] = reviewed
    return fields


def _stem(rng: random.Random) -> str:
    words = ["".join(rng.choice(_SYLLABLES) for _ in range(3)) for _ in range(6)]
    return " ".join(words).capitalize() + "?"


def question(
    question_id: str,
    topic_id: str,
    stem: str,
    *,
    kind: str = "choice",
    difficulty: str = "medium",
    true: bool = True,
    misconception: str | None = None,
) -> dict[str, Any]:
    """A question whose options are all the same length, so it gives nothing away."""
    if kind == "truefalse":
        options = [
            {"text": "True", "correct": true, "why": "Because."},
            {"text": "False", "correct": not true, "why": "Because."},
        ]
    else:
        options = [
            {"text": "the first answer", "correct": True, "why": "Right."},
            {"text": "the second answer", "why": "Tempting."},
            {"text": "the third answerx", "why": "Tempting."},
        ]
    fields: dict[str, Any] = {
        "id": question_id,
        "topics": [topic_id],
        "difficulty": difficulty,
        "type": kind,
        "stem": stem,
        "options": options,
    }
    if misconception:
        fields["misconception"] = misconception
    return fields


def balanced_bank(topic_ids: list[str], total: int = 480) -> list[dict[str, Any]]:
    """`total` questions meeting every bound: 30 % hard, half true/false, 45 on misconceptions."""
    rng = random.Random(11)
    questions = []
    for n in range(total):
        topic_id = topic_ids[n % len(topic_ids)]
        kind = "truefalse" if n % 4 == 0 else "choice"
        questions.append(
            question(
                f"q{n}-{topic_id}",
                topic_id,
                _stem(rng),
                kind=kind,
                difficulty="hard" if n % 10 < 3 else "easy",
                true=n % 8 == 0,
                misconception=f"m{n % 15 + 1}" if n < 45 else None,
            )
        )
    return questions


def write_content(
    root: Path,
    topics: list[dict[str, Any]],
    questions: list[dict[str, Any]],
    *,
    misconceptions: Sequence[str] = (),
    retired: list[dict[str, Any]] | None = None,
) -> Path:
    (root / "topics").mkdir(parents=True)
    (root / "questions").mkdir()
    dump = {"sort_keys": False, "allow_unicode": True}
    (root / "topics" / "basics.yaml").write_text(
        yaml.safe_dump({"section": "Basics", "order": 1, "topics": topics}, **dump)
    )
    (root / "questions" / "basics.yaml").write_text(
        yaml.safe_dump({"questions": questions}, **dump)
    )
    if misconceptions:
        registry = [
            {"id": m, "wrong": "A belief.", "right": "The fact.", "topics": [topics[0]["id"]]}
            for m in misconceptions
        ]
        (root / "misconceptions.yaml").write_text(
            yaml.safe_dump({"misconceptions": registry}, **dump)
        )
    if retired is not None:
        (root / "retired").mkdir()
        (root / "retired" / "questions.yaml").write_text(
            yaml.safe_dump({"questions": retired}, **dump)
        )
    return root


def valid_content(root: Path) -> Path:
    """Two topics and a 480-question bank that passes every `content check` rule."""
    return write_content(
        root,
        [topic("alpha"), topic("beta")],
        balanced_bank(["alpha", "beta"]),
        misconceptions=[f"m{n}" for n in range(1, 16)],
    )


def choice(right: str, *wrong: str, misconception: str | None = None) -> Question:
    """A choice question for measuring balance, keyed to `right`."""
    options = (Option(right, True, "."), *(Option(text, False, ".") for text in wrong))
    return Question("q", ("t",), "easy", "choice", misconception, "Which?", options)


def truefalse(stem: str, *, true: bool, difficulty: Difficulty = "easy") -> Question:
    options = (Option("True", true, "."), Option("False", not true, "."))
    return Question("q", ("t",), difficulty, "truefalse", None, stem, options)
