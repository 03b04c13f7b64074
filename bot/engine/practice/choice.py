"""Which question a practice session shows next.

Reviews come before new material, as in every spaced-repetition system: the most
overdue card first. With nothing due, a new question from the member's weakest topic
(or the topic they asked for), easiest first, so a weak topic is rebuilt from its basics.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import DIFFICULTIES


class Why(enum.StrEnum):
    """Why a question was chosen, shown to the member and in JSON."""

    DUE = "due"
    NEW = "new"
    MISTAKE = "mistake"


@dataclass(frozen=True, slots=True)
class Pick:
    question_id: str
    why: Why


def new_question(
    kb: KnowledgeBase,
    *,
    carded: Collection[str],
    topic_order: Sequence[str],
    excluded: Collection[str],
    rng: random.Random,
) -> str | None:
    """The first topic of `topic_order` with an unseen question gives its easiest one.

    A question counts for its first topic only, like everywhere in llmbot; `carded`
    holds the questions the member has already answered, `excluded` those that must
    not be shown now (an open daily question whose answer is not revealed yet).
    """
    for topic_id in topic_order:
        unseen = [
            kb.questions[q]
            for q in kb.questions_by_topic.get(topic_id, ())
            if q not in carded and q not in excluded and kb.questions[q].topics[0] == topic_id
        ]
        if not unseen:
            continue
        easiest = min(DIFFICULTIES.index(q.difficulty) for q in unseen)
        level = sorted(q.id for q in unseen if DIFFICULTIES.index(q.difficulty) == easiest)
        return rng.choice(level)
    return None


def topic_order(
    kb: KnowledgeBase, *, asked: str | None, weakest: Sequence[str], rng: random.Random
) -> list[str]:
    """The asked topic alone; else the weakest topics, then every other topic in a seeded order."""
    if asked is not None:
        return [asked]
    rest = sorted(t for t in kb.topics if t not in weakest)
    rng.shuffle(rest)
    return [*weakest, *rest]


def next_pick(
    kb: KnowledgeBase,
    *,
    due: str | None,
    asked: str | None,
    weakest: Sequence[str],
    carded: Collection[str],
    excluded: Collection[str],
    rng: random.Random,
) -> Pick | None:
    """The most overdue card (`due`, read from the store), else a new question; None if neither."""
    if due is not None:
        return Pick(due, Why.DUE)
    order = topic_order(kb, asked=asked, weakest=weakest, rng=rng)
    found = new_question(kb, carded=carded, topic_order=order, excluded=excluded, rng=rng)
    return None if found is None else Pick(found, Why.NEW)
