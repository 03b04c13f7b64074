"""A member's question vetted before any search, model call or write."""

from __future__ import annotations

import re

from bot.engine.errors import EngineError, UsageError
from bot.engine.grammar.ask import ASK_USAGE

MAX_QUESTION_CHARS = 500
USAGE = f"`{ASK_USAGE}`, for example `/llm ask why do llms make up citations?`"

# Mentions on either platform (Discord users, roles, channels, @everyone/@here; Slack's
# <@U…>, <!channel>, <!subteam^…>, <#C…|name>) and links: none of them is a question.
_NOT_WORDS = re.compile(
    r"<[@#!][^>\s]*>|@(?:everyone|here|channel)\b|(?:https?://|www\.)\S+", re.IGNORECASE
)
_LETTER = re.compile(r"[^\W\d_]")


class QuestionTooLong(EngineError):
    def __init__(self) -> None:
        super().__init__(f"Please ask in under {MAX_QUESTION_CHARS} characters.")


class NotAQuestion(EngineError):
    """Only mentions or links: declined like an unknown topic, never sent to a model."""

    def __init__(self) -> None:
        super().__init__("That is only a mention or a link; ask a question in words.")


def vet(text: str) -> str:
    """The question with its whitespace tidied, or the refusal that fits it."""
    question = " ".join(text.split())
    if not question:
        raise UsageError("Ask a question after `ask`.", USAGE)
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionTooLong()
    if not _LETTER.search(_NOT_WORDS.sub(" ", question)):
        raise NotAQuestion()
    return question
