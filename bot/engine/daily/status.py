"""What `/llm daily status` shows: the schedule, the next post on the channel's clock, last days."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.engine.clock import Clock, format_span, to_ms
from bot.engine.daily.payloads import DailyStatusReport
from bot.engine.daily.schedule import (
    DailySpec,
    Slot,
    describe_days,
    format_local,
    last_slot,
    local_date,
    next_slot,
)
from bot.engine.reply import Field, Reply, ReplyKind, Visibility
from storage import OPEN_STATUSES, DailyChannelRecord, Store

HISTORY_DAYS = 7
# Keeps the "Recent days" field inside one embed field (Discord: 1024 characters).
SHOWN_DAYS = 8
LINE = 110


async def upcoming(
    store: Store, grace: timedelta, channel: DailyChannelRecord, now: datetime
) -> Slot | None:
    """The next slot that will post: a due one being caught up, else the next not skipped."""
    spec = DailySpec.of(channel)
    candidates: list[Slot] = []
    last = last_slot(spec, now)
    if last and to_ms(last.at) >= channel.since_ms and now - last.at <= grace:
        candidates.append(last)
    slot = next_slot(spec, now)
    while slot is not None and len(candidates) < 14:
        candidates.append(slot)
        slot = next_slot(spec, slot.at)
    for slot in candidates:
        claim = await store.get_daily_claim(
            channel.workspace_id, channel.channel_id, slot.local_date.isoformat(), "post"
        )
        if claim is None or claim.status in OPEN_STATUSES:
            return slot
    return None


async def status_reply(
    store: Store, clock: Clock, grace: timedelta, channel: DailyChannelRecord, note: str = ""
) -> Reply:
    now = clock.now()
    spec = DailySpec.of(channel)
    if not channel.enabled:
        next_text = "off (`/llm daily setup` switches it on)"
    elif channel.paused_reason:
        next_text = f"paused: {channel.paused_reason}"
    else:
        slot = await upcoming(store, grace, channel, now)
        next_text = (
            f"{format_local(slot.at, spec.zone)} (in {format_span(slot.at - now)})"
            if slot
            else "none scheduled"
        )
    today = local_date(spec, now)
    history = await store.daily_claims_between(
        channel.workspace_id,
        channel.channel_id,
        (today - timedelta(days=HISTORY_DAYS)).isoformat(),
        (today + timedelta(days=HISTORY_DAYS)).isoformat(),
    )
    days = [
        f"- {c.local_date}: {c.status.value}{f' ({c.detail})' if c.detail else ''}"[:LINE]
        for c in history
        if c.kind == "post"
    ][-SHOWN_DAYS:]
    fields = [
        Field("Schedule", describe(channel)),
        Field("Next post", next_text),
    ]
    if days:
        fields.append(Field("Recent days", "\n".join(days)))
    return Reply(
        kind=ReplyKind.DAILY_STATUS,
        title="Daily question in this channel",
        body=note,
        fields=tuple(fields),
        visibility=Visibility.PRIVATE,
        payload=DailyStatusReport(
            enabled=channel.enabled,
            paused=channel.paused_reason,
            next=next_text,
            days={c.local_date: c.status.value for c in history if c.kind == "post"},
        ),
    )


def describe(channel: DailyChannelRecord) -> str:
    parts = [
        f"{channel.post_time} {channel.timezone}",
        describe_days(channel.weekdays),
        channel.difficulty or "mixed difficulty",
        ("topics: " + ", ".join(channel.topics)) if channel.topics else "all topics",
        (
            f"answers open {channel.window_minutes // 60} h"
            if channel.window_minutes
            else "answers open until 1 h before the next post"
        ),
        "instant feedback" if channel.feedback == "instant" else "answers revealed at close",
    ]
    if channel.recap:
        parts.append("weekly recap")
    return " · ".join(parts)
