"""Wrong options for a Red question, drawn from the other answers of the same list.

Red lists are free-text trivia: a question and the answers it accepts. llmbot asks
multiple choice, so each question borrows three answers of other questions. To be
tempting rather than a giveaway they must look like the right one: the same kind
(a year for a year, a number for a number, words for words) and a similar length
(half to twice its characters). Picks are seeded by the stem, so importing the same
list again gives every question the same options.
"""

from __future__ import annotations

import bisect
import enum
import random
import re
from collections.abc import Iterable, Sequence

from bot.engine.packs.text import same_text

__all__ = ["AnswerKind", "DistractorPool", "answer_key", "kind_of"]

_YEAR = re.compile(r"^(1[0-9]|20)[0-9]{2}$")
_NUMBER = re.compile(r"^[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$")
_NOT_WORD = re.compile(r"[\W_]+")


class AnswerKind(enum.StrEnum):
    YEAR = "year"
    NUMBER = "number"
    TEXT = "text"


def kind_of(answer: str) -> AnswerKind:
    text = answer.strip()
    if _YEAR.match(text):
        return AnswerKind.YEAR
    if _NUMBER.match(text):
        return AnswerKind.NUMBER
    return AnswerKind.TEXT


def answer_key(answer: str) -> str:
    """Answers that differ only in case, spacing or punctuation are the same answer."""
    return _NOT_WORD.sub("", same_text(answer)) or same_text(answer)


class DistractorPool:
    """The distinct answers of one list by kind, sorted by length for a window lookup."""

    def __init__(self, answers: Iterable[str]) -> None:
        by_kind: dict[AnswerKind, dict[str, str]] = {kind: {} for kind in AnswerKind}
        for answer in answers:
            by_kind[kind_of(answer)].setdefault(answer_key(answer), answer)
        self._entries: dict[AnswerKind, list[tuple[int, str, str]]] = {
            kind: sorted((len(text), key, text) for key, text in found.items())
            for kind, found in by_kind.items()
        }
        self._lengths = {kind: [e[0] for e in entries] for kind, entries in self._entries.items()}

    def pick(self, right: str, accepted: Sequence[str], seed: str, count: int = 3) -> list[str]:
        """Up to `count` answers like `right`, none of them an answer `accepted` allows."""
        kind = kind_of(right)
        entries, lengths = self._entries[kind], self._lengths[kind]
        low = bisect.bisect_left(lengths, (len(right) + 1) // 2)
        high = bisect.bisect_right(lengths, 2 * len(right))
        excluded = {answer_key(answer) for answer in (right, *accepted)}
        # At most one entry per excluded key lies in the window, so drawing that many extra
        # positions is enough to find `count` usable ones whenever the window holds them.
        wanted = min(high - low, count + len(excluded))
        drawn = random.Random(seed).sample(range(low, high), wanted)
        picked = [entries[i][2] for i in drawn if entries[i][1] not in excluded]
        return picked[:count]
