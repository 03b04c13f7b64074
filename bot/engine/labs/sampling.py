"""Temperature, top-k and top-p on the word model, exactly as an LLM's sampler applies them.

Temperature T raises each probability to the power 1/T and renormalises (T = 0 always takes
the most likely word, ties broken alphabetically); top-k keeps the k most likely words; top-p
then keeps the fewest most likely words whose share reaches p; a word is drawn from what is
left. The vocabulary is a few thousand words and a request takes about forty steps, so the
distribution is walked lazily from the most likely word down instead of built in full: a
step costs the words its context has seen, plus as much of the tail as a draw reaches.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from bot.engine.labs.ngram import NgramModel, Step
from bot.engine.labs.options import SampleSettings
from bot.engine.labs.words import is_word, joined

TOP_WORDS = 10
CONTINUATIONS = 3
CONTINUATION_WORDS = 12


@dataclass(frozen=True, slots=True)
class WordChance:
    """A candidate next word: its probability in the model (temperature 1, nothing filtered)
    and with the chosen settings (0 when top-k or top-p removed it)."""

    word: str
    model: float
    chosen: float


@dataclass(frozen=True, slots=True)
class NextWord:
    """The prompt's next-word distribution.

    `context` is what the model read: the last two words (`order` 3), the last word only
    (`order` 2, the pair was never seen), or nothing (`order` 1: no known word, so plain
    word frequencies). `kept` counts the words left after top-k and top-p.
    """

    context: tuple[str, ...]
    order: int
    top: tuple[WordChance, ...]
    kept: int
    vocabulary: int


@dataclass(frozen=True, slots=True)
class SampleRun:
    next_word: NextWord
    continuations: tuple[str, ...]
    seed: int


class _Temperature:
    """Per-request constants of one temperature: the only pass over the whole vocabulary.

    `weights[w]` is (P_unigram(w) / max P_unigram) ** (1/T), and `cumulative` sums them in
    order of frequency, so a draw from the tail is one binary search.
    """

    def __init__(self, model: NgramModel, temperature: float) -> None:
        self.inverse = 1.0 / temperature
        self.log_top = max(model.log_unigram)
        self.weights = [math.exp((lp - self.log_top) * self.inverse) for lp in model.log_unigram]
        self.cumulative = list(itertools.accumulate(self.weights[w] for w in model.by_frequency))
        self.total = self.cumulative[-1]


# (probability at temperature 1, word id, weight at the chosen temperature)
_Ranked = tuple[float, int, float]


class _Shaped:
    """One step's distribution after temperature, top-k and top-p.

    A word's weight is its probability relative to the best word's, raised to 1/T. Words
    the context has seen get their own weight; every other word's is its frequency weight
    times one `scale`, so the tail costs nothing until a draw lands in it. `kept` lists the
    words top-k and top-p left (None: every word), most likely first.
    """

    def __init__(self, model: NgramModel, step: Step, settings: SampleSettings,
                 temperature: _Temperature | None) -> None:
        self.model = model
        self.step = step
        self.temperature = temperature
        self._ranked: list[_Ranked] = []
        self._walk = self._merged()
        best = next(self._walk)
        self.best = best[1]
        self.seen: dict[int, float] = {}
        self.scale = 0.0
        if temperature is None:
            self._ranked.append((best[0], best[1], 1.0))
            self.kept: list[_Ranked] | None = list(self._ranked)
            self.total = self.mass = self.seen_mass = 1.0
            return
        inverse, per_best = temperature.inverse, 1.0 / best[0]
        self.seen = {w: (p * per_best) ** inverse for p, w in step.ranked}
        self.seen_mass = sum(self.seen.values())
        self.scale = math.exp(
            (math.log(step.backoff) + temperature.log_top + math.log(per_best)) * inverse
        )
        weights = temperature.weights
        unseen = temperature.total - sum(weights[w] for w in step.seen)
        self.total = self.seen_mass + self.scale * max(unseen, 0.0)
        self._ranked.append((best[0], best[1], self._weight(best[1])))
        self.kept, self.mass = None, self.total
        self._filter(settings)

    def _merged(self) -> Iterator[tuple[float, int]]:
        """Every word with its probability, most likely first, ties alphabetical."""
        backoff, unigram, seen = self.step.backoff, self.model.unigram, self.step.seen
        tail = ((backoff * unigram[w], w) for w in self.model.by_frequency if w not in seen)
        return heapq.merge(self.step.ranked, tail, key=lambda pw: (-pw[0], pw[1]))

    def _weight(self, word: int) -> float:
        found = self.seen.get(word)
        if found is not None:
            return found
        return self.scale * self.temperature.weights[word] if self.temperature else 0.0

    def ranked(self, count: int) -> list[_Ranked]:
        """The `count` most likely words, walked once and remembered."""
        self._extend(count)
        return self._ranked[:count]

    def _extend(self, count: int) -> bool:
        """Walk until `count` words are known; False when the vocabulary is shorter."""
        while len(self._ranked) < count:
            found = next(self._walk, None)
            if found is None:
                return False
            self._ranked.append((found[0], found[1], self._weight(found[1])))
        return True

    def _filter(self, settings: SampleSettings) -> None:
        """Top-k, then top-p on the share that top-k left."""
        size = len(self.model)
        limit = settings.top_k if 0 < settings.top_k < size else size
        if limit == size and settings.top_p >= 1:
            return
        mass = self.total
        if limit < size:
            mass = math.fsum(weight for _, _, weight in self.ranked(limit))
        goal = settings.top_p * mass if settings.top_p < 1 else math.inf
        running, count = 0.0, 0
        while count < limit and running < goal and self._extend(count + 1):
            running += self._ranked[count][2]
            count += 1
        kept = self._ranked[:count]
        self.kept, self.mass = kept, running

    def top(self, count: int) -> tuple[WordChance, ...]:
        rows = []
        inside = len(self.model) if self.kept is None else len(self.kept)
        for i, (p, w, weight) in enumerate(self.ranked(count)):
            chosen = weight / self.mass if i < inside else 0.0
            if self.temperature is None:
                chosen = 1.0 if w == self.best else 0.0
            rows.append(WordChance(self.model.vocabulary[w], p, chosen))
        return tuple(rows)

    def draw(self, rng: random.Random) -> int:
        if self.temperature is None:
            return self.best
        if self.kept is not None:
            goal, running = rng.random() * self.mass, 0.0
            for _, w, weight in self.kept:
                running += weight
                if running > goal:
                    return w
            return self.kept[-1][1]
        goal = rng.random() * self.total
        if goal < self.seen_mass:
            running = 0.0
            for _, w in self.step.ranked:
                running += self.seen[w]
                if running > goal:
                    return w
        # The tail: a word by frequency weight, drawn again while it is one the context saw
        # (those were weighed above in full), which takes fewer than two draws on average.
        temperature, order = self.temperature, self.model.by_frequency
        while True:
            index = bisect.bisect_right(temperature.cumulative, rng.random() * temperature.total)
            word = order[min(index, len(order) - 1)]
            if word not in self.step.seen:
                return word


class Sampler:
    """Runs the lab for one prompt and one set of settings."""

    def __init__(self, model: NgramModel, settings: SampleSettings) -> None:
        self.model = model
        self.settings = settings
        t = settings.temperature
        self._temperature = _Temperature(model, t) if t > 0 else None
        self._shaped: dict[tuple[str, ...], _Shaped] = {}

    def _at(self, context: tuple[str, ...]) -> _Shaped:
        found = self._shaped.get(context)
        if found is None:
            step = self.model.step(context)
            found = _Shaped(self.model, step, self.settings, self._temperature)
            self._shaped[context] = found
        return found

    def next_word(self, prompt: str) -> NextWord:
        shaped = self._at(self.model.context_of(prompt))
        kept = len(self.model) if shaped.kept is None else len(shaped.kept)
        return NextWord(
            shaped.step.context, shaped.step.order, shaped.top(TOP_WORDS), kept, len(self.model)
        )

    def continuation(self, prompt: str, rng: random.Random) -> str:
        context = self.model.context_of(prompt)
        out: list[str] = []
        count = 0
        # Punctuation does not count as a word; the step cap ends a run of commas.
        for _ in range(3 * CONTINUATION_WORDS):
            word = self.model.vocabulary[self._at(context).draw(rng)]
            out.append(word)
            context = (*context, word)[-2:]
            count += is_word(word)
            if count == CONTINUATION_WORDS:
                break
        return joined(out)


def sample(model: NgramModel, prompt: str, settings: SampleSettings, seed: int) -> SampleRun:
    """The distribution after `prompt` and three continuations, the same for the same seed."""
    sampler = Sampler(model, settings)
    rng = random.Random(seed)
    continuations = tuple(sampler.continuation(prompt, rng) for _ in range(CONTINUATIONS))
    return SampleRun(sampler.next_word(prompt), continuations, seed)
