"""Finds the topic a free-text query means, tolerating typos and question phrasing."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.knowledge.base import KnowledgeBase

# Words that carry the shape of a question rather than its subject.
STOPWORDS = frozenset(
    """a an the is are was were be been am do does did what whats which who whom how
    why when where can could should would will shall may might must i me my we our you your
    it its this that these those of in on at to for from by with about into as and or but
    not no vs versus explain explained tell define definition meaning mean means work works
    working there their they them he she his her than then so if just any some much many
    more most very really thing things get got use used using please difference between
    same kind kinds type types know dont doesnt isnt"""
    # The same question words in Spanish, French and German, so "que es un transformer"
    # is read as "transformer".
    """ que es un una el la los las como cual por qu est ce cest le les une des du comment
    pourquoi was ist ein eine der die das wie warum"""
    .split()
)

# Field weights: what a topic is called counts far more than words in its explanation.
_NAME_WEIGHT = 3.0
_SHORT_WEIGHT = 1.0
_STANDARD_WEIGHT = 0.4

_TOKEN = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")


def normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_TOKEN.findall(ascii_text.replace("'", "")))


def _phrase(text: str) -> str:
    """A name or query as one comparable string: hyphens count as spaces."""
    return normalize(text.replace("-", " "))


def stem(token: str) -> str:
    """A deliberately tiny stemmer: enough to fold plurals and -ing forms together."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3 and not token.endswith("ss"):
            return token[: len(token) - len(suffix)] + keep
    return token


# Chat shorthand, expanded before matching so "docs" meets "documents".
ABBREVIATIONS = {
    "doc": "document",
    "docs": "documents",
    "db": "database",
    "dbs": "databases",
    "net": "network",
    "nets": "networks",
    "nn": "neural network",
    "param": "parameter",
    "params": "parameters",
    "img": "image",
    "pic": "picture",
    "pics": "pictures",
    "diff": "difference",
    "info": "information",
    "llms": "llm",
}


