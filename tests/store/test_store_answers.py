"""The store contract for quizzes, answers and scores: what every backend must show."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

import pytest

from storage import AnswerOutcome, Store, StoreClosed
from tests.store_support import WS, answer, quiz


async def test_quiz_round_trips_with_its_choice_order(store: Store) -> None:
    await store.create_quiz(quiz())
    loaded = await store.get_quiz(WS, "QUIZ0001")
    assert loaded == quiz()


async def test_quiz_is_invisible_from_another_workspace(store: Store) -> None:
    await store.create_quiz(quiz())
    assert await store.get_quiz("slack:T2", "QUIZ0001") is None


async def test_taken_quiz_id_is_refused(store: Store) -> None:
    await store.create_quiz(quiz())
    with pytest.raises(KeyError):
        await store.create_quiz(quiz())


async def test_second_answer_to_same_quiz_is_refused(store: Store) -> None:
    await store.create_quiz(quiz())
    assert await store.record_answer(answer("bob")) is AnswerOutcome.RECORDED
    assert await store.record_answer(answer("bob", points=0)) is AnswerOutcome.ALREADY_ANSWERED
    row = await store.user_score(WS, "all", "bob")
    assert row is not None
    assert (row.points, row.answered, row.correct) == (10, 1, 1)


async def test_concurrent_duplicates_count_once(store: Store) -> None:
    await store.create_quiz(quiz())
    outcomes = await asyncio.gather(*(store.record_answer(answer("bob")) for _ in range(20)))
    assert outcomes.count(AnswerOutcome.RECORDED) == 1
    assert outcomes.count(AnswerOutcome.ALREADY_ANSWERED) == 19
    row = await store.user_score(WS, "all", "bob")
    assert row is not None and row.answered == 1


async def test_burst_of_answers_is_scored_per_period(store: Store) -> None:
    await store.create_quiz(quiz("QUIZ0001"))
    await store.create_quiz(quiz("QUIZ0002"))
    users = [f"u{i:03d}" for i in range(300)]
    await asyncio.gather(
        *(store.record_answer(answer(u, quiz_id="QUIZ0001")) for u in users),
        *(
            store.record_answer(answer(u, quiz_id="QUIZ0002", points=0, correct=False))
            for u in users
        ),
    )
    row = await store.user_score(WS, "week:2026-W48", "u123")
    assert row is not None
    assert (row.points, row.answered, row.correct) == (10, 2, 1)
    assert await store.user_score(WS, "month:2026-11", "u123") is None


async def test_leaderboard_orders_by_points_and_ties_share_a_rank(store: Store) -> None:
    await store.create_quiz(quiz("QUIZ0001"))
    await store.create_quiz(quiz("QUIZ0002"))
    await store.record_answer(answer("ann", quiz_id="QUIZ0001", points=30))
    await store.record_answer(answer("bob", quiz_id="QUIZ0001", points=10))
    await store.record_answer(answer("cat", quiz_id="QUIZ0001", points=10))
    await store.record_answer(answer("bob", quiz_id="QUIZ0002", points=30))
    top = await store.top_scores(WS, "all", 10)
    assert [(r.user_id, r.points) for r in top] == [("bob", 40), ("ann", 30), ("cat", 10)]
    assert top[0].display_name == "Bob"
    assert await store.rank_of(WS, "all", "cat") == 3
    await store.record_answer(answer("ann", quiz_id="QUIZ0002", points=10))
    assert await store.rank_of(WS, "all", "ann") == 1
    assert await store.rank_of(WS, "all", "bob") == 1
    assert await store.rank_of(WS, "all", "nobody") is None


async def test_scores_never_leak_across_workspaces(store: Store) -> None:
    await store.create_quiz(quiz("QUIZ0001"))
    await store.create_quiz(quiz("QUIZ0009", workspace="slack:T2"))
    await store.record_answer(answer("bob"))
    await store.record_answer(answer("eve", quiz_id="QUIZ0009", workspace="slack:T2"))
    assert [r.user_id for r in await store.top_scores(WS, "all", 10)] == ["bob"]
    assert [r.user_id for r in await store.top_scores("slack:T2", "all", 10)] == ["eve"]


async def test_answer_counts_group_by_content_option(store: Store) -> None:
    await store.create_quiz(quiz())
    for user, choice in (("a", 0), ("b", 2), ("c", 2)):
        await store.record_answer(answer(user, choice=choice))
    assert await store.answer_counts("QUIZ0001") == {0: 1, 2: 2}


async def test_acknowledged_answers_survive_a_restart(reopenable: Callable[[], Store]) -> None:
    first = reopenable()
    await first.start()
    await first.create_quiz(quiz())
    pending = [asyncio.create_task(first.record_answer(answer(f"u{i}"))) for i in range(50)]
    await asyncio.sleep(0)
    await first.close()
    outcomes = [task.result() for task in pending]
    assert outcomes == [AnswerOutcome.RECORDED] * 50

    second = reopenable()
    await second.start()
    try:
        top = await second.top_scores(WS, "all", 100)
        assert len(top) == 50
        assert await second.record_answer(answer("u7")) is AnswerOutcome.ALREADY_ANSWERED
    finally:
        await second.close()


async def test_writes_after_close_are_refused(reopenable: Callable[[], Store]) -> None:
    closed = reopenable()
    await closed.start()
    await closed.close()
    with pytest.raises(StoreClosed):
        await closed.record_answer(answer("late"))


async def test_migrations_apply_once_when_instances_start_together(
    reopenable: Callable[[], Store],
) -> None:
    stores = [reopenable() for _ in range(3)]
    await asyncio.gather(*(s.start() for s in stores))
    try:
        await stores[0].create_quiz(quiz())
        assert await stores[2].get_quiz(WS, "QUIZ0001") is not None
    finally:
        await asyncio.gather(*(s.close() for s in stores))


async def test_quiz_answers_come_back_in_answer_order_with_names(store: Store) -> None:
    await store.create_quiz(quiz())
    await store.record_answer(replace(answer("bob", choice=2), answered_at_ms=3_000))
    await store.record_answer(replace(answer("ann", correct=True), answered_at_ms=2_500))
    rows = await store.quiz_answers(WS, "QUIZ0001")
    assert [(r.user_id, r.display_name, r.choice, r.correct) for r in rows] == [
        ("ann", "Ann", 0, True),
        ("bob", "Bob", 2, True),
    ]
    assert await store.quiz_answers("slack:T2", "QUIZ0001") == []


async def test_a_new_display_name_replaces_the_stored_one_on_the_next_answer(
    store: Store,
) -> None:
    await store.create_quiz(quiz("QUIZ0001"))
    await store.create_quiz(quiz("QUIZ0002"))
    await store.record_answer(answer("bob", quiz_id="QUIZ0001"))
    await store.record_answer(replace(answer("bob", quiz_id="QUIZ0002"), display_name="Robert"))
    rows = await store.quiz_answers(WS, "QUIZ0001")
    assert [(r.user_id, r.display_name) for r in rows] == [("bob", "Robert")]


async def test_quiz_feedback_mode_round_trips(store: Store) -> None:
    await store.create_quiz(replace(quiz(), kind="daily", feedback="at_close", closes_at_ms=9))
    loaded = await store.get_quiz(WS, "QUIZ0001")
    assert loaded is not None and (loaded.kind, loaded.feedback) == ("daily", "at_close")


async def test_a_quiz_keeps_the_snapshot_of_its_question(store: Store) -> None:
    await store.create_quiz(replace(quiz(), snapshot='{"stem": "Which?"}'))
    await store.create_quiz(quiz("QUIZ0002"))
    first = await store.get_quiz(WS, "QUIZ0001")
    second = await store.get_quiz(WS, "QUIZ0002")
    assert first is not None and first.snapshot == '{"stem": "Which?"}'
    assert second is not None and second.snapshot is None
