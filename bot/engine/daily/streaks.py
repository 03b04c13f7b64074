"""Daily streaks: updated once per daily question when it closes, with one freeze per week.

A streak counts a channel's daily questions answered right in a row. Each close
moves every member with a streak (and everyone who answered right) forward by one
day; days without a post never reach this code, so they neither count nor break.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from bot.engine.learn.scoring import WARN_FROM_STREAK
from bot.engine.standings.periods import week_label
from storage import QuizAnswerRow, StreakRecord


def close_day(
    streak: StreakRecord | None,
    key: tuple[str, str, str],
    day: date,
    correct: bool,
) -> StreakRecord | None:
    """The streak after the daily of `day`, or None when nothing changes.

    `last_date` makes this idempotent: a reveal retried after a crash applies nothing twice.
    """
    today = day.isoformat()
    if streak is not None and streak.last_date >= today:
        return None
    if correct:
        current = (streak.current if streak else 0) + 1
        best = max(streak.best if streak else 0, current)
        freeze = streak.freeze_week if streak else None
        return StreakRecord(*key, current, best, today, freeze)
    if streak is None or streak.current == 0:
        return None
    week = week_label(day)
    if streak.freeze_week != week:
        return replace(streak, last_date=today, freeze_week=week)
    return replace(streak, current=0, last_date=today)


def apply_close(
    active: Iterable[StreakRecord],
    answers: Sequence[QuizAnswerRow],
    workspace_id: str,
    channel_id: str,
    day: date,
) -> list[StreakRecord]:
    """Every streak that changes when the daily of `day` closes with these answers.

    A member who answers right with no active streak starts at 1; the store keeps
    their best and their used freeze from before.
    """
    by_user = {s.user_id: s for s in active}
    right = {a.user_id for a in answers if a.correct}
    changed = []
    for user in sorted(set(by_user) | right):
        updated = close_day(by_user.get(user), (workspace_id, channel_id, user), day, user in right)
        if updated is not None:
            changed.append(updated)
    return changed


def at_risk(active: Iterable[StreakRecord], answered: set[str], day: date) -> list[StreakRecord]:
    """Members whose streak breaks if they don't answer today's question: long enough to
    matter, not answered yet, and this week's freeze already used."""
    week = week_label(day)
    return [
        s
        for s in active
        if s.current >= WARN_FROM_STREAK
        and s.user_id not in answered
        and s.freeze_week == week
        and s.last_date < day.isoformat()
    ]
