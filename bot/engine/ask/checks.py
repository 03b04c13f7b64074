"""A model's answer checked before anyone sees it: citations, links and length.

Model text is untrusted like member text, so it travels marked (`said`) and every renderer
shows it inert. Only what llmbot vouches for is left unmarked: the citation numbers that
point at passages it gave, and links that are one of the cited passages' source URLs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.engine.reply import said

# The longest answer shown; adapters split it into the platform's pieces (and Discord
# attaches what does not fit), but a model that runs on is cut at a sentence end here.
MAX_ANSWER_CHARS = 2400

_CITATION = re.compile(r"\s?\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]")
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'\x00]+", re.IGNORECASE)
_TRAILING = ".,;:!?"
_SENTENCE_END = re.compile(r"[.!?](?:\s?\[\d+\])*(?=\s|$)")
LINK_REMOVED = "(link removed)"


@dataclass(frozen=True, slots=True)
class CheckedAnswer:
    """`body` in light markup, ready for a `Reply`; `cited` is excerpt numbers, first use first."""

    body: str
    cited: tuple[int, ...]
    dropped_citations: int
    dropped_links: int


def check_answer(
    text: str,
    given: int,
    sources: Mapping[int, str],
    limit: int = MAX_ANSWER_CHARS,
) -> CheckedAnswer:
    """Keep citations to excerpts 1..`given`, live links only to cited `sources` (by excerpt)."""
    text = _trimmed(text.replace("\x00", "").strip(), limit)
    cited: list[int] = []
    dropped = 0

    def citations(found: re.Match[str]) -> str:
        nonlocal dropped
        numbers = [int(n) for n in re.split(r"\s*[,;]\s*", found.group(1).strip())]
        kept = [n for n in numbers if 1 <= n <= given]
        dropped += len(numbers) - len(kept)
        for number in kept:
            if number not in cited:
                cited.append(number)
        if not kept:
            return ""
        space = " " if found.group(0)[0].isspace() else ""
        return space + "".join(f"\x00{n}\x00" for n in kept)

    marked = _CITATION.sub(citations, text)
    allowed = {sources[n].rstrip("/") for n in cited if n in sources}
    pieces: list[str] = []
    dropped_links = 0
    last = 0
    for found in _LINK.finditer(marked):
        url = found.group(0).rstrip(_TRAILING)
        end = found.start() + len(url)
        pieces.append(_model(marked[last : found.start()]))
        if url.rstrip("/") in allowed:
            pieces.append(url)
        else:
            pieces.append(LINK_REMOVED)
            dropped_links += 1
        last = end
    pieces.append(_model(marked[last:]))
    return CheckedAnswer("".join(pieces), tuple(cited), dropped, dropped_links)


def _model(text: str) -> str:
    """Model text marked inert, with the kept citations (between NULs) left as llmbot's own."""
    out: list[str] = []
    for number, part in enumerate(text.split("\x00")):
        if number % 2:
            out.append(f"[{part}]")
        elif part:
            out.append(said(part))
    return "".join(out)


def _trimmed(text: str, limit: int) -> str:
    """At most `limit` characters, cut after the last whole sentence (or word) that fits."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= limit // 2:
        return head[: ends[-1]]
    return head.rsplit(" ", 1)[0].rstrip(_TRAILING) + "…"
