"""The text grammar shared by the console and Slack."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.engine.errors import UsageError
from bot.engine.grammar import Answer, Ask, Explain, Help, Leaderboard, Me, Quiz, Topics, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/llm explain attention", Explain("attention")),
        ("/llm explain attention --deep", Explain("attention", "deep")),
        ("/llm explain --short what's a token?", Explain("what's a token?", "short")),
        ('/llm explain "self attention" --DEEP', Explain('"self attention"', "deep")),
        ("explain attention", Explain("attention")),
        ("/llm ask why do llms make up citations?", Ask("why do llms make up citations?")),
        ("ask  is a 'bigger' window --deep better?", Ask("is a 'bigger' window --deep better?")),
        ("/llm quiz", Quiz()),
        ("/llm quiz hard", Quiz(None, "hard")),
        ("/llm quiz rlhf medium", Quiz("rlhf", "medium")),
        ("/llm quiz how do transformers work", Quiz("how do transformers work")),
        ("/llm answer k7m2 b", Answer("K7M2", "b")),
        ("/llm leaderboard", Leaderboard("week")),
        ("/llm leaderboard all", Leaderboard("all")),
        ("/llm me", Me()),
        ("/llm topics", Topics()),
        ("/llm help", Help()),
        ("/llm", Help()),
    ],
)
def test_commands_parse(text: str, expected: object) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "/llm explain",
        "/llm ask",
        "/llm ask    ",
        "/llm explain --deep",
        "/llm explain x --short --deep",
        "/llm answer ABCD",
        "/llm answer ABCD B extra",
        "/llm leaderboard yesterday",
        "/llm me please",
        "/llm stats x",
        "/llm dance",
        "/llmexplain attention",
    ],
)
def test_bad_input_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError):
        parse(text)


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=150))
def test_explain_keeps_free_text_untouched(topic: str) -> None:
    words = topic.split()
    if not words or any(w.lower() in ("--short", "--deep", "--standard") for w in words):
        return
    assert parse(f"/llm explain {topic}") == Explain(" ".join(words))


@given(st.text(max_size=300))
def test_parser_never_raises_anything_but_usage_errors(text: str) -> None:
    with contextlib.suppress(UsageError):
        parse(text)
