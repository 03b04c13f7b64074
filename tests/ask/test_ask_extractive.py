"""The answer without a model: passages under their topics' titles, in whole sentences."""

from __future__ import annotations

from bot.engine.ask.extractive import MOST_PASSAGES, extractive_body, whole_sentences
from bot.engine.ask.ports import Excerpt


def test_passages_are_grouped_under_their_topic_titles_in_order() -> None:
    extract = extractive_body(
        [
            Excerpt(1, "Hallucinations", "One."),
            Excerpt(2, "RAG", "Two."),
            Excerpt(3, "Hallucinations", "Three."),
        ]
    )

    assert extract.body == "**Hallucinations**\nOne.\nThree.\n\n**RAG**\nTwo."
    assert extract.shown == (1, 2, 3)


def test_at_most_four_passages() -> None:
    extract = extractive_body([Excerpt(n, f"T{n}", f"Text {n}.") for n in range(1, 8)])

    assert extract.body.count("**") == 2 * MOST_PASSAGES
    assert extract.shown == (1, 2, 3, 4)


def test_the_answer_stays_within_its_limit_but_keeps_the_first_passage() -> None:
    long = "A sentence of some length here. " * 30
    extract = extractive_body([Excerpt(n, f"T{n}", long) for n in range(1, 5)], limit=700)

    assert extract.shown == (1,)
    assert len(extract.body) <= 700


def test_sentences_are_kept_whole() -> None:
    assert whole_sentences("One two. Three four. Five six.", 20) == "One two. Three four."
    assert whole_sentences("A very long first sentence without end", 12) == "A very long…"
