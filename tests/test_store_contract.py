"""The behaviour every Store backend must show; each backend runs this same suite."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from storage import AnswerOutcome, AnswerRecord, QuizRecord, Store, StoreClosed
from tests.backends import BACKENDS, open_backend

WS = "console:w1"


def quiz(quiz_id: str = "QUIZ0001", workspace: str = WS) -> QuizRecord:
    return QuizRecord(
        id=quiz_id,
        workspace_id=workspace,
        channel_id="general",
        question_id="q1",
        choice_order=(2, 0, 1),
        created_by="alice",
        created_at_ms=1_000,
    )


def answer(
    user: str,
    *,
    quiz_id: str = "QUIZ0001",
    points: int = 10,
    correct: bool = True,
    workspace: str = WS,
    periods: tuple[str, ...] = ("all", "week:2026-W48"),
    choice: int = 0,
) -> AnswerRecord:
    return AnswerRecord(
        quiz_id=quiz_id,
        workspace_id=workspace,
        user_id=user,
        display_name=user.capitalize(),
        choice=choice,
        correct=correct,
        points=points,
        answered_at_ms=2_000,
        periods=periods,
    )


@pytest.fixture(params=BACKENDS)
async def reopenable(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Callable[[], Store]]:
    async with open_backend(request.param, tmp_path) as factory:
        yield factory


@pytest.fixture
async def store(reopenable: Callable[[], Store]) -> AsyncIterator[Store]:
    opened = reopenable()
    await opened.start()
    yield opened
    await opened.close()


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
