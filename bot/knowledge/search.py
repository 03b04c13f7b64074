"""Finds the topic a free-text query means, tolerating typos, paraphrase and question phrasing."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.passages import PassageIndex
from bot.knowledge.text import BOUND_PREFIXES, normalize, phrase, terms, word_terms, words

# A name (id, title or alias) whose every word is in the query counts this much per word
# (or its text weight, if higher), so what a topic is called outweighs what its
# explanation mentions.
NAME_WEIGHT = 3.0
# How much more a topic scores when its names hold all of the query rather than none.
NAME_SHARE_BONUS = 0.25
# How much one occurrence of a word counts, by where it occurs: a word of a name only
# partly in the query counts like one of the one-line answer; the longer texts say more
# in passing; quiz stems are written in learners' own terms.
FIELD_WEIGHTS = {"name": 1.0, "short": 1.0, "standard": 0.5, "deep": 0.25, "question": 0.35}
# The text weight at which a query word counts as fully explained by a topic.
TEXT_FULL_WEIGHT = 1.5
# "what are parameters in a neural net" asks about parameters: words after one of these
# (once the question has a subject) only place it, and count this much.
MODIFIER_PREPOSITIONS = frozenset({"in", "inside", "within"})
MODIFIER_WEIGHT = 0.2
# Words naming the subject of the whole knowledge base.
DOMAIN_TERMS = frozenset(terms("llm"))
DOMAIN_WEIGHT = 0.3
# "which llms exist", "what models are available" ask for a list of what exists.
LIST_CUES = frozenset({"exist", "exists", "available"})
LIST_TERM = "list"
# Affixes that make a word about the same subject as its base: "unfairly" is about
# fairness, "government" about governing.
NEGATING_PREFIXES = ("un", "non")
DERIVING_SUFFIXES = (("ily", "y"), ("ly", ""), ("ment", ""), ("ness", ""))
# Whole-name fuzzy similarity (0-100) from which a query is taken to name the topic.
NAME_SIMILARITY = 85

# When a query is answered: enough evidence, most of the query explained, and few words
# that appear nowhere in the knowledge base (those mark questions about something else).
MIN_SCORE = 3.0
# A query of only common words ("how are llms trained") cannot reach MIN_SCORE: for it, a
# topic that names most of it is enough (this much per unit of the query's word mass).
MIN_SCORE_PER_MASS = NAME_WEIGHT * 0.5
MIN_COVERAGE = 0.3
MAX_UNKNOWN_SHARE = 0.4

# Where a declined query is sent when no topic is near it: what a newcomer reads first.
STARTING_POINTS = ("what-is-an-llm", "tokens-and-tokenization", "transformer-architecture")
# A topic is "near" a declined query when it has the evidence an answer needs and explains
# a good part of a query that is not mostly foreign words.
NEAR_COVERAGE = 0.25


def _asks_for_a_list(said: list[str]) -> bool:
    """Whether a question asks which things of a kind exist ("which llms exist today")."""
    if not said or said[0] not in ("which", "what", "whats"):
        return False
    if {"type", "types", "kind", "kinds", "sort", "sorts"} & set(said):
        return False
    text = " ".join(said)
    return any(w in LIST_CUES for w in said) or " are there" in text


def _derived_from(term: str) -> Iterator[str]:
    """Words a term may be derived from by one prefix or suffix ("unfair" from "fair")."""
    for prefix in (*BOUND_PREFIXES, *NEGATING_PREFIXES):
        rest = term[len(prefix) :]
        if term.startswith(prefix) and len(rest) >= 4:
            yield rest
    for suffix, keep in DERIVING_SUFFIXES:
        base = term[: -len(suffix)] + keep
        if term.endswith(suffix) and len(base) >= 4:
            yield base


def _closed_compounds(vocabulary: set[str]) -> dict[str, str]:
    """Words written closed with a prefix ("pretrain") mapped to the word they build on."""
    found = {}
    for term in vocabulary:
        for prefix in BOUND_PREFIXES:
            rest = term[len(prefix) :]
            if term.startswith(prefix) and len(rest) >= 5 and rest in vocabulary:
                found[term] = rest
    return found


@dataclass(frozen=True, slots=True)
class Match:
    topic_id: str
    score: float
    coverage: float  # share of the query (by word rarity) that this topic explains
    unknown_share: float = 0.0  # share of the query in words found nowhere in the content
    mass: float = 0.0  # the query's evidence available: its words' rarity, unknown ones at most


@dataclass(frozen=True, slots=True)
class Completion:
    topic_id: str
    title: str


class TopicIndex:
    """Topic lookup over one passage index of every text and quiz stem.

    A topic is scored by the names of it the query contains whole (or nearly, by fuzzy
    similarity), then by field-weighted words of its passages, each word weighted by how
    few topics use it and by its part in the question (its subject, or only the setting).
    A query is declined, rather than guessed, when too little of it is explained or too
    much of it is foreign to the knowledge base.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.passages = PassageIndex.from_knowledge(kb)
        self._titles = {topic_id: topic.title for topic_id, topic in kb.topics.items()}
        every_name = {
            topic_id: [topic_id.replace("-", " "), topic.title, *topic.aliases]
            for topic_id, topic in kb.topics.items()
        }
        counts: dict[str, dict[str, Counter[str]]] = defaultdict(dict)
        for topic_id, names in every_name.items():
            counts[topic_id]["name"] = Counter(t for name in names for t in terms(name))
        for number, passage in enumerate(self.passages.passages):
            by_kind = counts[passage.topic_id].setdefault(passage.kind, Counter())
            by_kind.update(self.passages.counts[number])
        vocabulary = {t for fields in counts.values() for c in fields.values() for t in c}
        self._compounds = _closed_compounds(vocabulary)
        self._weights: dict[str, dict[str, float]] = {}
        topic_frequency: Counter[str] = Counter()
        for topic_id in kb.topics:
            weights: dict[str, float] = defaultdict(float)
            for field, counted in counts[topic_id].items():
                for term, count in self._with_compounds(counted).items():
                    weights[term] += FIELD_WEIGHTS[field] * min(1.0, 0.5 + 0.25 * count)
            self._weights[topic_id] = dict(weights)
            topic_frequency.update(weights.keys())
        total = len(kb.topics)
        self._idf = {
            term: math.log(1 + (total - df + 0.5) / (df + 0.5))
            for term, df in topic_frequency.items()
        }
        self._max_idf = max(self._idf.values(), default=1.0)
        self._names: dict[str, list[str]] = {}
        self._name_sets: dict[str, list[frozenset[str]]] = {}
        for topic_id, names in every_name.items():
            self._names[topic_id] = [phrase(name) for name in names]
            self._name_sets[topic_id] = [s for s in (self._atoms(terms(n)) for n in names) if s]
        self._every_name_set = frozenset(n for sets in self._name_sets.values() for n in sets)
        names_by_term: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
        for topic_id, sets in self._name_sets.items():
            for name in sets:
                names_by_term[min(name)].append((topic_id, name))
        self._names_by_term = dict(names_by_term)
        topics_by_term: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for topic_id, weights in self._weights.items():
            for term, used in weights.items():
                topics_by_term[term].append((topic_id, used))
        self._topics_by_term = {t: tuple(used) for t, used in topics_by_term.items()}
        self._sorted_ids = sorted(self._weights)
        # Typos are corrected towards names only: people misspell what they ask about,
        # and the texts' rarer words would "correct" unrelated words into false matches.
        self._name_vocabulary = sorted(
            {t for names in every_name.values() for name in names for t in terms(name)}
        )
        self._name_list = [
            (topic_id, name) for topic_id, names in self._names.items() for name in names
        ]
        self._completion_keys = [name for _, name in self._name_list]
        self._flat_owner = [topic_id for topic_id, _ in self._name_list]
        self._flat_terms = [
            " ".join(terms(name)) for names in every_name.values() for name in names
        ]

    def _with_compounds(self, counted: Counter[str]) -> Counter[str]:
        """Counts in which a closed compound ("pretrain") also counts as its word ("train")."""
        extra = Counter({self._compounds[t]: n for t, n in counted.items() if t in self._compounds})
        return counted + extra if extra else counted

    def _atoms(self, name_terms: list[str]) -> frozenset[str]:
        """The words a query must hold to name something: compounds stand for their parts."""
        return frozenset(
            self._compounds.get(t, t) for t in name_terms if "-" not in t and "." not in t
        ) or frozenset(name_terms)

    def _correct(self, term: str) -> str | None:
        """The known word a query word stands for: itself, a name's word it misspells, or None."""
        if term in self._idf:
            return term
        # Forms the texts happen not to use: "subnetworks" for "networks", "unfairly"
        # for "fair", "government" for "govern".
        forms = [term]
        for form in forms:
            for base in _derived_from(form):
                if base in self._idf:
                    return base
                if len(forms) < 4:
                    forms.append(base)
        if len(term) < 6 or term.isdigit():
            return None
        edits = 1 if len(term) < 8 else 2
        found = process.extractOne(
            term, self._name_vocabulary, scorer=OSA.distance, score_cutoff=edits
        )
        # Typos rarely hit the first letter; requiring it keeps real words from
        # being "corrected" into a name ("genetic" is not "agentic").
        return str(found[0]) if found is not None and found[0][0] == term[0] else None

    def _read(self, query: str) -> tuple[list[str], list[str | None], dict[str, float]]:
        """The query's terms as typed, each corrected (or None), and the weight of each.

        A question of the shape "what are X in Y" asks about X: the words of Y, which only
        place it, weigh less; "which X exist" asks for a list of X.
        """
        said = words(query)
        listing = _asks_for_a_list(said)
        raw: list[str] = []
        head: list[str] = []
        weight: dict[str, float] = {}
        modifier = False
        for word in said:
            if word in MODIFIER_PREPOSITIONS and raw and not modifier:
                modifier = True
                head = list(raw)
                continue
            if listing and word in LIST_CUES:
                continue
            for term in word_terms(word):
                raw.append(term)
                weight.setdefault(term, 1.0)
        if listing:
            raw.append(LIST_TERM)
            weight.setdefault(LIST_TERM, 1.0)
        # Only a head that is itself the name of a topic makes the rest mere context:
        # in "what was new in the 2017 paper" the place is the question.
        if modifier and self._atoms(head) in self._every_name_set:
            for term in raw[len(head) :]:
                if term not in head:
                    weight[term] = MODIFIER_WEIGHT
        # Words for what the whole knowledge base is about ("llm", "ai") only set the
        # scene when the question names something more specific.
        if any(t not in DOMAIN_TERMS for t in weight):
            for term in DOMAIN_TERMS & weight.keys():
                weight[term] = min(weight[term], DOMAIN_WEIGHT)
        corrected = [self._correct(t) for t in raw]
        known: dict[str, float] = {}
        for term, fixed in zip(raw, corrected, strict=True):
            if fixed is not None:
                known[fixed] = max(known.get(fixed, 0.0), weight[term])
                if fixed in self._compounds:
                    known.setdefault(self._compounds[fixed], known[fixed])
        return raw, corrected, known

    def rank(self, query: str, limit: int = 3) -> list[Match]:
        """Topics by relevance, best first, each with the share of the query it explains."""
        raw_terms, corrected, query_weights = self._read(query)
        query_set = frozenset(query_weights)
        # Words we have never seen weigh against a match; bare numbers ("1000") and
        # compounds, whose parts are counted on their own, do not.
        unknown = sum(
            1
            for raw, fixed in zip(raw_terms, corrected, strict=True)
            if fixed is None and not raw.isdigit() and "-" not in raw and "." not in raw
        )
        known_mass = sum(self._idf[t] * w for t, w in query_weights.items())
        mass = known_mass + unknown * self._max_idf
        unknown_share = 1.0 - known_mass / mass if mass > 1e-9 else 1.0
        similar = self._name_similarity(phrase(query), " ".join(raw_terms))
        # Only topics that use a word of the query, or are named by it, can score.
        named: dict[str, dict[str, float]] = defaultdict(dict)
        for term in query_set:
            for topic_id, name in self._names_by_term.get(term, ()):
                if name <= query_set:
                    # A name that reaches into the question's subject counts in full.
                    full = any(query_weights[t] == 1.0 for t in name)
                    held = named[topic_id]
                    for t in name:
                        held[t] = max(held.get(t, 0.0), 1.0 if full else query_weights[t])
        scores: dict[str, float] = defaultdict(float)
        explained: dict[str, float] = defaultdict(float)
        for term, weight in query_weights.items():
            evidence = weight * self._idf[term]
            for topic_id, used in self._topics_by_term[term]:
                if topic_id not in named or term not in named[topic_id]:
                    scores[topic_id] += evidence * used
                    explained[topic_id] += evidence * min(1.0, used / TEXT_FULL_WEIGHT)
        for topic_id, held in named.items():
            weights = self._weights[topic_id]
            named_mass = sum(w * self._idf[t] for t, w in held.items())
            scores[topic_id] += sum(
                w * max(NAME_WEIGHT, weights.get(t, 0.0)) * self._idf[t] for t, w in held.items()
            )
            explained[topic_id] += named_mass
            # Of topics the texts rate alike, the one whose names hold the query's words wins.
            if mass > 1e-9:
                scores[topic_id] *= 1.0 + NAME_SHARE_BONUS * named_mass / mass
        ranked: list[Match] = []
        for topic_id in scores.keys() | similar.keys():
            score = scores.get(topic_id, 0.0)
            covered = explained.get(topic_id, 0.0)
            similarity = similar.get(topic_id, 0.0)
            if similarity >= NAME_SIMILARITY:
                score += (similarity - 80) / 2.0
                covered = max(covered, similarity / 100.0 * known_mass)
            coverage = covered / mass if mass > 1e-9 else 0.0
            ranked.append(Match(topic_id, score, coverage, unknown_share, mass))
        ranked.sort(key=lambda m: (-m.score, m.topic_id))
        ranked = [m for m in ranked if m.score > 0.0][:limit]
        if len(ranked) < limit:
            # Topics with no evidence at all, in a stable order.
            shown = {m.topic_id for m in ranked}
            ranked += [
                Match(topic_id, 0.0, 0.0, unknown_share, mass)
                for topic_id in self._sorted_ids
                if topic_id not in shown
            ][: limit - len(ranked)]
        return ranked

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
            best.score >= min(MIN_SCORE, MIN_SCORE_PER_MASS * best.mass)
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
            if m.score >= min(MIN_SCORE, MIN_SCORE_PER_MASS * m.mass)
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
