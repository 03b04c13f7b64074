"""Text as the sampling lab's word model reads it: lower-case words and sentence punctuation."""

from __future__ import annotations

import re

# A word can travel in a button id (the last two prompt words do), so it has a length cap.
MAX_WORD = 24

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
# Sentence ends and commas are tokens too, as they are for an LLM; colons and the like are
# dropped, since in the topic texts they mostly come from headings.
_TOKEN = re.compile(r"[^\W_]+(?:['.\-][^\W_]+)*|[.,?!]")
PUNCTUATION = frozenset(".,?!")


def words(text: str) -> list[str]:
    """Words and punctuation marks in order; Markdown links keep their label, URLs go."""
    text = _URL.sub(" ", _LINK.sub(r"\1", text)).replace("’", "'").lower()
    return [w for w in _TOKEN.findall(text) if len(w) <= MAX_WORD]


def is_word(token: str) -> bool:
    return token not in PUNCTUATION


def joined(tokens: list[str] | tuple[str, ...]) -> str:
    """Tokens back into a line: punctuation sticks to the word before it."""
    out = ""
    for token in tokens:
        out += token if (token in PUNCTUATION or not out) else f" {token}"
    return out
