"""Topic matching: the public evaluation set, our own harder cases, and autocomplete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import KnowledgeBase
from bot.knowledge.search import TopicIndex

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_EVAL = ROOT.parent / "shared" / "eval" / "explain_queries.yaml"
HARDER = ROOT / "tests" / "data" / "harder_queries.yaml"


@pytest.fixture(scope="module")
def index(kb: KnowledgeBase) -> TopicIndex:
    return TopicIndex(kb)


def queries(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        pytest.skip(f"{path} is not available in this checkout")
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


@pytest.mark.parametrize("path", [PUBLIC_EVAL, HARDER], ids=["public", "harder"])
def test_top1_accuracy_is_at_least_95_percent(
    index: TopicIndex, kb: KnowledgeBase, path: Path
) -> None:
    assert accuracy(index, kb, queries(path)) >= 0.95


@pytest.mark.parametrize("path", [PUBLIC_EVAL, HARDER], ids=["public", "harder"])
def test_off_topic_queries_are_declined(index: TopicIndex, path: Path) -> None:
    for case in queries(path):
        if case["expect"] == "none" and not case.get("also_ok"):
            assert index.resolve(case["query"]) is None, case["query"]
            assert len(index.rank(case["query"], limit=3)) == 3


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
