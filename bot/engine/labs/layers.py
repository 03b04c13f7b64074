"""A step's distribution at one temperature, layer by layer, for sampling without filters.

Weights are probabilities relative to a layer's most likely word, raised to 1/T, so they
neither overflow nor vanish whatever T is. Only word frequencies visit the whole vocabulary,
once per request; a context layer costs the words that context was followed by.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random

from bot.engine.labs.ngram import NgramModel, Step


class Layer:
    """One layer of a step's distribution at one temperature, for one request.

    Weights are probabilities relative to the layer's best, raised to 1/T, so they never
    overflow or vanish whatever T is; `mass` is the sum of every word's weight.
    """

    best: float
    mass: float

    def relative(self, word: int) -> float:
        raise NotImplementedError

    def draw(self, rng: random.Random) -> int:
        raise NotImplementedError


class Frequencies(Layer):
    """Word frequencies: the only layer that visits the whole vocabulary, once per request."""

    def __init__(self, model: NgramModel, inverse: float) -> None:
        self.model = model
        self.best = model.unigram[model.by_frequency[0]]
        self.weights = [math.pow(p / self.best, inverse) for p in model.unigram]
        self.cumulative = list(itertools.accumulate(self.weights[w] for w in model.by_frequency))
        self.mass = self.cumulative[-1]

    def relative(self, word: int) -> float:
        return self.weights[word]

    def draw(self, rng: random.Random) -> int:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.mass)
        return self.model.by_frequency[min(index, len(self.cumulative) - 1)]


class ContextLayer(Layer):
    """The words a context was followed by, over the layer below for every other word."""

    def __init__(self, step: Step, lower: Layer, inverse: float) -> None:
        self.step = step
        self.lower = lower
        self.best = max(step.ranked[0][0], step.weight * lower.best)
        self.inverse = inverse
        self.seen = {w: math.pow(p / self.best, inverse) for p, w in step.ranked}
        self.seen_mass = math.fsum(self.seen.values())
        # Any other word: its weight below, times this factor (at most 1).
        self.factor = math.pow(step.weight * lower.best / self.best, inverse)
        covered = math.fsum(lower.relative(w) for w in self.seen)
        self.mass = self.seen_mass + self.factor * max(lower.mass - covered, 0.0)

    def relative(self, word: int) -> float:
        found = self.seen.get(word)
        return found if found is not None else self.factor * self.lower.relative(word)

    def draw(self, rng: random.Random) -> int:
        goal = rng.random() * self.mass
        if goal < self.seen_mass:
            running = 0.0
            for _, word in self.step.ranked:
                running += self.seen[word]
                if running > goal:
                    return word
        # Another word: drawn below, again while it is one this layer weighed itself. The
        # words redrawn weigh no more here than below, so this takes under two draws on average.
        while True:
            word = self.lower.draw(rng)
            if word not in self.seen:
                return word
