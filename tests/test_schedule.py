"""Next-post maths: local times in IANA zones, across daylight-saving changes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.engine.daily.schedule import (
    DailySpec,
    closing_time,
    format_local,
    last_slot,
    next_slot,
    slot_on,
    warning_time,
)
from bot.engine.standings.periods import Calendar, period_key
from tests.daily_support import utc

EVERY_DAY = frozenset(range(7))
PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def spec(at: str, zone: ZoneInfo, days: frozenset[int] = EVERY_DAY) -> DailySpec:
    hours, minutes = at.split(":")
    return DailySpec(time(int(hours), int(minutes)), zone, days)


@pytest.mark.parametrize(
    ("zone", "day", "expected_utc", "shown"),
    [
        # spring forward: 02:30 does not exist, so it posts 02:30 + the 1 h gap = 03:30
        (PARIS, date(2027, 3, 28), utc(2027, 3, 28, 1, 30), "Sun 28 Mar 03:30 CEST"),
        (NEW_YORK, date(2027, 3, 14), utc(2027, 3, 14, 7, 30), "Sun 14 Mar 03:30 EDT"),
        # fall back: 02:30 (Paris) and 01:30 (New York) happen twice; the first one posts
        (PARIS, date(2026, 10, 25), utc(2026, 10, 25, 0, 30), "Sun 25 Oct 02:30 CEST"),
    ],
)
def test_post_time_on_a_clock_change_day_is_documented(
    zone: ZoneInfo, day: date, expected_utc: object, shown: str
) -> None:
    at = slot_on(spec("02:30", zone), day)
    assert at == expected_utc
    assert format_local(at, zone) == shown


def test_repeated_new_york_time_posts_at_its_first_occurrence() -> None:
    at = slot_on(spec("01:30", NEW_YORK), date(2026, 11, 1))
    assert at == utc(2026, 11, 1, 5, 30)
    assert format_local(at, NEW_YORK) == "Sun 1 Nov 01:30 EDT"


def test_local_time_stays_put_while_utc_moves_across_dst() -> None:
    daily = spec("09:30", PARIS)
    before = next_slot(daily, utc(2027, 3, 27, 0, 0))
    after = next_slot(daily, utc(2027, 3, 28, 12, 0))
    assert before is not None and after is not None
    assert (before.local_date, before.at) == (date(2027, 3, 27), utc(2027, 3, 27, 8, 30))
    assert (after.local_date, after.at) == (date(2027, 3, 29), utc(2027, 3, 29, 7, 30))


@pytest.mark.parametrize(
    ("zone", "first_day"),
    [
        (PARIS, date(2027, 3, 27)),
        (PARIS, date(2026, 10, 24)),
        (NEW_YORK, date(2027, 3, 13)),
        (NEW_YORK, date(2026, 10, 31)),
    ],
)
@pytest.mark.parametrize("post_at", ["00:30", "01:30", "02:30", "03:00", "23:30"])
def test_walking_slots_through_a_dst_weekend_gives_one_post_per_local_date(
    zone: ZoneInfo, first_day: date, post_at: str
) -> None:
    daily = spec(post_at, zone)
    start = datetime.combine(first_day, time(0), zone)
    end = datetime.combine(first_day + timedelta(days=3), time(0), zone)
    seen = []
    slot = next_slot(daily, start)
    while slot is not None and slot.at < end:
        seen.append(slot.local_date)
        slot = next_slot(daily, slot.at)
    assert seen == [first_day + timedelta(days=n) for n in range(3)]


def test_only_chosen_weekdays_are_scheduled() -> None:
    weekdays = spec("09:00", PARIS, frozenset(range(5)))
    friday = utc(2026, 11, 27, 12, 0)
    following = next_slot(weekdays, friday)
    assert following is not None and following.local_date == date(2026, 11, 30)
    latest = last_slot(weekdays, utc(2026, 11, 29, 12, 0))
    assert latest is not None and latest.local_date == date(2026, 11, 27)


def test_no_weekday_means_no_slot() -> None:
    assert next_slot(spec("09:00", PARIS, frozenset()), utc(2026, 11, 27)) is None


def test_answers_close_an_hour_before_the_next_post_or_after_the_window() -> None:
    weekdays = spec("09:00", PARIS, frozenset(range(5)))
    posted = utc(2026, 11, 27, 8, 0)
    friday = date(2026, 11, 27)
    assert closing_time(weekdays, friday, posted, None) == utc(2026, 11, 30, 7, 0)
    assert closing_time(weekdays, friday, posted, timedelta(hours=6)) == utc(2026, 11, 27, 14, 0)
    closes = utc(2026, 11, 27, 14, 0)
    assert warning_time(posted, closes) == utc(2026, 11, 27, 13, 0)
    assert warning_time(posted, utc(2026, 11, 27, 9, 0)) == utc(2026, 11, 27, 8, 30)


def test_zone_change_applies_to_periods_that_start_after_it() -> None:
    changed = utc(2026, 11, 25, 12, 0)
    calendar = Calendar(ZoneInfo("Pacific/Auckland"), ZoneInfo("UTC"), changed)
    # Sunday 29 Nov 13:00 UTC is already Monday in Auckland, but the running UTC week
    # (begun before the change) keeps its boundaries.
    assert period_key("week", utc(2026, 11, 29, 13, 0), calendar) == "week:2026-W48"
    # The next week starts after the change, so Auckland's calendar applies to it.
    assert period_key("week", utc(2026, 12, 6, 13, 0), calendar) == "week:2026-W50"
    assert period_key("week", utc(2026, 12, 6, 13, 0), ZoneInfo("UTC")) == "week:2026-W49"
