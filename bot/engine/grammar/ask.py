"""The grammar of `/llm ask <question>`: everything after `ask` is the question, as typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bot.engine.errors import UsageError
from bot.engine.grammar.command import CommandTraits

ASK_USAGE = "/llm ask <question>"


@dataclass(frozen=True, slots=True)
class Ask(CommandTraits):
    """Public like an explanation; slow because a model may take longer than Discord's 3 s."""

    private: ClassVar[bool] = False
    slow: ClassVar[bool] = True
    question: str


def parse_ask(rest: str) -> Ask:
    if not rest.strip():
        raise UsageError("Ask a question after `ask`.", f"`{ASK_USAGE}`")
    return Ask(rest)
