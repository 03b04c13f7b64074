"""Temperature, top-k and top-p on the word model, exactly as an LLM's sampler applies them.

Temperature T raises each probability to the power 1/T and renormalises (T = 0 always takes
the most likely word, ties broken alphabetically); top-k keeps the k most likely words; top-p
then keeps the fewest most likely words whose share reaches p; a word is drawn from what is
left. `layers` and `nucleus` do this without ever building a distribution in full.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bot.engine.labs.layers import ContextLayer, Frequencies, Layer
from bot.engine.labs.ngram import NgramModel, Step
from bot.engine.labs.nucleus import Shaped, WordChance
from bot.engine.labs.options import SampleSettings
from bot.engine.labs.words import is_word, joined

TOP_WORDS = 10
CONTINUATIONS = 3
CONTINUATION_WORDS = 12


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


class Sampler:
    """Runs the lab for one prompt and one set of settings."""

    def __init__(self, model: NgramModel, settings: SampleSettings) -> None:
        self.model = model
        self.settings = settings
        t = settings.temperature
        self._inverse = 1.0 / t if t > 0 else 0.0
        self._frequencies = Frequencies(model, self._inverse) if t > 0 else None
        self._layers: dict[tuple[int, tuple[str, ...]], Layer] = {}
        self._shaped: dict[tuple[str, ...], Shaped] = {}

    def _layer(self, step: Step) -> Layer:
        assert self._frequencies is not None
        if step.order == 1:
            return self._frequencies
        key = (step.order, step.context)
        found = self._layers.get(key)
        if found is None:
            lower = self._frequencies if step.lower is None else self._layer(step.lower)
            found = self._layers[key] = ContextLayer(step, lower, self._inverse)
        return found

    def _at(self, context: tuple[str, ...]) -> Shaped:
        found = self._shaped.get(context)
        if found is None:
            step = self.model.step(context)
            layer = None if self._frequencies is None else self._layer(step)
            found = Shaped(self.model, layer, step, self.settings, self._inverse)
            self._shaped[context] = found
        return found

    def next_word(self, prompt: str) -> NextWord:
        context = self.model.context_of(prompt)
        step = self.model.step(context)
        shaped = self._at(context)
        kept = len(self.model) if shaped.kept is None else sum(n for _, n, _ in shaped.kept)
        return NextWord(step.context, step.order, shaped.top(TOP_WORDS), kept, len(self.model))

    def draw(self, context: tuple[str, ...], rng: random.Random) -> str:
        """One next word after `context`, drawn with these settings."""
        return self.model.vocabulary[self._at(context).draw(rng)]

    def continuation(self, prompt: str, rng: random.Random) -> str:
        context = self.model.context_of(prompt)
        out: list[str] = []
        count = 0
        # Punctuation does not count as a word; the step cap ends a run of commas.
        for _ in range(3 * CONTINUATION_WORDS):
            word = self.draw(context, rng)
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
