"""Mastery (3 first-attempt rights and the last answer right) and weakness (last 20 answers)."""

from __future__ import annotations

from bot.engine.practice.mastery import (
    advance,
    is_mastered,
    mastered_topics,
    recent_accuracy,
    weakest,
)
from storage.learning import TopicProgress


def run(topic: str, answers: list[tuple[bool, bool]]) -> TopicProgress:
    progress: TopicProgress | None = None
    for at, (correct, first) in enumerate(answers):
        progress = advance(progress, topic_id=topic, correct=correct, first_attempt=first, at_ms=at)
    assert progress is not None
    return progress


def test_three_first_attempt_rights_with_the_last_right_master_a_topic() -> None:
    assert is_mastered(run("t", [(True, True)] * 3))


def test_a_retry_after_a_miss_does_not_count_towards_mastery() -> None:
    progress = run("t", [(True, True), (True, True), (False, True), (True, False)])
    assert progress.first_right == 2
    assert not is_mastered(progress)


def test_a_wrong_last_answer_unmasters_until_the_next_right_one() -> None:
    progress = run("t", [(True, True)] * 3 + [(False, False)])
    assert not is_mastered(progress)
    assert is_mastered(advance(progress, topic_id="t", correct=True, first_attempt=False, at_ms=9))


def test_recent_accuracy_looks_at_the_last_twenty_answers_only() -> None:
    progress = run("t", [(False, True)] * 20 + [(True, True)] * 20)
    assert progress.recent_count == 20
    assert recent_accuracy(progress) == 1.0
    assert progress.answers == 40 and progress.correct == 20


def test_one_answer_is_not_enough_to_call_a_topic_weak() -> None:
    assert recent_accuracy(run("t", [(False, True)])) is None


def test_weakest_are_the_lowest_recent_accuracy_and_never_perfect_topics() -> None:
    rows = [
        run("a", [(False, True), (True, True)]),
        run("b", [(False, True), (False, True)]),
        run("c", [(True, True), (True, True)]),
        run("d", [(False, True)]),
        run("e", [(True, True), (False, True), (True, True)]),
    ]
    assert [p.topic_id for p in weakest(rows)] == ["b", "a", "e"]
    assert mastered_topics(rows) == []
