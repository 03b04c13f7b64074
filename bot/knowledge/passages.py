"""Passages of a few sentences from every topic text and quiz stem, searchable with BM25.

One index serves both `/llm explain` (which topic does a question mean?) and a free-form
`/llm ask` (which passages answer it?): every passage knows its topic and where it came from.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import DEPTHS
from bot.knowledge.text import terms

PassageKind = Literal["short", "standard", "deep", "question"]

# A passage is whole sentences, cut once it passes this length (or at a paragraph end
# once it is at least half that): small enough to quote, big enough to carry context.
PASSAGE_CHARS = 360

_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*- )")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[*\"(\[]*[A-Z0-9])")

# BM25 (Robertson, Walker et al.): term-frequency saturation and length normalisation.
K1 = 1.2
B = 0.75


@dataclass(frozen=True, slots=True)
class Passage:
    topic_id: str
    kind: PassageKind
    text: str


@dataclass(frozen=True, slots=True)
class PassageHit:
    passage: Passage
    score: float


def split_passages(text: str, limit: int = PASSAGE_CHARS) -> list[str]:
    """Whole sentences grouped into passages of about `limit` characters."""
    passages: list[str] = []
    current = ""
    for paragraph in _PARAGRAPH.split(text.strip()):
        joint = "\n"
        for sentence in _SENTENCE_END.split(" ".join(paragraph.split())):
            if current and len(current) + 1 + len(sentence) > limit:
                passages.append(current)
                current = ""
            current = f"{current}{joint}{sentence}" if current else sentence
            joint = " "
        if len(current) >= limit // 2:
            passages.append(current)
            current = ""
    if current:
        passages.append(current)
    return passages


@dataclass(frozen=True, slots=True)
class _Stats:
    counts: tuple[Mapping[str, int], ...]
    idf: Mapping[str, float]
    postings: Mapping[str, tuple[tuple[int, float], ...]]

    @classmethod
    def of(cls, passages: Sequence[Passage]) -> _Stats:
        counted = [Counter(terms(p.text)) for p in passages]
        lengths = [sum(c.values()) for c in counted]
        mean_length = sum(lengths) / len(lengths) if lengths else 1.0
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, (counts, length) in enumerate(zip(counted, lengths, strict=True)):
            norm = K1 * (1 - B + B * length / mean_length)
            for term, tf in counts.items():
                postings[term].append((number, tf * (K1 + 1) / (tf + norm)))
        total = len(passages)
        return cls(
            counts=tuple(counted),
            idf={
                term: math.log(1 + (total - len(hits) + 0.5) / (len(hits) + 0.5))
                for term, hits in postings.items()
            },
            postings={term: tuple(hits) for term, hits in postings.items()},
        )


def knowledge_passages(kb: KnowledgeBase) -> Iterator[Passage]:
    """Every topic's texts at each depth, then the active questions' stems."""
    for topic in kb.topics.values():
        for depth in DEPTHS:
            for text in split_passages(topic.text(depth)):
                yield Passage(topic.id, depth, text)
    for question in kb.questions.values():
        yield Passage(question.topics[0], "question", question.stem)


class PassageIndex:
    """BM25 over passages, with each term's per-passage weight computed once.

    Only the passages themselves are pickled into the content cache; the term statistics
    are rebuilt on first use (a few tens of milliseconds), so a start that only explains
    topics by name does not pay to load them.
    """

    def __init__(self, passages: Iterable[Passage]) -> None:
        self.passages: tuple[Passage, ...] = tuple(passages)
        self._stats: _Stats | None = None

    def __getstate__(self) -> dict[str, object]:
        return {"passages": self.passages}

    def __setstate__(self, state: dict[str, tuple[Passage, ...]]) -> None:
        self.passages = state["passages"]
        self._stats = None

    @property
    def counts(self) -> tuple[Mapping[str, int], ...]:
        """Each passage's terms and how often they occur, by passage number."""
        return self._built().counts

    @property
    def idf(self) -> Mapping[str, float]:
        return self._built().idf

    def _built(self) -> _Stats:
        if self._stats is None:
            self._stats = _Stats.of(self.passages)
        return self._stats

    @classmethod
    def from_knowledge(cls, kb: KnowledgeBase) -> PassageIndex:
        return cls(knowledge_passages(kb))

    def scores(self, query_terms: Sequence[str]) -> dict[int, float]:
        """BM25 score of every passage that shares a term with the query, by passage number."""
        stats = self._built()
        scores: dict[int, float] = defaultdict(float)
        for term in set(query_terms):
            idf = stats.idf.get(term)
            if idf is None:
                continue
            for number, weight in stats.postings[term]:
                scores[number] += idf * weight
        return scores

    def search(
        self, query: str, limit: int = 5, kinds: Sequence[PassageKind] | None = None
    ) -> list[PassageHit]:
        """The passages that best answer a free-text query, best first."""
        scored = self.scores(terms(query))
        hits = [
            PassageHit(self.passages[n], score)
            for n, score in scored.items()
            if kinds is None or self.passages[n].kind in kinds
        ]
        hits.sort(key=lambda hit: -hit.score)
        return hits[:limit]
