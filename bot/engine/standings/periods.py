"""Leaderboard periods (ISO weeks, calendar months) in a workspace's own time zone."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PERIOD_TITLES = {"week": "this week", "month": "this month", "all": "all time"}


@dataclass(frozen=True, slots=True)
class Calendar:
    """A workspace's zone, plus the zone it had before its last change.

    A change applies to periods that start after it: the week and month that were
    running when an admin changed the zone finish on the old zone's boundaries.
    """

    zone: ZoneInfo
    previous: ZoneInfo | None = None
    changed_at: datetime | None = None

    def zone_for(self, period: str, moment: datetime) -> ZoneInfo:
        if self.previous is None or self.changed_at is None or period == "all":
            return self.zone
        started = period_start(period, moment, self.previous)
        return self.previous if started <= self.changed_at else self.zone


def period_start(period: str, moment: datetime, zone: ZoneInfo) -> datetime:
    """The instant the week or month containing `moment` began in `zone`."""
    local = moment.astimezone(zone).date()
    first = local - timedelta(days=local.weekday()) if period == "week" else local.replace(day=1)
    return datetime.combine(first, time(0), tzinfo=zone)


def week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def period_key(period: str, moment: datetime, calendar: Calendar | ZoneInfo) -> str:
    """The score bucket that `moment` falls in, e.g. ``week:2026-W48`` or ``month:2026-11``."""
    if isinstance(calendar, ZoneInfo):
        calendar = Calendar(calendar)
    local = moment.astimezone(calendar.zone_for(period, moment))
    if period == "week":
        return f"week:{week_label(local.date())}"
    if period == "month":
        return f"month:{local.year}-{local.month:02d}"
    return "all"


def period_keys(moment: datetime, calendar: Calendar | ZoneInfo) -> tuple[str, ...]:
    """Every bucket an answer given at `moment` counts towards."""
    if isinstance(calendar, ZoneInfo):
        calendar = Calendar(calendar)
    # Period boundaries fall on whole minutes in every zone, so a burst of answers shares
    # one computation per minute.
    return _keys_in_minute(moment.replace(second=0, microsecond=0), calendar)


@functools.lru_cache(maxsize=256)
def _keys_in_minute(minute: datetime, calendar: Calendar) -> tuple[str, ...]:
    return tuple(period_key(p, minute, calendar) for p in ("all", "week", "month"))
