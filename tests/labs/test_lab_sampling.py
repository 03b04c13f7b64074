"""The sampling lab: a trigram model with backoff, and temperature, top-k, top-p and seeds
that behave as an LLM sampler's do. Expected values come from brute force over the whole
vocabulary, written here independently of the lazy walk the lab uses."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from bot.engine.labs.corpus import EXAMPLE_PROMPT, LazyModel, build_model, model_problems
from bot.engine.labs.ngram import NgramModel, Step
from bot.engine.labs.options import SampleSettings
from bot.engine.labs.sampling import Sampler, sample
from bot.engine.labs.words import is_word, joined, words
from bot.knowledge.cache import load_cached

TEXTS = [
    "The cat sat on the mat. The cat ate the fish.",
    "A dog sat on the rug, and the dog slept.",
    "The model reads the prompt and the model writes the answer.",
]


@pytest.fixture(scope="module")
def small() -> NgramModel:
    return NgramModel(TEXTS)


@pytest.fixture(scope="module")
def notes() -> NgramModel:
    return build_model(load_cached().kb)


def probability(model: NgramModel, step: Step, word: int) -> float:
    """P(word) from the layers, as `Step` defines them: the first layer that saw the word,
    times the weights of the layers above it; word frequency below the last layer."""
    weight = 1.0
    layer: Step | None = step
    while layer is not None:
        if word in layer.seen:
            return weight * layer.seen[word]
        weight *= layer.weight
        layer = layer.lower
    return weight * model.unigram[word]


def brute_force(model: NgramModel, context: tuple[str, ...], settings: SampleSettings
                ) -> dict[str, float]:
    """The sampler's distribution, the slow and obvious way."""
    step = model.step(context)
    p = {w: probability(model, step, i) for i, w in enumerate(model.vocabulary)}
    order = sorted(p, key=lambda w: (-p[w], w))
    if settings.temperature == 0:
        return {order[0]: 1.0}
    q = {w: p[w] ** (1 / settings.temperature) for w in order}
    if settings.top_k:
        order = order[: settings.top_k]
    total = sum(q[w] for w in order)
    if settings.top_p < 1:
        kept, running = [], 0.0
        for w in order:
            kept.append(w)
            running += q[w] / total
            if running >= settings.top_p:
                break
        order = kept
    total = sum(q[w] for w in order)
    return {w: q[w] / total for w in order}


def test_words_are_lower_case_with_sentence_punctuation() -> None:
    assert words("The **Transformer** (see [the paper](https://x.y)), isn't it?") == [
        "the", "transformer", "see", "the", "paper", ",", "isn't", "it", "?",
    ]
    assert joined(["the", "cat", ",", "a", "dog", "."]) == "the cat, a dog."


@pytest.mark.parametrize("context", [(), ("the",), ("the", "cat"), ("zebra",), ("on", "the")])
def test_every_distribution_sums_to_one(small: NgramModel, context: tuple[str, ...]) -> None:
    step = small.step(context)
    p = [probability(small, step, i) for i in range(len(small))]
    assert sum(p) == pytest.approx(1.0, abs=1e-12)
    assert min(p) > 0


def test_unknown_words_back_off_to_shorter_contexts(small: NgramModel) -> None:
    assert (small.step(("the", "cat")).order, small.step(("the", "cat")).context) == (
        3, ("the", "cat"))
    assert (small.step(("zebra", "cat")).order, small.step(("zebra", "cat")).context) == (
        2, ("cat",))
    assert (small.step(("cat", "zebra")).order, small.step(("cat", "zebra")).context) == (1, ())
    run = sample(small, "日本語 zebra", SampleSettings(0.8), seed=1)
    assert (run.next_word.order, run.next_word.context) == (1, ())
    by_frequency = sorted(small.vocabulary, key=lambda w: -small.unigram[small.ids[w]])
    assert run.next_word.top[0].word == by_frequency[0] == "the"


@pytest.mark.parametrize(
    "settings",
    [
        SampleSettings(1.0),
        SampleSettings(0.5),
        SampleSettings(1.7),
        SampleSettings(0.8, top_k=3),
        SampleSettings(0.8, top_p=0.6),
        SampleSettings(1.5, top_p=0.9, top_k=5),
        SampleSettings(0.05),
    ],
    ids=str,
)
@pytest.mark.parametrize("prompt", ["the cat", "sat on", "zebra", "the"])
def test_shown_probabilities_match_brute_force(
    small: NgramModel, settings: SampleSettings, prompt: str
) -> None:
    expected = brute_force(small, small.context_of(prompt), settings)
    shown = Sampler(small, settings).next_word(prompt)
    for row in shown.top:
        assert row.chosen == pytest.approx(expected.get(row.word, 0.0), abs=1e-9)
    assert shown.kept == len(expected)


