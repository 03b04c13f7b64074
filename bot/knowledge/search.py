"""Finds the topic a free-text query means, tolerating typos, paraphrase and question phrasing."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.passages import PassageIndex
from bot.knowledge.text import normalize, phrase, terms

# A name (id, title or alias) whose every word is in the query counts this much per word,
# against at most ~1-2 for a word of the topic's texts, so what a topic is called
# outweighs what its explanation mentions.
NAME_WEIGHT = 3.0
# How much one occurrence of a word counts, by where it occurs: a word of a name only
# partly in the query counts like one of the one-line answer; the longer texts say more
# in passing; quiz stems are written in learners' own terms.
FIELD_WEIGHTS = {"name": 1.0, "short": 1.0, "standard": 0.5, "deep": 0.25, "question": 0.35}
# The text weight at which a query word counts as fully explained by a topic.
TEXT_FULL_WEIGHT = 1.5
# Whole-name fuzzy similarity (0-100) from which a query is taken to name the topic.
NAME_SIMILARITY = 85

# When a query is answered: enough evidence, most of the query explained, and few words
# that appear nowhere in the knowledge base (those mark questions about something else).
MIN_SCORE = 3.0
MIN_COVERAGE = 0.3
MAX_UNKNOWN_SHARE = 0.4

# Where a declined query is sent when no topic is near it: what a newcomer reads first.
STARTING_POINTS = ("what-is-an-llm", "tokens-and-tokenization", "transformer-architecture")
# A topic is "near" a declined query when it has the evidence an answer needs and explains
# a good part of a query that is not mostly foreign words.
NEAR_COVERAGE = 0.25


@dataclass(frozen=True, slots=True)
class Match:
    topic_id: str
    score: float
    coverage: float  # share of the query (by word rarity) that this topic explains
    unknown_share: float = 0.0  # share of the query in words found nowhere in the content


@dataclass(frozen=True, slots=True)
class Completion:
    topic_id: str
    title: str


class TopicIndex:
    """Topic lookup over one passage index of every text and quiz stem.

    A topic is scored by the names of it the query contains whole (or nearly, by fuzzy
    similarity), then by field-weighted words of its passages, each word weighted by how
    few topics use it. A query is declined, rather than guessed, when too little of it is
    explained or too much of it is foreign to the knowledge base.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.passages = PassageIndex.from_knowledge(kb)
        self._titles = {topic_id: topic.title for topic_id, topic in kb.topics.items()}
        self._names: dict[str, list[str]] = {}
        self._name_sets: dict[str, list[frozenset[str]]] = {}
        counts: dict[str, dict[str, Counter[str]]] = defaultdict(dict)
        for topic_id, topic in kb.topics.items():
            names = [topic_id.replace("-", " "), topic.title, *topic.aliases]
            self._names[topic_id] = [phrase(name) for name in names]
            self._name_sets[topic_id] = [s for s in (frozenset(terms(n)) for n in names) if s]
            counts[topic_id]["name"] = Counter(t for name in names for t in terms(name))
        for number, passage in enumerate(self.passages.passages):
            by_kind = counts[passage.topic_id].setdefault(passage.kind, Counter())
            by_kind.update(self.passages.counts[number])
        self._weights: dict[str, dict[str, float]] = {}
        topic_frequency: Counter[str] = Counter()
        for topic_id in kb.topics:
            weights: dict[str, float] = defaultdict(float)
            for field, counted in counts[topic_id].items():
                for term, count in counted.items():
                    weights[term] += FIELD_WEIGHTS[field] * min(1.0, 0.5 + 0.25 * count)
            self._weights[topic_id] = dict(weights)
            topic_frequency.update(weights.keys())
        total = len(kb.topics)
        self._idf = {
            term: math.log(1 + (total - df + 0.5) / (df + 0.5))
            for term, df in topic_frequency.items()
        }
        self._max_idf = max(self._idf.values(), default=1.0)
        # Typos are corrected towards names only: people misspell what they ask about,
        # and the texts' rarer words would "correct" unrelated words into false matches.
        self._name_vocabulary = sorted(
            {t for sets in self._name_sets.values() for name in sets for t in name}
        )
        self._name_list = [
            (topic_id, name) for topic_id, names in self._names.items() for name in names
        ]
        self._completion_keys = [name for _, name in self._name_list]
        self._flat_owner = [topic_id for topic_id, _ in self._name_list]
        self._flat_terms = [
            " ".join(terms(name))
            for topic_id, topic in kb.topics.items()
            for name in [topic_id.replace("-", " "), topic.title, *topic.aliases]
        ]

    def _correct(self, term: str) -> str | None:
        """The known word a query word stands for: itself, a name's word it misspells, or None."""
        if term in self._idf:
            return term
        if len(term) < 6 or term.isdigit():
            return None
        edits = 1 if len(term) < 8 else 2
        found = process.extractOne(
            term, self._name_vocabulary, scorer=OSA.distance, score_cutoff=edits
        )
        # Typos rarely hit the first letter; requiring it keeps real words from
        # being "corrected" into a name ("genetic" is not "agentic").
        return str(found[0]) if found is not None and found[0][0] == term[0] else None

    def rank(self, query: str, limit: int = 3) -> list[Match]:
        """Topics by relevance, best first, each with the share of the query it explains."""
        raw_terms = terms(query)
        corrected = [self._correct(t) for t in raw_terms]
        query_terms = list(dict.fromkeys(t for t in corrected if t is not None))
        query_set = frozenset(query_terms)
        # Words we have never seen weigh against a match; bare numbers ("1000") and
        # compounds, whose parts are counted on their own, do not.
        unknown = sum(
            1
            for raw, fixed in zip(raw_terms, corrected, strict=True)
            if fixed is None and not raw.isdigit() and "-" not in raw and "." not in raw
        )
        known_mass = sum(self._idf[t] for t in query_terms)
        mass = known_mass + unknown * self._max_idf
        unknown_share = 1.0 - known_mass / mass if mass > 1e-9 else 1.0
        similar = self._name_similarity(phrase(query), " ".join(raw_terms))
        ranked: list[Match] = []
        for topic_id, weights in self._weights.items():
            named: set[str] = set()
            for name in self._name_sets[topic_id]:
                if name <= query_set:
                    named |= name
            score = 0.0
            explained = 0.0
            for term in query_terms:
                idf = self._idf[term]
                if term in named:
                    score += NAME_WEIGHT * idf
                    explained += idf
                elif term in weights:
                    score += idf * weights[term]
                    explained += idf * min(1.0, weights[term] / TEXT_FULL_WEIGHT)
            similarity = similar.get(topic_id, 0.0)
            if similarity >= NAME_SIMILARITY:
                score += (similarity - 80) / 2.0
                explained = max(explained, similarity / 100.0 * known_mass)
            coverage = explained / mass if mass > 1e-9 else 0.0
            ranked.append(Match(topic_id, score, coverage, unknown_share))
        ranked.sort(key=lambda m: (-m.score, m.topic_id))
        return ranked[:limit]

    def _name_similarity(self, text: str, core: str) -> dict[str, float]:
        """Each topic's best whole-name similarity of at least 85, in two batched calls."""
        best: dict[str, float] = {}
        # Matching on content words alone is looser, so it ranks below a verbatim name.
        for query, names, penalty in (
            (text, self._completion_keys, 0),
            (core, self._flat_terms, 5),
        ):
            for _, similarity, index in process.extract(
                query, names, scorer=fuzz.ratio, limit=None, score_cutoff=NAME_SIMILARITY + penalty
            ):
                owner = self._flat_owner[index]
                best[owner] = max(best.get(owner, 0.0), similarity - penalty)
        return best

    def resolve(self, query: str) -> Match | None:
        """The topic the query means, or None when no topic explains enough of it."""
        ranked = self.rank(query, limit=1)
        if not ranked:
            return None
        best = ranked[0]
        if (
            best.score >= MIN_SCORE
            and best.coverage >= MIN_COVERAGE
            and best.unknown_share <= MAX_UNKNOWN_SHARE
        ):
            return best
        return None

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """Topics to offer when a query is declined: the near ones, then starting points.

        A topic is offered only if it explains part of the query; when none does, the
        reply points to where a newcomer should begin rather than to unrelated topics.
        """
        near = [
            m.topic_id
            for m in self.rank(query, limit=limit)
            if m.score >= MIN_SCORE
            and m.coverage >= NEAR_COVERAGE
            and m.unknown_share <= MAX_UNKNOWN_SHARE
        ]
        starters = [t for t in STARTING_POINTS if t in self._titles and t not in near]
        return [*near, *starters][:limit]

    def complete(self, prefix: str, limit: int = 25) -> list[Completion]:
        """Autocomplete: prefix hits on titles and aliases first, then fuzzy ones."""
        key = normalize(prefix)
        chosen: dict[str, None] = {}
        if not key:
            chosen = dict.fromkeys(self._titles)
        else:
            prefixed = sorted(
                (len(name), topic_id) for topic_id, name in self._name_list if name.startswith(key)
            )
            for _, topic_id in prefixed:
                chosen.setdefault(topic_id)
            for topic_id, name in self._name_list:
                if key in name:
                    chosen.setdefault(topic_id)
            if len(chosen) < limit:
                for _, _, index in process.extract(
                    key,
                    self._completion_keys,
                    scorer=fuzz.partial_ratio,
                    limit=limit * 3,
                    score_cutoff=70,
                ):
                    chosen.setdefault(self._name_list[index][0])
        return [Completion(t, self._titles[t]) for t in list(chosen)[:limit]]

    def topic_by_id(self, topic_id: str) -> str | None:
        return topic_id if topic_id in self._titles else None
