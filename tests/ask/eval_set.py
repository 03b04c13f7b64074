"""tests/data/ask_queries.yaml and top-3 recall over it, shared by the tests and `make bench`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.engine.ask.ports import Retriever

ASK_QUERIES = Path(__file__).resolve().parent.parent / "data" / "ask_queries.yaml"


@dataclass(frozen=True, slots=True)
class Case:
    question: str
    expect: tuple[str, ...]  # empty: off-topic, must be declined


@dataclass(frozen=True, slots=True)
class Recall:
    on_topic: int
    hits: int
    misses: tuple[str, ...]
    wrongly_answered: tuple[str, ...]  # off-topic questions that were not declined

    @property
    def share(self) -> float:
        return self.hits / self.on_topic if self.on_topic else 0.0


def cases(path: Path = ASK_QUERIES) -> list[Case]:
    raw = yaml.safe_load(path.read_text("utf-8"))["queries"]
    return [Case(q["question"], () if q["expect"] == "none" else tuple(q["expect"])) for q in raw]


def cited_topics(retriever: Retriever, question: str) -> list[str]:
    """The topics an answer cites, in order, as the extractive answer shows them."""
    return list(dict.fromkeys(found.topic_id for found in retriever.retrieve(question).found))


def top3_recall(retriever: Retriever, path: Path = ASK_QUERIES) -> Recall:
    hits, misses, wrong = 0, [], []
    on_topic = 0
    for case in cases(path):
        cited = cited_topics(retriever, case.question)
        if not case.expect:
            if cited:
                wrong.append(case.question)
            continue
        on_topic += 1
        if set(cited[:3]) & set(case.expect):
            hits += 1
        else:
            misses.append(case.question)
    return Recall(on_topic, hits, tuple(misses), tuple(wrong))
