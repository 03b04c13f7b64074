"""The learning part of the Store contract: cards, practice, mastery reads, analytics,
problem reports and forgetting. Every backend runs this same suite."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.engine.practice.spacing import Ledger
from bot.engine.progress.analytics import analyse
from storage import AnswerOutcome, AnswerRecord, QuizRecord, Store, StreakRecord, TeamRecord
from storage.learning import (
    CardKey,
    ForgetMember,
    HeldReviews,
    PracticeAnswerRecord,
    QuestionReport,
)
from tests.backends import BACKENDS, open_backend

WS = "console:w1"
MINUTE = 60_000


@pytest.fixture(params=BACKENDS)
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    async with open_backend(request.param, tmp_path) as factory:
        opened = factory()
        opened.use_learning_rules(Ledger())
        await opened.start()
        yield opened
        await opened.close()


async def quiz(
    store: Store,
    quiz_id: str,
    question: str,
    *,
    kind: str = "adhoc",
    by: str = "alice",
    closes_at_ms: int | None = None,
    feedback: str = "instant",
) -> None:
    await store.create_quiz(
        QuizRecord(
            quiz_id, WS, "general", question, (0, 1, 2), by, 1_000, kind, closes_at_ms, feedback
        )
    )


def answer(
    user: str,
    quiz_id: str,
    question: str,
    correct: bool,
    at_ms: int = 2_000,
    *,
    topic: str = "t",
    held: bool = False,
    choice: int | None = None,
) -> AnswerRecord:
    return AnswerRecord(
        quiz_id=quiz_id,
        workspace_id=WS,
        user_id=user,
        display_name=user.capitalize(),
        choice=(0 if correct else 1) if choice is None else choice,
        correct=correct,
        points=10 if correct else 0,
        answered_at_ms=at_ms,
        periods=("all",),
        question_id=question,
        topic_id=topic,
        held=held,
    )


def practice(
    user: str, quiz_id: str, question: str, correct: bool, at_ms: int = 2_000, topic: str = "t"
) -> PracticeAnswerRecord:
    return PracticeAnswerRecord(
        quiz_id, WS, user, user.capitalize(), question, topic, 0 if correct else 1, correct, at_ms
    )


async def test_a_quiz_answer_moves_the_members_card_and_topic_summary(store: Store) -> None:
    await quiz(store, "QUIZ0001", "q1")
    assert (
        await store.record_answer(answer("ann", "QUIZ0001", "q1", True)) is AnswerOutcome.RECORDED
    )
    card = await store.get_card(CardKey(WS, "ann", "q1"))
    assert card is not None and card.first_correct and card.due_ms == 2_000 + 10 * MINUTE
    [progress] = await store.topic_progress(WS, "ann")
    assert progress.topic_id == "t" and progress.answers == 1 and progress.first_right == 1
    assert await store.question_stats(WS) == {"q1": (1, 1)}


async def test_a_held_daily_answer_moves_no_card_until_its_reveal_and_only_once(
    store: Store,
) -> None:
    await quiz(store, "DAILY001", "q1", kind="daily", closes_at_ms=50_000, feedback="at_close")
    await store.record_answer(answer("ann", "DAILY001", "q1", False, held=True))
    await store.record_answer(answer("bob", "DAILY001", "q1", True, held=True))
    assert await store.get_card(CardKey(WS, "ann", "q1")) is None
    assert await store.topic_progress(WS, "ann") == []
    assert await store.held_open_questions(WS, 10_000) == ["q1"]
    assert await store.held_open_questions(WS, 50_000) == []
    held = HeldReviews(WS, "DAILY001", "q1", "t", 50_000)
    assert await store.apply_held_reviews(held) == 2
    assert await store.apply_held_reviews(held) == 0
    missed = await store.get_card(CardKey(WS, "ann", "q1"))
    assert missed is not None and not missed.last_correct and missed.reviews == 1


async def test_practice_answers_move_cards_but_never_scores(store: Store) -> None:
    await quiz(store, "PRAC0001", "q1", kind="practice", by="ann")
    outcome = await store.record_practice(practice("ann", "PRAC0001", "q1", False))
    assert outcome.recorded and outcome.card is not None
    assert outcome.card.due_ms == 2_000 + MINUTE
    again = await store.record_practice(practice("ann", "PRAC0001", "q1", True))
    assert not again.recorded
    assert await store.top_scores(WS, "all", 10) == []
    assert await store.question_stats(WS) == {}
    [activity] = await store.member_activity(WS, 0)
    assert (activity.user_id, activity.display_name, activity.answers) == ("ann", "Ann", 1)


async def test_concurrent_practice_answers_to_one_question_count_once(store: Store) -> None:
    await quiz(store, "PRAC0001", "q1", kind="practice", by="ann")
    outcomes = await asyncio.gather(
        *(store.record_practice(practice("ann", "PRAC0001", "q1", True)) for _ in range(5))
    )
    assert sum(o.recorded for o in outcomes) == 1
    card = await store.get_card(CardKey(WS, "ann", "q1"))
    assert card is not None and card.reviews == 1


async def test_due_cards_come_most_overdue_first_within_a_topic_and_not_excluded(
    store: Store,
) -> None:
    for n, (question, topic) in enumerate([("q1", "a"), ("q2", "b"), ("q3", "a")]):
        await quiz(store, f"PRAC000{n}", question, kind="practice", by="ann")
        await store.record_practice(
            practice("ann", f"PRAC000{n}", question, False, at_ms=1_000 * n, topic=topic)
        )
    now = 10 * MINUTE
    first = await store.most_overdue_card(WS, "ann", now, None, [])
    assert first is not None and first.question_id == "q1"
    assert (await store.most_overdue_card(WS, "ann", now, "b", [])).question_id == "q2"  # type: ignore[union-attr]
    later = await store.most_overdue_card(WS, "ann", now, "a", ["q1"])
    assert later is not None and later.question_id == "q3"
    assert await store.most_overdue_card(WS, "ann", 1_000, None, []) is None
    assert await store.next_due_ms(WS, "ann", 1_000, None) == MINUTE
    assert await store.carded_questions(WS, "ann") == {"q1", "q2", "q3"}


async def test_missed_questions_are_the_last_answer_wrong_most_recent_first(store: Store) -> None:
    await quiz(store, "QUIZ0001", "q1")
    await quiz(store, "QUIZ0002", "q2")
    await quiz(store, "QUIZ0003", "q3")
    await store.record_answer(answer("ann", "QUIZ0001", "q1", False, at_ms=1_000))
    await store.record_answer(answer("ann", "QUIZ0002", "q2", True, at_ms=2_000))
    await store.record_answer(answer("ann", "QUIZ0003", "q3", False, at_ms=3_000))
    assert await store.missed_questions(WS, "ann", [], 10) == ["q3", "q1"]
    assert await store.missed_questions(WS, "ann", ["q3"], 10) == ["q1"]
    await quiz(store, "PRAC0001", "q3", kind="practice", by="ann")
    await store.record_practice(practice("ann", "PRAC0001", "q3", True, at_ms=9_000))
    assert await store.missed_questions(WS, "ann", [], 10) == ["q1"]


async def test_mastered_topics_follow_the_engines_threshold(store: Store) -> None:
    for n in range(3):
        await quiz(store, f"QUIZ000{n}", f"q{n}")
        await store.record_answer(answer("ann", f"QUIZ000{n}", f"q{n}", True, at_ms=1_000 + n))
    assert await store.mastered_topics(WS, 3) == {"ann": ["t"]}
    assert await store.mastered_topics(WS, 4) == {}


async def test_a_pack_topic_is_summarised_by_its_namespaced_id_in_every_mode(
    store: Store,
) -> None:
    """Mastery reads pack topics from the same summaries: a quiz, a practice answer and a
    held daily answer on a pack's questions all count for the pack topic's own id."""
    topic = "pack.fernhill-ai-policy/data-classes"
    questions = [f"pack.fernhill-ai-policy/q{n}" for n in range(3)]
    await quiz(store, "QUIZ0001", questions[0])
    await store.record_answer(answer("ann", "QUIZ0001", questions[0], True, topic=topic))
    await quiz(store, "PRAC0001", questions[1], kind="practice", by="ann")
    await store.record_practice(practice("ann", "PRAC0001", questions[1], True, 3_000, topic))
    await quiz(
        store, "DAILY001", questions[2], kind="daily", closes_at_ms=50_000, feedback="at_close"
    )
    await store.record_answer(
        answer("ann", "DAILY001", questions[2], True, 4_000, topic=topic, held=True)
    )
    assert [p.answers for p in await store.topic_progress(WS, "ann")] == [2]
    await store.apply_held_reviews(HeldReviews(WS, "DAILY001", questions[2], topic, 50_000))
    [progress] = await store.topic_progress(WS, "ann")
    assert progress.topic_id == topic
    assert (progress.answers, progress.first_right, progress.last_correct) == (3, 3, True)
    assert await store.mastered_topics(WS, 3) == {"ann": [topic]}


async def test_question_sums_show_a_mis_keyed_question_discriminating_negatively(
    store: Store,
) -> None:
    # Four strong members get five ordinary questions right and "bad" wrong; four weak
    # members miss the ordinary ones and get "bad" right.
    n = 0
    for user, strong in [(f"s{i}", True) for i in range(4)] + [(f"w{i}", False) for i in range(4)]:
        for q in ["ok1", "ok2", "ok3", "ok4", "ok5", "bad"]:
            n += 1
            quiz_id = f"Q{n:07d}"
            await quiz(store, quiz_id, q)
            right = strong if q != "bad" else not strong
            await store.record_answer(answer(user, quiz_id, q, right, choice=0 if right else 1))
    sums = {s.question_id: s for s in await store.question_sums(None)}
    bad = sums["bad"]
    assert (bad.attempts, bad.right, bad.picks) == (8, 4, (4, 4))
    assert bad.paired == 8 and bad.sum_x == pytest.approx(4.0) and bad.sum_xy == 0
    assert (analyse(bad).discrimination or 0) < 0 < (analyse(sums["ok1"]).discrimination or 0)
    assert {s.question_id for s in await store.question_sums(WS)} == set(sums)
    assert await store.question_sums("console:other") == []


async def test_reports_are_one_per_member_and_question(store: Store) -> None:
    report = QuestionReport(WS, "q1", "ann", "wrong_key", "B is right", 5_000)
    assert await store.save_question_report(report)
    assert not await store.save_question_report(report)
    await store.save_question_report(QuestionReport(WS, "q1", "bob", "wrong_key", "", 6_000))
    await store.save_question_report(QuestionReport(WS, "q2", "bob", "typo", "", 7_000))
    counts = {(c.question_id, c.reason): c for c in await store.report_counts(None)}
    assert counts[("q1", "wrong_key")].count == 2
    assert counts[("q1", "wrong_key")].notes == ("B is right",)
    assert await store.reports_since(WS, 6_500) == 1


async def test_forget_removes_a_member_everywhere_and_keeps_others_intact(store: Store) -> None:
    await quiz(store, "QUIZ0001", "q1", by="ann")
    await store.record_answer(answer("ann", "QUIZ0001", "q1", True))
    await store.record_answer(answer("bob", "QUIZ0001", "q1", False))
    await quiz(store, "PRAC0001", "q1", kind="practice", by="ann")
    await store.record_practice(practice("ann", "PRAC0001", "q1", True, at_ms=20 * MINUTE))
    await store.save_streaks([StreakRecord(WS, "general", "ann", 2, 2, "2026-12-01")])
    await store.create_team(TeamRecord(WS, "t1", "Owls", None, "ann", 1_000))
    await store.set_team_membership(WS, "ann", "Ann", "t1", 1_000)
    await store.save_question_report(QuestionReport(WS, "q1", "ann", "typo", "", 5_000))

    summary = await store.forget_member(ForgetMember(WS, "ann", "a former member"))
    assert (summary.answers, summary.practice_answers, summary.cards) == (1, 1, 1)
    assert (summary.streaks, summary.team_memberships, summary.reports) == (1, 1, 1)
    assert summary.names == 1 and summary.anonymised == 3
    assert [row.user_id for row in await store.top_scores(WS, "all", 10)] == ["bob"]
    assert await store.answer_counts("QUIZ0001") == {1: 1}
    assert await store.question_stats(WS) == {"q1": (1, 0)}
    assert await store.topic_progress(WS, "ann") == []
    assert await store.get_card(CardKey(WS, "bob", "q1")) is not None
    assert [m.user_id for m in await store.member_activity(WS, 0)] == ["bob"]
    team = await store.get_team(WS, "t1")
    assert team is not None and team.created_by == "a former member"
    assert not (await store.forget_member(ForgetMember(WS, "ann", "a former member"))).anything


async def test_an_answer_queued_before_a_forget_never_outlives_it(store: Store) -> None:
    await quiz(store, "QUIZ0001", "q1")
    answered, forgotten = await asyncio.gather(
        store.record_answer(answer("ann", "QUIZ0001", "q1", True)),
        store.forget_member(ForgetMember(WS, "ann", "a former member")),
    )
    assert answered is AnswerOutcome.RECORDED and forgotten.answers == 1
    assert await store.top_scores(WS, "all", 10) == []
    assert await store.get_card(CardKey(WS, "ann", "q1")) is None


async def test_known_workspaces_are_listed_as_stored(store: Store) -> None:
    await quiz(store, "QUIZ0001", "q1")
    assert await store.known_workspaces() == [WS]