def test_temperature_one_without_filters_shows_the_model_itself(small: NgramModel) -> None:
    for row in Sampler(small, SampleSettings(1.0)).next_word("the cat").top:
        assert row.chosen == pytest.approx(row.model)


@pytest.mark.parametrize(
    "settings", [SampleSettings(1.0), SampleSettings(0.6, top_p=0.8), SampleSettings(1.8)],
    ids=str,
)
def test_draws_follow_the_shown_distribution(small: NgramModel, settings: SampleSettings) -> None:
    expected = brute_force(small, small.context_of("the cat"), settings)
    sampler = Sampler(small, settings)
    rng = random.Random(5)
    draws = Counter(sampler.draw(("the", "cat"), rng) for _ in range(20_000))
    for word, share in expected.items():
        assert draws[word] / 20_000 == pytest.approx(share, abs=0.012)
    assert set(draws) <= set(expected)


def test_temperature_zero_takes_the_likeliest_word_with_ties_alphabetical() -> None:
    model = NgramModel(["x a b d", "y a b c"])
    run = sample(model, "a b", SampleSettings(0.0), seed=3)
    assert run.next_word.top[0].word == "c"
    assert run.next_word.top[0].chosen == 1.0
    assert [row.chosen for row in run.next_word.top[1:]] == [0.0] * (len(run.next_word.top) - 1)
    assert all(c.startswith("c") for c in run.continuations)


def test_the_transformer_at_temperature_zero_repeats_one_continuation(notes: NgramModel) -> None:
    run = sample(notes, "the transformer", SampleSettings(0.0), seed=11)
    first = run.next_word.top[0]
    assert first.model == max(row.model for row in run.next_word.top)
    assert len(set(run.continuations)) == 1
    assert words(run.continuations[0])[0] == first.word


def test_top_k_one_is_greedy(notes: NgramModel) -> None:
    greedy = sample(notes, "attention lets", SampleSettings(0.0), seed=1).continuations
    top_one = sample(notes, "attention lets", SampleSettings(1.5, top_k=1), seed=2).continuations
    assert top_one == greedy


def test_the_same_seed_gives_the_same_continuations(notes: NgramModel) -> None:
    settings = SampleSettings(1.0)
    once = sample(notes, "the model", settings, seed=42)
    again = sample(notes, "the model", settings, seed=42)
    other = sample(notes, "the model", settings, seed=43)
    assert once == again
    assert once.continuations != other.continuations


def test_three_continuations_of_twelve_words(notes: NgramModel) -> None:
    run = sample(notes, EXAMPLE_PROMPT, SampleSettings(1.2), seed=9)
    assert len(run.continuations) == 3
    for line in run.continuations:
        assert sum(is_word(w) for w in words(line)) == 12


def test_the_notes_model_passes_its_checks(notes: NgramModel) -> None:
    assert model_problems(notes) == []
    assert len(notes) >= 500


def test_a_model_from_too_little_text_is_reported() -> None:
    problems = model_problems(NgramModel(["a few words only"]))
    assert any("at least 500" in p for p in problems)
    assert any("the transformer" in p for p in problems)


async def test_the_model_is_built_once_off_the_event_loop() -> None:
    lazy = LazyModel(load_cached().kb)
    first, second = await lazy.ready(), await lazy.ready()
    assert first is second
    assert not math.isnan(first.unigram[0])


@pytest.mark.parametrize(
    "settings",
    [SampleSettings(1.5, top_p=0.95), SampleSettings(0.8, top_k=50),
     SampleSettings(2.0, top_p=0.5, top_k=3000), SampleSettings(1.0, top_k=4000)],
    ids=str,
)
@pytest.mark.parametrize("prompt", ["the transformer", "quantum zebra", "of the"])
def test_filters_on_the_notes_model_match_brute_force(
    notes: NgramModel, settings: SampleSettings, prompt: str
) -> None:
    """Top-k and top-p cut through groups of equally rare words; the cut must be exact."""
    expected = brute_force(notes, notes.context_of(prompt), settings)
    sampler = Sampler(notes, settings)
    shown = sampler.next_word(prompt)
    assert shown.kept == len(expected)
    for row in shown.top:
        assert row.chosen == pytest.approx(expected.get(row.word, 0.0), abs=1e-9)
    rng = random.Random(8)
    draws = Counter(sampler.draw(notes.context_of(prompt), rng) for _ in range(4000))
    assert set(draws) <= set(expected)
    for word, share in sorted(expected.items(), key=lambda item: -item[1])[:3]:
        assert draws[word] / 4000 == pytest.approx(share, abs=0.03)
