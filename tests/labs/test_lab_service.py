"""The labs as use cases: results with their pictures, made off the event loop."""

from __future__ import annotations

import pytest

from bot.engine.labs.lab import SHOWN_TOKENS, Labs, describe, short
from bot.engine.labs.options import SampleSettings
from bot.knowledge.cache import load_cached


@pytest.fixture(scope="module")
def labs() -> Labs:
    return Labs(load_cached().kb)


async def test_tokens_default_to_o200k_and_compare_shows_both(labs: Labs) -> None:
    one = await labs.tokens("Hello, world!", "o200k")
    assert [t.encoding for t in one.tokenizations] == ["o200k_base"]
    assert [t.id for t in one.tokenizations[0].tokens] == [13225, 11, 2375, 0]
    assert "“Hello” 13225" in one.picture.alt
    both = await labs.tokens("Hello, world!", "compare")
    assert [t.encoding for t in both.tokenizations] == ["o200k_base", "cl100k_base"]
    assert "“Hello” 9906" in both.picture.alt
    assert not both.cut


async def test_a_long_text_draws_the_first_two_hundred_tokens(labs: Labs) -> None:
    text = " ".join(f"w{i}" for i in range(400))
    result = await labs.tokens(text, "o200k")
    assert result.tokenizations[0].count > SHOWN_TOKENS
    assert result.cut
    count = result.tokenizations[0].count
    assert f"o200k_base · {count} tokens" in result.picture.alt
    assert result.picture.alt.endswith(" more.")


async def test_sample_draws_both_temperatures(labs: Labs) -> None:
    result = await labs.sample("the transformer", SampleSettings(0.5, top_p=0.9), seed=4)
    assert result.run.next_word.order == 3
    assert "temperature 1 (the model itself)" in result.picture.alt
    assert "temperature 0.5, top-p 0.9" in result.picture.alt
    assert result.run.next_word.top[0].word in result.picture.alt


def test_settings_and_titles_read_shortly() -> None:
    assert describe(SampleSettings(0.8)) == "temperature 0.8"
    assert describe(SampleSettings(1.0, 0.9, 5)) == "temperature 1, top-p 0.9, top-k 5"
    assert short("a  b\nc") == "a b c"
    assert short("x" * 100) == "x" * 59 + "…"
