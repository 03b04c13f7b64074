"""When a channel's daily question is due: a wall-clock time on chosen weekdays in an IANA zone.

Clock changes follow the zone's rules (zoneinfo), and each local date posts once:

- a time that a spring-forward day skips is posted as far after the jump as it was
  after the jump's start: 02:30 in Europe/Paris on the last Sunday of March
  (02:00 → 03:00) posts at 03:30 CEST;
- a time that a fall-back day repeats is posted at its first occurrence: 01:30 in
  America/New_York on the first Sunday of November posts at 01:30 EDT.

Hand-written on zoneinfo rather than a cron library: the rule is one time on some
weekdays, and these two DST choices are the part that has to be exact and tested.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from storage import DailyChannelRecord

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = "1111111"

# Answers close this long before the next post, unless the channel set a shorter window.
CLOSE_BEFORE_NEXT = timedelta(hours=1)
MIN_WINDOW = timedelta(minutes=15)
WARN_BEFORE_CLOSE = timedelta(hours=1)
# A post missed while no instance ran is still made this long after its time.
DEFAULT_GRACE = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class DailySpec:
    post_time: time
    zone: ZoneInfo
    weekdays: frozenset[int]

    @classmethod
    def of(cls, channel: DailyChannelRecord) -> DailySpec:
        return cls(
            parse_time(channel.post_time), ZoneInfo(channel.timezone), days_of(channel.weekdays)
        )


@dataclass(frozen=True, slots=True)
class Slot:
    """One scheduled post: the channel's local date and the instant (UTC) it is due."""

    local_date: date
    at: datetime


def parse_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def days_of(mask: str) -> frozenset[int]:
    return frozenset(i for i, flag in enumerate(mask) if flag == "1")


def slot_on(spec: DailySpec, day: date) -> datetime:
    # fold=0 picks the first of a repeated time, and maps a skipped time forward by the
    # length of the gap (PEP 495); converting to UTC settles which instant that is.
    local = datetime.combine(day, spec.post_time).replace(tzinfo=spec.zone, fold=0)
    return local.astimezone(UTC)


def local_date(spec: DailySpec, moment: datetime) -> date:
    return moment.astimezone(spec.zone).date()


def _days_around(spec: DailySpec, moment: datetime) -> list[date]:
    today = local_date(spec, moment)
    return [today + timedelta(days=offset) for offset in range(-8, 9)]


def next_slot(spec: DailySpec, after: datetime) -> Slot | None:
    """The first slot strictly after `after` (None when no weekday is chosen)."""
    for day in _days_around(spec, after):
        if day.weekday() in spec.weekdays and slot_on(spec, day) > after:
            return Slot(day, slot_on(spec, day))
    return None


def last_slot(spec: DailySpec, moment: datetime) -> Slot | None:
    """The latest slot at or before `moment`."""
    for day in reversed(_days_around(spec, moment)):
        if day.weekday() in spec.weekdays and slot_on(spec, day) <= moment:
            return Slot(day, slot_on(spec, day))
    return None


def first_due(spec: DailySpec, since: datetime, now: datetime) -> datetime | None:
    """When the scheduler must next look at a channel whose schedule changed at `since`.

    Its latest slot when that is not before `since` (the post may still be open, or need
    recording as missed; looking once too often is harmless), else the next slot. Slots
    before `since` are never caught up, so they are never due.
    """
    last = last_slot(spec, now)
    if last is not None and last.at >= since:
        return last.at
    following = next_slot(spec, now)
    return following.at if following else None


def slot_after_date(spec: DailySpec, day: date) -> Slot | None:
    """The first slot on a local date later than `day`."""
    for offset in range(1, 8):
        later = day + timedelta(days=offset)
        if later.weekday() in spec.weekdays:
            return Slot(later, slot_on(spec, later))
    return None


def closing_time(
    spec: DailySpec, day: date, posted_at: datetime, window: timedelta | None
) -> datetime:
    """When answers to the daily of `day` stop: an hour before the next post by default."""
    following = slot_after_date(spec, day)
    default = (following.at if following else posted_at + timedelta(days=1)) - CLOSE_BEFORE_NEXT
    close = min(default, posted_at + window) if window else default
    return max(close, posted_at + MIN_WINDOW)


def warning_time(posted_at: datetime, closes_at: datetime) -> datetime:
    """When members about to lose a streak hear about it: an hour before close at most."""
    return closes_at - min(WARN_BEFORE_CLOSE, (closes_at - posted_at) / 2)


def describe_days(mask: str) -> str:
    days = sorted(days_of(mask))
    if len(days) == 7:
        return "every day"
    if days == [0, 1, 2, 3, 4]:
        return "Mon–Fri"
    if days == [5, 6]:
        return "weekends"
    return ", ".join(WEEKDAYS[d].capitalize() for d in days) or "no day"


def format_local(moment: datetime, zone: ZoneInfo) -> str:
    """`Mon 30 Nov 09:30 CET`: what members of that channel read on their clocks."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %H:%M} {local.tzname()}"
