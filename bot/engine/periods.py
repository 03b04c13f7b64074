"""Leaderboard periods (ISO weeks, calendar months) in a workspace's own time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

PERIOD_TITLES = {"week": "this week", "month": "this month", "all": "all time"}


def period_key(period: str, moment: datetime, zone: ZoneInfo) -> str:
    """The score bucket that `moment` falls in, e.g. ``week:2026-W48`` or ``month:2026-11``."""
    local = moment.astimezone(zone)
    if period == "week":
        year, week, _ = local.isocalendar()
        return f"week:{year}-W{week:02d}"
    if period == "month":
        return f"month:{local.year}-{local.month:02d}"
    return "all"


def period_keys(moment: datetime, zone: ZoneInfo) -> tuple[str, ...]:
    """Every bucket an answer given at `moment` counts towards."""
    return tuple(period_key(p, moment, zone) for p in ("all", "week", "month"))
