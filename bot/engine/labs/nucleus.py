"""Top-k and top-p: the most likely words of a step, found without sorting the vocabulary."""

from __future__ import annotations

import heapq
import math
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from bot.engine.labs.layers import Layer
from bot.engine.labs.ngram import NgramModel, Step
from bot.engine.labs.options import SampleSettings


@dataclass(frozen=True, slots=True)
class WordChance:
    """A candidate next word: its probability in the model (temperature 1, nothing filtered)
    and with the chosen settings (0 when top-k or top-p removed it)."""

    word: str
    model: float
    chosen: float


# A run of words with one probability, most likely first: (probability, word id, -1) for a
# word the context saw, or (probability, how many words, frequency group) for the others.
_Run = tuple[float, int, int]
# What top-k and top-p kept of a run: the run, how many of its words, and each one's weight.
_Kept = tuple[_Run, int, float]


class Shaped:
    """One step's distribution after temperature, top-k and top-p.

    Without top-k or top-p every word stays and a draw goes through the layers. With them,
    the distribution is walked in runs, most likely first: words the context saw one by
    one, other words a frequency group at a time (thousands of words seen once share one
    probability), so a nucleus of most of the vocabulary costs a few hundred steps.
    """

    def __init__(self, model: NgramModel, layer: Layer | None, step: Step,
                 settings: SampleSettings, inverse: float) -> None:
        self.model = model
        self.layer = layer
        self._inverse = inverse
        self._runs = _runs(model, step)
        self._excluded = _explicit_words(step)
        self._walked: list[_Run] = [next(self._runs)]
        first = self._walked[0]
        self.best = first[1] if first[2] < 0 else self._members(first[2])[0]
        self._best_p = first[0]
        self.kept: list[_Kept] | None = None
        self.mass = 1.0 if layer is None else layer.mass
        if layer is None:
            self.kept = [((first[0], self.best, -1), 1, 1.0)]
        else:
            self._filter(settings)

    def _weight(self, p: float) -> float:
        return math.pow(p / self._best_p, self._inverse)

    def _members(self, group: int) -> list[int]:
        """A frequency group's words that the context did not see, in alphabetical order."""
        excluded = self._excluded
        return [w for w in self.model.frequency_groups[group][1] if w not in excluded]

    def _run(self, index: int) -> _Run | None:
        while len(self._walked) <= index:
            found = next(self._runs, None)
            if found is None:
                return None
            self._walked.append(found)
        return self._walked[index]

    def _filter(self, settings: SampleSettings) -> None:
        """Top-k, then top-p on the share that top-k left."""
        size = len(self.model)
        limit = settings.top_k if 0 < settings.top_k < size else size
        if limit == size and settings.top_p >= 1:
            return
        mass = self.mass
        if limit < size:
            mass = math.fsum(count * weight for _, count, weight in self._take(limit, math.inf))
        goal = settings.top_p * mass if settings.top_p < 1 else math.inf
        self.kept = self._take(limit, goal)
        self.mass = math.fsum(count * weight for _, count, weight in self.kept)

    def _take(self, limit: int, goal: float) -> list[_Kept]:
        """The most likely words, up to `limit` words or until their weight reaches `goal`."""
        kept: list[_Kept] = []
        count, running, index = 0, 0.0, 0
        per_best, inverse = 1.0 / self._best_p, self._inverse
        walked, runs = self._walked, self._runs
        while count < limit and running < goal:
            if index == len(walked):
                found = next(runs, None)
                if found is None:
                    break
                walked.append(found)
            run = walked[index]
            index += 1
            size = 1 if run[2] < 0 else run[1]
            weight = math.pow(run[0] * per_best, inverse)
            take = min(size, limit - count)
            if running + take * weight >= goal:
                take = min(take, max(1, math.ceil((goal - running) / weight - 1e-9)))
            kept.append((run, take, weight))
            count += take
            running += take * weight
        return kept

    def top(self, count: int) -> tuple[WordChance, ...]:
        rows: list[WordChance] = []
        kept = None if self.kept is None else sum(taken for _, taken, _ in self.kept)
        index = 0
        while len(rows) < count and (run := self._run(index)) is not None:
            words = [run[1]] if run[2] < 0 else self._members(run[2])[: count - len(rows)]
            weight = self._weight(run[0])
            for word in words:
                inside = kept is None or len(rows) < kept
                if self.layer is None:
                    chosen = 1.0 if word == self.best else 0.0
                else:
                    chosen = weight / self.mass if inside else 0.0
                rows.append(WordChance(self.model.vocabulary[word], run[0], chosen))
            index += 1
        return tuple(rows)

    def draw(self, rng: random.Random) -> int:
        if self.kept is None:
            assert self.layer is not None
            return self.layer.draw(rng)
        goal, running = rng.random() * self.mass, 0.0
        for run, taken, weight in self.kept:
            if running + taken * weight > goal or run is self.kept[-1][0]:
                if run[2] < 0:
                    return run[1]
                position = min(int((goal - running) / weight), taken - 1)
                return self._members(run[2])[max(position, 0)]
            running += taken * weight
        return self.best


def _explicit_words(step: Step) -> dict[int, float]:
    """Words some layer of the step weighs itself: every layer's words are in the lowest's."""
    lowest = step
    while lowest.lower is not None:
        lowest = lowest.lower
    return lowest.seen


def _runs(model: NgramModel, step: Step) -> Iterator[_Run]:
    """The step's distribution as runs of equal probability, most likely first.

    Words the context saw come one at a time (each layer merged into the one below it,
    scaled by its weight); every other word belongs to a frequency group, whose words share
    one probability and are listed alphabetically, as ties are broken.
    """
    layers: list[Step] = []
    layer: Step | None = step
    while layer is not None:
        layers.append(layer)
        layer = layer.lower
    explicit: Iterator[tuple[float, int]] = iter(())
    tail = 1.0
    for one in reversed(layers):
        weight, seen = one.weight, one.seen
        below = ((weight * negative, w) for negative, w in explicit if w not in seen)
        explicit = heapq.merge(((-p, w) for p, w in one.ranked), below)
        tail *= weight
    excluded = _explicit_words(step)
    taken = Counter(model.group_of[w] for w in excluded)
    pending = next(explicit, None)
    for group, (probability, members) in enumerate(model.frequency_groups):
        left = len(members) - taken[group]
        if not left:
            continue
        p = tail * probability
        while pending is not None and -pending[0] >= p:
            yield (-pending[0], pending[1], -1)
            pending = next(explicit, None)
        yield (p, left, group)
    while pending is not None:
        yield (-pending[0], pending[1], -1)
        pending = next(explicit, None)
