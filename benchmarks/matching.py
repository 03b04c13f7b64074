"""Top-1 accuracy of `/llm explain` topic matching on the public set and our own ones."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.knowledge import KnowledgeBase
from bot.knowledge.search import TopicIndex

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = {
    "public": DATA / "explain_queries.yaml",
    "paraphrase": DATA / "paraphrase_queries.yaml",
    "harder": DATA / "harder_queries.yaml",
    "fresh": DATA / "fresh_queries.yaml",
}


def top1(index: TopicIndex, kb: KnowledgeBase, path: Path) -> tuple[int, int]:
    """Queries answered with an accepted topic (or declined when off-topic), and how many."""
    cases = yaml.safe_load(path.read_text("utf-8"))["queries"]
    scored = [c for c in cases if c["expect"] == "none" or c["expect"] in kb.topics]
    hits = 0
    for case in scored:
        match = index.resolve(case["query"])
        got = match.topic_id if match else "none"
        hits += got == case["expect"] or got in case.get("also_ok", [])
    return hits, len(scored)


def matching_figures(kb: KnowledgeBase) -> dict[str, float]:
    index = TopicIndex(kb)
    figures: dict[str, float] = {}
    for name, path in SETS.items():
        hits, total = top1(index, kb, path)
        print(f"matching, {name} set: {hits}/{total} top-1")
        figures[f"match_{name}_top1"] = round(hits / total, 3) if total else 0.0
    return figures
