"""Observed difficulty: the quiz footer from 30 answers, and the daily picker's easy/hard pools."""

from __future__ import annotations

from dataclasses import replace

from bot.engine import Engine
from bot.engine.daily.picker import pool_for
from bot.knowledge import KnowledgeBase
from storage import AnswerRecord, DailyChannelRecord, QuizRecord
from tests.support import ManualClock

WS = "console:w1"


async def answer_many(engine: Engine, question_id: str, answers: int, right: int) -> QuizRecord:
    record = QuizRecord("QSHARE01", WS, "general", question_id, (0, 1, 2), "alice", 1_000)
    await engine.store.create_quiz(record)
    for n in range(answers):
        await engine.store.record_answer(
            AnswerRecord(
                record.id,
                WS,
                f"u{n}",
                f"U{n}",
                0,
                n < right,
                10,
                2_000 + n,
                ("all",),
                question_id,
                "t",
            )
        )
    return record


async def test_the_footer_shows_the_share_right_from_thirty_answers(
    engine: Engine, kb: KnowledgeBase, clock: ManualClock
) -> None:
    question = next(iter(kb.questions.values()))
    record = await answer_many(engine, question.id, 29, 10)
    shown = await engine.quizzes.with_share(engine.quizzes.quiz_reply(record), record)
    assert "% of players" not in shown.footer
    await engine.store.record_answer(
        AnswerRecord(record.id, WS, "last", "Last", 0, False, 0, 9_000, ("all",), question.id, "t")
    )
    clock.advance(minutes=2)
    shown = await engine.quizzes.with_share(engine.quizzes.quiz_reply(record), record)
    assert shown.footer.endswith("answered right by 33 % of players")
    assert shown.data["right_share"] == "answered right by 33 % of players"


async def test_the_daily_picker_uses_the_observed_difficulty_for_easy_and_hard(
    engine: Engine, kb: KnowledgeBase
) -> None:
    hard_written = next(q for q in kb.questions.values() if q.difficulty == "hard")
    await answer_many(engine, hard_written.id, 40, 36)
    channel = DailyChannelRecord(WS, "general", "09:00", "UTC", "1111111", difficulty="easy")
    easy_pool = {q.id for q in await engine.picker.pool(channel)}
    assert hard_written.id in easy_pool
    hard_pool = {q.id for q in await engine.picker.pool(replace(channel, difficulty="hard"))}
    assert hard_written.id not in hard_pool
    written = {q.id for q in pool_for(kb, (), "hard")}
    assert hard_written.id in written and hard_pool == written - {hard_written.id}
