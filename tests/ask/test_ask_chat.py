"""`/llm ask` in the console, read like a chat: the same commands as Discord and Slack."""

from __future__ import annotations

import pytest

from bot.adapters.console import ConsoleChat, render_text
from bot.engine import Actor, Engine


@pytest.fixture
def chat(engine: Engine, actor: Actor) -> ConsoleChat:
    return ConsoleChat(engine, actor)


async def test_a_question_in_own_words_is_answered_from_the_notes_with_sources(
    chat: ConsoleChat,
) -> None:
    reply = await chat.say("/llm ask what does temperature 0 actually do?")

    assert reply.kind == "ask" and reply.data["generated"] is False
    assert reply.data["citations"][0] == "sampling-and-decoding"
    shown = render_text(reply)
    assert "Question: what does temperature 0 actually do?" in shown
    assert "Sources:" in shown and "From llmbot's notes." in shown


async def test_clicking_explain_on_a_cited_topic_explains_it(chat: ConsoleChat) -> None:
    await chat.say("/llm ask what does temperature 0 actually do?")

    explained = await chat.say("explain: sampling and decoding: how the next token is picked")

    assert explained.kind == "explanation"
    assert explained.data["topic_id"] == "sampling-and-decoding"


@pytest.mark.parametrize(
    ("text", "kind", "says"),
    [
        ("/llm ask", "usage", "/llm ask <question>"),
        ("/llm ask " + "why " * 130, "refused", "Please ask in under 500 characters."),
        ("/llm ask <@123>", "declined", "llmbot's notes"),
        ("/llm ask write me a poem", "declined", "Maybe one of these topics?"),
    ],
)
async def test_bad_or_off_topic_questions_get_a_clear_message(
    chat: ConsoleChat, text: str, kind: str, says: str
) -> None:
    reply = await chat.say(text)

    assert reply.kind == kind and says in render_text(reply)
