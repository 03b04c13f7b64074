"""A word trigram model with backoff and smoothing, small enough to build at first use.

Interpolated absolute discounting: every seen continuation gives up `DISCOUNT` of its
count, and the mass set free goes to the shorter context, down to word frequencies. Every
word of the vocabulary keeps a probability above zero, so temperature and top-p act on a
real distribution, as they do on an LLM's.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.engine.labs.words import words

DISCOUNT = 0.75


@dataclass(frozen=True, slots=True)
class Followers:
    """What came after one context: counts by word id, and their total."""

    total: int
    counts: dict[int, int]


@dataclass(frozen=True, slots=True)
class Step:
    """The next-word distribution after one context, in layers.

    A word the context was followed by has its probability in `seen`; any other word gets
    `weight` times its probability one layer down: `lower`, or word frequencies when
    `lower` is None. `ranked` is `seen` as (probability, word id), most likely first, ties
    alphabetical. Layers share the lower ones, so a step costs only what its context saw.
    """

    order: int
    context: tuple[str, ...]
    seen: dict[int, float]
    ranked: tuple[tuple[float, int], ...]
    weight: float
    lower: Step | None


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
        # Every word from most to least frequent: the last layer of every distribution.
        self.by_frequency: tuple[int, ...] = tuple(
            sorted(range(len(self.vocabulary)), key=lambda i: (-self.unigram[i], i))
        )
        # Words that share a frequency share a probability at the last layer: walking them a
        # group at a time lets top-p cross thousands of rare words in one step.
        groups: dict[int, list[int]] = {}
        for word in self.vocabulary:
            groups.setdefault(unigrams[word], []).append(self.ids[word])
        self.frequency_groups: tuple[tuple[float, tuple[int, ...]], ...] = tuple(
            (count / self.total, tuple(members))
            for count, members in sorted(groups.items(), reverse=True)
        )
        group_of = [0] * len(self.vocabulary)
        for group, (_, members) in enumerate(self.frequency_groups):
            for member in members:
                group_of[member] = group
        self.group_of: tuple[int, ...] = tuple(group_of)
        pairs: Counter[tuple[int, int]] = Counter()
        triples: Counter[tuple[int, int, int]] = Counter()
        for seq in sequences:
            ids = [self.ids[w] for w in seq]
            pairs.update(itertools.pairwise(ids))
            triples.update(zip(ids, ids[1:], ids[2:], strict=False))
        self.bigrams = _grouped(pairs)
        self.trigrams = _grouped(triples)
        self.unknown = Step(1, (), {}, (), 1.0, None)
        # One step per word that has followers, made on first use and kept: a few thousand
        # small dicts at most, and "." or "the" recur in every request.
        self._after_word: dict[int, Step] = {}

    def __len__(self) -> int:
        return len(self.vocabulary)

    def context_of(self, prompt: str) -> tuple[str, ...]:
        """The last two words of the prompt as the model reads them."""
        return tuple(words(prompt)[-2:])

    def step(self, context: tuple[str, ...]) -> Step:
        """The distribution after `context`, from the longest part of it the model has seen."""
        ids = [self.ids.get(w) for w in context[-2:]]
        last = ids[-1] if ids else None
        if last is None or last not in self.bigrams:
            return self.unknown
        two = self._after_word.get(last)
        if two is None:
            two = self._after_word[last] = self._bigram_step(last)
        first = ids[0] if len(ids) == 2 else None
        three = self.trigrams.get((first, last)) if first is not None else None
        if three is None or first is None:
            return two
        weight = DISCOUNT * len(three.counts) / three.total
        seen = {
            word: (count - DISCOUNT) / three.total + weight * two.seen[word]
            for word, count in three.counts.items()
        }
        context = (self.vocabulary[first], self.vocabulary[last])
        return Step(3, context, seen, _ranked(seen), weight, two)

    def _bigram_step(self, last: int) -> Step:
        two = self.bigrams[last]
        weight = DISCOUNT * len(two.counts) / two.total
        seen = {
            word: (count - DISCOUNT) / two.total + weight * self.unigram[word]
            for word, count in two.counts.items()
        }
        return Step(2, (self.vocabulary[last],), seen, _ranked(seen), weight, None)


def _ranked(seen: dict[int, float]) -> tuple[tuple[float, int], ...]:
    # Sorting (-p, id) pairs natively is several times faster than sorting with a key.
    return tuple((-negative, w) for negative, w in sorted((-p, w) for w, p in seen.items()))


def _grouped(counts: Counter[Any]) -> dict[Any, Followers]:
    """N-gram counts grouped by their context (every item but the last)."""
    grouped: dict[Any, dict[int, int]] = {}
    for gram, count in counts.items():
        context = gram[0] if len(gram) == 2 else gram[:-1]
        grouped.setdefault(context, {})[gram[-1]] = count
    return {k: Followers(sum(v.values()), v) for k, v in grouped.items()}
