"""A word trigram model with backoff and smoothing, small enough to build at first use.

Interpolated absolute discounting: every seen continuation gives up `DISCOUNT` of its
count, and the mass set free goes to the shorter context, down to word frequencies. Every
word of the vocabulary keeps a probability above zero, so temperature and top-p act on a
real distribution, as they do on an LLM's.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.engine.labs.words import words

DISCOUNT = 0.75
STEP_CACHE = 512


@dataclass(frozen=True, slots=True)
class Followers:
    """What came after one context: counts by word id, and their total."""

    total: int
    counts: dict[int, int]


@dataclass(frozen=True, slots=True)
class Step:
    """The next-word distribution after one context, kept sparse.

    P(w) is `seen[w]` for a word the context was followed by, else `backoff * P_unigram(w)`;
    `ranked` is `seen` as (probability, word id) pairs, most likely first, ties alphabetical.
    """

    order: int
    context: tuple[str, ...]
    seen: dict[int, float]
    ranked: tuple[tuple[float, int], ...]
    backoff: float


class NgramModel:
    """Counts of words, word pairs and word triples from a set of texts."""

    def __init__(self, texts: Iterable[str]) -> None:
        sequences = [words(text) for text in texts]
        unigrams: Counter[str] = Counter(w for seq in sequences for w in seq)
        # Ids in alphabetical order, so comparing ids breaks ties alphabetically.
        self.vocabulary: tuple[str, ...] = tuple(sorted(unigrams))
        self.ids: dict[str, int] = {w: i for i, w in enumerate(self.vocabulary)}
        self.total = sum(unigrams.values())
        self.unigram: tuple[float, ...] = tuple(unigrams[w] / self.total for w in self.vocabulary)
        self.log_unigram: tuple[float, ...] = tuple(math.log(p) for p in self.unigram)
        # Every word from most to least frequent: the tail of every distribution walks this.
        self.by_frequency: tuple[int, ...] = tuple(
            sorted(range(len(self.vocabulary)), key=lambda i: (-self.unigram[i], i))
        )
        pairs: Counter[tuple[int, int]] = Counter()
        triples: Counter[tuple[int, int, int]] = Counter()
        for seq in sequences:
            ids = [self.ids[w] for w in seq]
            pairs.update(itertools.pairwise(ids))
            triples.update(zip(ids, ids[1:], ids[2:], strict=False))
        self.bigrams = _grouped(pairs)
        self.trigrams = _grouped(triples)
        # Contexts such as "." or "the" recur in every request: keep their distributions.
        self._steps = functools.lru_cache(maxsize=STEP_CACHE)(self._step)

    def __len__(self) -> int:
        return len(self.vocabulary)

    def context_of(self, prompt: str) -> tuple[str, ...]:
        """The last two words of the prompt as the model reads them."""
        return tuple(words(prompt)[-2:])

    def step(self, context: tuple[str, ...]) -> Step:
        """The distribution after `context`, from the longest part of it the model has seen."""
        ids = [self.ids.get(w) for w in context[-2:]]
        last = ids[-1] if ids else None
        first = ids[0] if len(ids) == 2 else None
        return self._steps(first, last)

    def _step(self, first: int | None, last: int | None) -> Step:
        seen: dict[int, float] = {}
        if last is None or last not in self.bigrams:
            return Step(1, (), seen, (), 1.0)
        two = self.bigrams[last]
        backoff = DISCOUNT * len(two.counts) / two.total
        for word, count in two.counts.items():
            seen[word] = (count - DISCOUNT) / two.total
        used: tuple[int, ...] = (last,)
        three = self.trigrams.get((first, last)) if first is not None else None
        if three is not None and first is not None:
            lower = backoff
            weight = DISCOUNT * len(three.counts) / three.total
            for word in seen:
                seen[word] *= weight
            for word, count in three.counts.items():
                seen[word] += (count - DISCOUNT) / three.total
            backoff = weight * lower
            used = (first, last)
        for word in seen:
            seen[word] += backoff * self.unigram[word]
        # Sorting (-p, id) pairs natively is several times faster than sorting with a key.
        ranked = tuple((-negative, w) for negative, w in sorted((-p, w) for w, p in seen.items()))
        context = tuple(self.vocabulary[i] for i in used)
        return Step(len(used) + 1, context, seen, ranked, backoff)


def _grouped(counts: Counter[Any]) -> dict[Any, Followers]:
    """N-gram counts grouped by their context (every item but the last)."""
    grouped: dict[Any, dict[int, int]] = {}
    for gram, count in counts.items():
        context = gram[0] if len(gram) == 2 else gram[:-1]
        grouped.setdefault(context, {})[gram[-1]] = count
    return {k: Followers(sum(v.values()), v) for k, v in grouped.items()}
