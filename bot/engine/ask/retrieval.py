"""Which of llmbot's passages answer a question, from the one index `/llm explain` matches with.

Topics are ranked as explain ranks them (names and aliases first, then the words of every
text and quiz stem); each chosen topic then gives its passage that best answers the
question by BM25. Quiz stems help the ranking but are never quoted: a question is not
an answer. A question the knowledge base explains too little of is not covered at all.
"""

from __future__ import annotations

from bot.engine.ask.ports import Found, Retrieval
from bot.knowledge.passages import PassageKind
from bot.knowledge.search import MAX_UNKNOWN_SHARE, TopicIndex
from bot.knowledge.text import terms

QUOTABLE: frozenset[PassageKind] = frozenset({"short", "standard", "deep"})
# Free-form questions carry more words than topic names, so less of one is explained
# than of an explain query; below these, the notes do not cover it (measured on
# tests/data/ask_queries.yaml: off-topic questions stay under 0.17 of coverage).
MIN_SCORE = 2.0
MIN_COVERAGE = 0.17
# At most three topics, each at least this share of the best one's score: a topic far
# behind would only pad the answer.
TOPICS = 3
RELATIVE_SCORE = 0.3
MOST_PASSAGES = 4


class PassageRetriever:
    """The engine's `Retriever` over the shared `TopicIndex` and its passages."""

    def __init__(self, index: TopicIndex) -> None:
        self.index = index
        self._by_topic: dict[str, list[int]] = {}
        for number, passage in enumerate(index.passages.passages):
            if passage.kind in QUOTABLE:
                self._by_topic.setdefault(passage.topic_id, []).append(number)

    def retrieve(self, question: str) -> Retrieval:
        ranked = self.index.rank(question, limit=TOPICS)
        best = ranked[0] if ranked else None
        if (
            best is None
            or best.score < MIN_SCORE
            or best.coverage < MIN_COVERAGE
            or best.unknown_share > MAX_UNKNOWN_SHARE
        ):
            return Retrieval((), tuple(self.index.suggest(question)))
        topics = [m.topic_id for m in ranked if m.score >= RELATIVE_SCORE * best.score]
        scores = self.index.passages.scores(terms(question))
        by_score = {
            topic_id: sorted(self._by_topic.get(topic_id, ()), key=lambda n: -scores.get(n, 0.0))
            for topic_id in topics
        }
        # Each topic's best passage; the first topic's second one too, when it also answers.
        chosen = [own[0] for own in by_score.values() if own]
        first = by_score[topics[0]]
        if len(first) > 1 and scores.get(first[1], 0.0) > 0:
            chosen.insert(1, first[1])
        chosen = chosen[:MOST_PASSAGES]
        passages = self.index.passages.passages
        return Retrieval(tuple(Found(passages[n].topic_id, passages[n].text) for n in chosen))
