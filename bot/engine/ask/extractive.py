"""The answer without a model: llmbot's own passages, each under its topic's title.

It is the default and every fallback (timeout, 429, budget spent, an answer that cited
nothing), so it must be quick and always fit a chat message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.ask.ports import Excerpt

# At most four passages: five is a page.
MOST_PASSAGES = 4
PASSAGE_CHARS = 600
ANSWER_CHARS = 2000

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def whole_sentences(text: str, limit: int) -> str:
    """The leading sentences of `text` that fit in `limit` (at least the first, cut at a word)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        joined = f"{kept} {sentence}" if kept else sentence
        if len(joined) > limit:
            break
        kept = joined
    return kept or text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@dataclass(frozen=True, slots=True)
class Extract:
    """The answer's text, and the numbers of the excerpts it shows."""

    body: str
    shown: tuple[int, ...]


def extractive_body(excerpts: Sequence[Excerpt], limit: int = ANSWER_CHARS) -> Extract:
    """The excerpts in order, grouped under their topics' titles, within `limit` characters."""
    groups: dict[str, list[str]] = {}
    shown: list[int] = []
    used = 0
    for excerpt in excerpts[:MOST_PASSAGES]:
        text = whole_sentences(excerpt.text, PASSAGE_CHARS)
        cost = len(text) + (0 if excerpt.title in groups else len(excerpt.title) + 6)
        if groups and used + cost > limit:
            break
        groups.setdefault(excerpt.title, []).append(text)
        shown.append(excerpt.number)
        used += cost
    body = "\n\n".join(f"**{title}**\n" + "\n".join(texts) for title, texts in groups.items())
    return Extract(body, tuple(shown))
