"""Daily streaks: right answers in a row, one freeze per week, a warning before a break."""

from __future__ import annotations

from datetime import date

import pytest

from bot.adapters.console import ConsoleChat
from bot.engine import Actor, Engine
from bot.engine.daily.streaks import apply_close, at_risk, close_day
from bot.knowledge import KnowledgeBase
from storage import QuizAnswerRow, StreakRecord
from tests.daily_support import ScriptedPoster, advance, answer_button, attach, utc
from tests.support import ManualClock

KEY = ("console:w1", "general", "ann")
THURSDAY = date(2026, 11, 26)


def streak(current: int, last: str, freeze: str | None = None, best: int = 0) -> StreakRecord:
    return StreakRecord(*KEY, current, max(best, current), last, freeze)


def test_right_answer_extends_the_streak_and_best() -> None:
    after = close_day(streak(2, "2026-11-25"), KEY, THURSDAY, correct=True)
    assert after == streak(3, "2026-11-26")


def test_first_right_answer_starts_a_streak() -> None:
    assert close_day(None, KEY, THURSDAY, correct=True) == streak(1, "2026-11-26")


def test_a_miss_uses_the_weeks_freeze_then_breaks() -> None:
    frozen = close_day(streak(4, "2026-11-25"), KEY, THURSDAY, correct=False)
    assert frozen == streak(4, "2026-11-26", freeze="2026-W48")
    broken = close_day(frozen, KEY, date(2026, 11, 27), correct=False)
    assert broken is not None and broken.current == 0 and broken.best == 4


def test_a_new_week_brings_a_new_freeze() -> None:
    used = streak(4, "2026-11-29", freeze="2026-W48")
    monday = close_day(used, KEY, date(2026, 11, 30), correct=False)
    assert monday == streak(4, "2026-11-30", freeze="2026-W49")


def test_closing_the_same_day_twice_changes_nothing() -> None:
    done = streak(3, "2026-11-26")
    assert close_day(done, KEY, THURSDAY, correct=True) is None
    assert close_day(done, KEY, THURSDAY, correct=False) is None


def test_members_without_a_streak_who_miss_are_left_alone() -> None:
    assert close_day(None, KEY, THURSDAY, correct=False) is None
    assert close_day(streak(0, "2026-11-20", best=5), KEY, THURSDAY, correct=False) is None


def test_apply_close_touches_streakers_and_right_answerers_only() -> None:
    active = [StreakRecord("console:w1", "general", "bob", 2, 2, "2026-11-25")]
    answers = [
        QuizAnswerRow("ann", "Ann", 0, True, 1),
        QuizAnswerRow("cat", "Cat", 1, False, 2),
    ]
    changed = apply_close(active, answers, "console:w1", "general", THURSDAY)
    assert [(s.user_id, s.current, s.freeze_week) for s in changed] == [
        ("ann", 1, None),
        ("bob", 2, "2026-W48"),
    ]


def test_only_long_unanswered_streaks_without_a_freeze_are_at_risk() -> None:
    week = "2026-W48"
    active = [
        StreakRecord("w", "c", "ann", 5, 5, "2026-11-25", week),
        StreakRecord("w", "c", "bob", 5, 5, "2026-11-25", None),
        StreakRecord("w", "c", "cat", 1, 1, "2026-11-25", week),
        StreakRecord("w", "c", "dan", 5, 5, "2026-11-25", week),
    ]
    risky = at_risk(active, answered={"dan"}, day=THURSDAY)
    assert [s.user_id for s in risky] == ["ann"]


@pytest.fixture
def poster(engine: Engine, clock: ManualClock) -> ScriptedPoster:
    return attach(engine, clock)


async def test_streak_freeze_and_break_over_a_week_of_daily_questions(
    engine: Engine,
    kb: KnowledgeBase,
    clock: ManualClock,
    actor: Actor,
    poster: ScriptedPoster,
) -> None:
    admin = ConsoleChat(engine, actor)
    ann = admin.as_user("ann", "Ann")
    await admin.say("/llm daily setup 09:00 UTC every 6h")
    # Thu right, Fri right, Sat missed (freeze of W48), Sun right, Mon missed (freeze of
    # W49), Tue wrong: broken.
    plan = {
        26: True,
        27: True,
        28: None,
        29: True,
        30: None,
        1: False,
    }
    for day, answer in plan.items():
        month = 12 if day < 20 else 11
        await advance(engine, clock, utc(2026, month, day, 9, 0))
        post = poster.posts("quiz")[-1]
        if answer is not None:
            clock.set(utc(2026, month, day, 9, 30))
            await ann.press(answer_button(kb, post, right=answer))
        await advance(engine, clock, utc(2026, month, day, 15, 1))
        stats = await ann.say("/llm me")
        if day == 29:
            assert stats.data["streak"] == {"current": 3, "best": 3, "freeze_left": False}
    assert stats.data["streak"]["current"] == 0
    assert stats.data["streak"]["best"] == 3


async def test_a_member_about_to_lose_a_streak_is_warned_privately(
    engine: Engine,
    kb: KnowledgeBase,
    clock: ManualClock,
    actor: Actor,
    poster: ScriptedPoster,
) -> None:
    admin = ConsoleChat(engine, actor)
    ann, bob = admin.as_user("ann", "Ann"), admin.as_user("bob", "Bob")
    await admin.say("/llm daily setup 09:00 UTC every 6h")
    for day in (26, 27):
        await advance(engine, clock, utc(2026, 11, day, 9, 0))
        right = answer_button(kb, poster.posts("quiz")[-1], right=True)
        for chat in (ann, bob):
            await chat.press(right)
        await advance(engine, clock, utc(2026, 11, day, 15, 1))
    await advance(engine, clock, utc(2026, 11, 28, 15, 1))  # both miss: freeze used
    assert poster.notes() == []
    await advance(engine, clock, utc(2026, 11, 29, 9, 0))
    await bob.press(answer_button(kb, poster.posts("quiz")[-1], right=True))
    await advance(engine, clock, utc(2026, 11, 29, 14, 0))
    [note] = poster.notes()
    assert note.to_user == "ann" and note.reply.kind == "streak_warning"
    assert note.reply.private and "2-day streak" in note.reply.title
    assert "1 h" in note.reply.body
