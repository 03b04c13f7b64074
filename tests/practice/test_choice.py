"""The next practice question: a due card first, else the easiest unseen one of a weak topic."""

from __future__ import annotations

import random

from bot.engine.practice.choice import Why, next_pick, topic_order
from bot.knowledge import KnowledgeBase


def first_topic_questions(kb: KnowledgeBase, topic: str) -> list[str]:
    return [q for q in kb.questions_by_topic[topic] if kb.questions[q].topics[0] == topic]


def test_a_due_card_comes_before_anything_new(kb: KnowledgeBase) -> None:
    pick = next_pick(
        kb, due="x", asked=None, weakest=["tokens"], carded=(), excluded=(), rng=random.Random(1)
    )
    assert pick is not None and pick.question_id == "x" and pick.why is Why.DUE


def test_a_new_question_comes_from_the_weakest_topic_easiest_first(kb: KnowledgeBase) -> None:
    topic = next(iter(kb.topics))
    pick = next_pick(
        kb, due=None, asked=None, weakest=[topic], carded=(), excluded=(), rng=random.Random(1)
    )
    assert pick is not None and pick.why is Why.NEW
    question = kb.questions[pick.question_id]
    assert question.topics[0] == topic
    levels = {kb.questions[q].difficulty for q in first_topic_questions(kb, topic)}
    assert question.difficulty == min(levels, key=("easy", "medium", "hard").index)


def test_an_asked_topic_draws_only_from_that_topic_and_skips_seen_questions(
    kb: KnowledgeBase,
) -> None:
    topic = next(iter(kb.topics))
    pool = first_topic_questions(kb, topic)
    seen: list[str] = []
    rng = random.Random(2)
    while True:
        pick = next_pick(kb, due=None, asked=topic, weakest=[], carded=seen, excluded=(), rng=rng)
        if pick is None:
            break
        assert pick.question_id in pool and pick.question_id not in seen
        seen.append(pick.question_id)
    assert sorted(seen) == sorted(pool)


def test_excluded_questions_are_never_drawn(kb: KnowledgeBase) -> None:
    topic = next(iter(kb.topics))
    pool = first_topic_questions(kb, topic)
    pick = next_pick(
        kb,
        due=None,
        asked=topic,
        weakest=[],
        carded=pool[1:],
        excluded=pool[:1],
        rng=random.Random(3),
    )
    assert pick is None


def test_without_a_weak_topic_every_topic_is_in_a_seeded_order(kb: KnowledgeBase) -> None:
    one = topic_order(kb, asked=None, weakest=[], rng=random.Random(5))
    assert sorted(one) == sorted(kb.topics)
    assert one == topic_order(kb, asked=None, weakest=[], rng=random.Random(5))
