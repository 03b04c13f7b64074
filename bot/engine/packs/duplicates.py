"""The same question twice: an exact repeat in a pack is an error, a near one a warning.

Near-duplicates are judged like `llmbot content check` judges the shipped bank
(`token_set_ratio` >= 90), but comparing every pair of 5,000 stems would take minutes,
and real lists are full of one pattern ("What is the element symbol of X?") whose stems
differ by one word. Two stems are compared only when they share one of their rarest
words, so "Actinium" and "Aluminum" never meet while two questions about Actinium do.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from bot.engine.packs.draft import Place, Problem
from bot.engine.packs.text import same_text
from bot.knowledge.quality import NEAR_DUPLICATE_SCORE

__all__ = ["Stem", "exact_duplicates", "near_duplicates"]

_WORD = re.compile(r"[^\W_]+")

# Words compared on: each stem's rarest few, and only words this rare across all stems.
RARE_PER_STEM = 3
RARE_SHARE = 0.005
RARE_MIN = 2


@dataclass(frozen=True, slots=True)
class Stem:
    """A stem and where it is: a place in the pack, or a shipped question's id."""

    text: str
    place: Place | None = None
    question_id: str = ""

    def describe(self) -> str:
        short = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        if self.place is not None:
            return f"{self.place} “{short}”"
        return f"llmbot's question {self.question_id} “{short}”"


def exact_duplicates(stems: Sequence[Stem]) -> list[Problem]:
    first: dict[str, Stem] = {}
    problems = []
    for stem in stems:
        key = _key(stem.text)
        earlier = first.setdefault(key, stem)
        if earlier is not stem and stem.place is not None:
            problems.append(
                Problem(stem.place, f"the same question as {earlier.describe()}; keep one")
            )
    return problems


def _key(text: str) -> str:
    return same_text(text).rstrip("?.!: ")


def near_duplicates(pack: Sequence[Stem], shipped: Sequence[Stem]) -> list[Problem]:
    """Warnings for pack stems nearly equal to an earlier pack stem or a shipped one."""
    everything = [*pack, *shipped]
    # Common words ("the", "what") are never rare, so no stop-word list is needed.
    words = [set(_WORD.findall(same_text(stem.text))) for stem in everything]
    frequency = Counter(word for found in words for word in found)
    limit = max(RARE_MIN, int(len(everything) * RARE_SHARE))
    postings: dict[str, list[int]] = defaultdict(list)
    rare_of: list[list[str]] = []
    for index, found in enumerate(words):
        rare = sorted((w for w in found if frequency[w] <= limit), key=lambda w: (frequency[w], w))
        rare_of.append(rare[:RARE_PER_STEM])
        for word in rare_of[-1]:
            postings[word].append(index)
    processed = [utils.default_process(stem.text) for stem in everything]
    keys = [_key(stem.text) for stem in pack]
    problems = []
    for index in range(len(pack)):
        # Earlier pack stems and every shipped stem; a later pack stem reports the pair itself,
        # and an exact repeat in the pack is already an error.
        others = {
            other
            for word in rare_of[index]
            for other in postings[word]
            if other >= len(pack) or (other < index and keys[other] != keys[index])
        }
        best: tuple[float, int] | None = None
        for other in sorted(others):
            score = fuzz.token_set_ratio(
                processed[index], processed[other], score_cutoff=NEAR_DUPLICATE_SCORE
            )
            if score and (best is None or score > best[0]):
                best = (score, other)
        if best is not None:
            stem = pack[index]
            assert stem.place is not None
            problems.append(
                Problem(
                    stem.place,
                    f"nearly the same question as {everything[best[1]].describe()} "
                    f"(similarity {best[0]:.0f})",
                )
            )
    return problems
