"""A question is vetted before any search, model call or write."""

from __future__ import annotations

import pytest

from bot.engine.ask.question import MAX_QUESTION_CHARS, NotAQuestion, QuestionTooLong, vet
from bot.engine.errors import UsageError


def test_whitespace_is_tidied() -> None:
    assert vet("  why do  llms\nhallucinate? ") == "why do llms hallucinate?"


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_question_gets_the_usage(text: str) -> None:
    with pytest.raises(UsageError) as raised:
        vet(text)
    assert "/llm ask" in raised.value.usage


def test_long_question_is_refused_with_the_limit() -> None:
    vet("a" * MAX_QUESTION_CHARS)
    with pytest.raises(QuestionTooLong) as raised:
        vet("a" * (MAX_QUESTION_CHARS + 1))
    assert str(raised.value) == "Please ask in under 500 characters."


@pytest.mark.parametrize(
    "text",
    [
        "<@123>",
        "<@!123> <@&456>",
        "@everyone",
        "<!channel> ?",
        "<#C123|general>",
        "https://example.com/why",
        "www.example.com <@U123>!!",
    ],
)
def test_only_mentions_or_links_are_not_a_question(text: str) -> None:
    with pytest.raises(NotAQuestion):
        vet(text)


def test_a_mention_beside_words_is_still_a_question() -> None:
    assert vet("<@123> what is rag") == "<@123> what is rag"