def _join_spelled_letters(tokens: list[str]) -> list[str]:
    """Turn runs of single letters ("q k v") into one token ("qkv")."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        out.extend(["".join(run)] if len(run) > 1 else run)
        run = []
        if token:
            out.append(token)
    return out


def terms(text: str) -> list[str]:
    """Content words of a text, stemmed; hyphenated words also yield their parts."""
    out = []
    words = " ".join(ABBREVIATIONS.get(w, w) for w in normalize(text).split()).split()
    for token in _join_spelled_letters(words):
        parts = [token, *re.split(r"[-.]", token)] if ("-" in token or "." in token) else [token]
        for part in parts:
            if part and part not in STOPWORDS:
                out.append(stem(part))
    return out


@dataclass(frozen=True, slots=True)
class Match:
    topic_id: str
    score: float
    coverage: float


@dataclass(frozen=True, slots=True)
class Completion:
    topic_id: str
    title: str


class TopicIndex:
    """A weighted keyword index with typo correction, plus whole-name fuzzy matching.

    Names (id, title, aliases) dominate; the short and standard texts break ties and
    catch questions phrased in the topic's own vocabulary. A query is declined when
    too little of it is explained by the best topic, rather than guessing.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._titles = {topic_id: topic.title for topic_id, topic in kb.topics.items()}
        self._names: dict[str, list[str]] = {}
        self._name_terms: dict[str, list[str]] = {}
        self._weights: dict[str, dict[str, float]] = {}
        document_frequency: Counter[str] = Counter()
        for topic_id, topic in kb.topics.items():
            names = [topic_id.replace("-", " "), topic.title, *topic.aliases]
            self._names[topic_id] = [_phrase(name) for name in names]
            self._name_terms[topic_id] = [" ".join(terms(name)) for name in names]
            weights: dict[str, float] = defaultdict(float)
            for name in names:
                for term in set(terms(name)):
                    weights[term] = max(weights[term], _NAME_WEIGHT)
            for text, weight in ((topic.short, _SHORT_WEIGHT), (topic.standard, _STANDARD_WEIGHT)):
                counts = Counter(terms(text))
                for term, count in counts.items():
                    weights[term] += weight * min(1.0, 0.5 + 0.25 * count)
            self._weights[topic_id] = dict(weights)
            document_frequency.update(weights.keys())
        total = len(kb.topics)
        self._idf = {
            term: math.log(1 + (total - df + 0.5) / (df + 0.5))
            for term, df in document_frequency.items()
        }
        self._vocabulary = sorted(self._idf)
        self._name_list = [
            (topic_id, name) for topic_id, names in self._names.items() for name in names
        ]
        self._completion_keys = [name for _, name in self._name_list]
        self._flat_owner = [t for t, names in self._names.items() for _ in names]
        self._flat_names = [name for names in self._names.values() for name in names]
        self._flat_terms = [name for names in self._name_terms.values() for name in names]
        self._max_idf = max(self._idf.values(), default=1.0)

    def _correct(self, term: str) -> str | None:
        if term in self._idf:
            return term
        if len(term) < 4 or term.isdigit():
            return None
        found = process.extractOne(
            term, self._vocabulary, scorer=fuzz.ratio, score_cutoff=80 if len(term) > 5 else 86
        )
        return None if found is None else str(found[0])

    def rank(self, query: str, limit: int = 3) -> list[Match]:
        """Topics by relevance, best first, each with the share of the query it explains."""
        raw_terms = terms(query)
        corrected = [self._correct(t) for t in raw_terms]
        query_terms = [t for t in corrected if t is not None]
        # Words we have never seen weigh against a match; bare numbers ("1000") and
        # compounds, whose parts are counted on their own, do not.
        unknown = sum(
            1
            for raw, fixed in zip(raw_terms, corrected, strict=True)
            if fixed is None and not raw.isdigit() and "-" not in raw and "." not in raw
        )
        best_names = self._name_similarity(_phrase(query), " ".join(raw_terms))
        query_mass = self._query_mass(query_terms)
        mass = query_mass + unknown * self._max_idf
        scores: list[Match] = []
        for topic_id, weights in self._weights.items():
            score = 0.0
            explained = 0.0
            for term in query_terms:
                weight = weights.get(term, 0.0)
                if weight:
                    idf = self._idf[term]
                    score += idf * weight
                    explained += idf * min(weight, _NAME_WEIGHT) / _NAME_WEIGHT
            best_name = best_names.get(topic_id, 0.0)
            if best_name >= 85:
                score += (best_name - 80) / 2.0
                explained = max(explained, best_name / 100.0 * query_mass)
            coverage = explained / mass if mass else 0.0
            scores.append(Match(topic_id, score, coverage))
        scores.sort(key=lambda m: (-m.score, m.topic_id))
        return scores[:limit]

    def _name_similarity(self, phrase: str, core: str) -> dict[str, float]:
        """Each topic's best whole-name similarity of at least 85, in two batched calls."""
        best: dict[str, float] = {}
        # Matching on content words alone is looser, so it ranks below a verbatim name.
        for text, names, penalty in ((phrase, self._flat_names, 0), (core, self._flat_terms, 5)):
            for _, similarity, index in process.extract(
                text, names, scorer=fuzz.ratio, limit=None, score_cutoff=85 + penalty
            ):
                owner = self._flat_owner[index]
                best[owner] = max(best.get(owner, 0.0), similarity - penalty)
        return best

    def _query_mass(self, query_terms: list[str]) -> float:
        return sum(self._idf[t] for t in query_terms)

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

    def resolve(self, query: str) -> Match | None:
        """The topic the query means, or None when no topic explains enough of it."""
        ranked = self.rank(query, limit=1)
        if not ranked:
            return None
        best = ranked[0]
        if best.score >= MIN_SCORE and best.coverage >= MIN_COVERAGE:
            return best
        return None


MIN_SCORE = 3.0
MIN_COVERAGE = 0.5
