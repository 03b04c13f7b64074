"""Topic matching: the public evaluation set, our held-out paraphrases and harder cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import KnowledgeBase
from bot.knowledge.search import STARTING_POINTS, TopicIndex

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
# tests/data keeps a copy of the shared public set, so these tests never skip without it.
PUBLIC_EVAL = DATA / "explain_queries.yaml"
SHARED_EVAL = ROOT.parent / "shared" / "eval" / "explain_queries.yaml"
PARAPHRASES = DATA / "paraphrase_queries.yaml"
HARDER = DATA / "harder_queries.yaml"
# A second held-out set, written before the matcher read question patterns and field IDF.
FRESH = DATA / "fresh_queries.yaml"

# The 15 topics of SYLLABUS-2026.md: the public set's 97 % floor counts once all are taught.
NEW_TOPICS = frozenset(
    """sampling-and-decoding positional-encoding long-context preference-optimization
    distillation-and-small-models mixture-of-experts reasoning-models open-weight-models
    agents-and-tool-use prompt-injection-and-llm-security ai-regulation
    evaluation-and-benchmarks quantization inference-efficiency model-landscape""".split()
)

# Floors of top-1 accuracy (a declined query counts as a miss unless it expects none):
# what the matcher reaches today, so that any regression fails.
FLOORS = {"public": 1.0, "paraphrase": 0.74, "harder": 0.95, "fresh": 0.71}
# Issue 11 asks 97 % on the public set with all 62 topics; today it is 74/74.
PUBLIC_TARGET = 0.97


@pytest.fixture(scope="module")
def index(kb: KnowledgeBase) -> TopicIndex:
    return TopicIndex(kb)


def queries(path: Path) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text("utf-8"))["queries"])


def accuracy(index: TopicIndex, kb: KnowledgeBase, cases: list[dict[str, Any]]) -> float:
    scored = [c for c in cases if c["expect"] == "none" or c["expect"] in kb.topics]
    hits = 0
    misses = []
    for case in scored:
        match = index.resolve(case["query"])
        got = match.topic_id if match else "none"
        if got == case["expect"] or got in case.get("also_ok", []):
            hits += 1
        else:
            misses.append(f"{case['query']!r}: expected {case['expect']}, got {got}")
    print(f"top-1 accuracy {hits}/{len(scored)} = {hits / len(scored):.1%}")
    print("\n".join(misses))
    return hits / len(scored)


SETS = {"public": PUBLIC_EVAL, "paraphrase": PARAPHRASES, "harder": HARDER, "fresh": FRESH}


@pytest.mark.parametrize("name", SETS)
def test_top1_accuracy_meets_its_floor(index: TopicIndex, kb: KnowledgeBase, name: str) -> None:
    assert accuracy(index, kb, queries(SETS[name])) >= FLOORS[name]


def test_public_set_reaches_the_issue_target(index: TopicIndex, kb: KnowledgeBase) -> None:
    assert set(kb.topics) >= NEW_TOPICS
    assert accuracy(index, kb, queries(PUBLIC_EVAL)) >= PUBLIC_TARGET


@pytest.mark.parametrize("name", SETS)
def test_off_topic_queries_are_declined_and_pointed_to_starting_points(
    index: TopicIndex, name: str
) -> None:
    for case in queries(SETS[name]):
        if case["expect"] == "none" and not case.get("also_ok"):
            assert index.resolve(case["query"]) is None, case["query"]
            assert index.suggest(case["query"]) == list(STARTING_POINTS), case["query"]


def test_the_public_set_copy_matches_the_shared_one() -> None:
    if not SHARED_EVAL.exists():
        pytest.skip("no ../shared/eval beside this checkout")
    assert queries(PUBLIC_EVAL) == queries(SHARED_EVAL), (
        "re-copy ../shared/eval/explain_queries.yaml into tests/data (keep its header)"
    )


def test_the_held_out_paraphrases_cover_old_and_new_topics_in_their_own_words() -> None:
    cases = queries(PARAPHRASES)
    expected = {c["expect"] for c in cases}
    assert len(cases) - sum(c["expect"] == "none" for c in cases) >= 60
    assert sum(c["expect"] == "none" for c in cases) >= 8
    assert expected >= NEW_TOPICS
    assert len(expected - NEW_TOPICS - {"none"}) >= 40
    public = {c["query"].lower() for c in queries(PUBLIC_EVAL)}
    assert not public & {c["query"].lower() for c in cases}


def test_the_fresh_held_out_set_is_disjoint_from_the_others(kb: KnowledgeBase) -> None:
    cases = queries(FRESH)
    assert all(c["expect"] == "none" or c["expect"] in kb.topics for c in cases)
    assert sum(c["expect"] == "none" for c in cases) >= 8
    others = {
        c["query"].lower() for path in (PUBLIC_EVAL, PARAPHRASES, HARDER) for c in queries(path)
    }
    assert not others & {c["query"].lower() for c in cases}


def test_a_declined_query_is_offered_the_topics_near_it(index: TopicIndex) -> None:
    query = "why couldn't older recurrent networks remember the start of a long sentence"
    suggested = index.suggest(query)
    assert len(suggested) == 3
    assert "rnn-vs-transformer" in suggested


def test_every_topic_is_found_by_its_id_title_and_aliases(
    index: TopicIndex, kb: KnowledgeBase
) -> None:
    wrong = []
    for topic in kb.topics.values():
        for name in (topic.id, topic.title, *topic.aliases):
            match = index.resolve(name)
            if match is None or match.topic_id != topic.id:
                wrong.append(f"{name!r} -> {match.topic_id if match else None} not {topic.id}")
    assert len(wrong) <= len(kb.topics) // 10, "\n".join(wrong)


def test_passages_know_their_topic_and_depth(index: TopicIndex, kb: KnowledgeBase) -> None:
    hits = index.passages.search("reward model trained on human comparisons", limit=5)
    assert hits and hits[0].passage.topic_id == "rlhf"
    assert all(h.passage.kind in ("short", "standard", "deep", "question") for h in hits)
    kinds = {p.kind for p in index.passages.passages if p.topic_id == "rlhf"}
    assert kinds == {"short", "standard", "deep", "question"}
    assert all(len(p.text) <= 700 for p in index.passages.passages)
    # Only questions in the pool feed the index; a retired stem may say what is now wrong.
    stems = {p.text for p in index.passages.passages if p.kind == "question"}
    assert stems == {q.stem for q in kb.questions.values()}


@pytest.mark.parametrize("prefix", ["", "a", "att", "gpt", "tok", "zzzz", "rag pipe"])
def test_autocomplete_gives_at_most_25_known_topics(
    index: TopicIndex, kb: KnowledgeBase, prefix: str
) -> None:
    found = index.complete(prefix)
    assert len(found) <= 25
    assert all(c.topic_id in kb.topics for c in found)
    assert len({c.topic_id for c in found}) == len(found)


def test_autocomplete_puts_prefix_hits_first(index: TopicIndex) -> None:
    assert index.complete("attent")[0].topic_id == "self-attention"
    assert index.complete("hugg")[0].topic_id == "hugging-face"


def test_autocomplete_tolerates_typos(index: TopicIndex) -> None:
    assert "self-attention" in [c.topic_id for c in index.complete("attension")]
