"""How a member reads when a question comes back: "in 10 minutes", "in 3 days"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def span_words(span: timedelta) -> str:
    """A whole number of the largest fitting unit, rounded to the nearest, never "0 minutes".

    fsrs's learning steps are minutes and its intervals whole days, so "in 10 minutes"
    and "in 3 days" say exactly what it computed; months appear only past 60 days,
    where a day either way no longer matters to a learner.
    """
    seconds = max(0.0, span.total_seconds())
    minutes = seconds / 60
    if minutes < 59.5:
        return _plural(max(1, round(minutes)), "minute")
    hours = minutes / 60
    if hours < 23.5:
        return _plural(round(hours), "hour")
    days = hours / 24
    if days < 60:
        return _plural(round(days), "day")
    return _plural(round(days / 30.4), "month")


def comes_back(now: datetime, due: datetime) -> str:
    """The sentence of an answer's feedback that says when its question returns."""
    return f"This question comes back in {span_words(due - now)}."


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a `Z`, to the second, for `next_review` in JSON."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
