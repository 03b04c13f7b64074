"""A member's daily overview: each daily channel's open question and their streak there.

For overviews that live outside any one channel (Slack's App Home), where `Me` cannot
say which channel's streak or question to show.
"""

from __future__ import annotations

from datetime import timedelta

from bot.engine.clock import Clock, from_ms, to_ms
from bot.engine.daily.payloads import DailyOverview, OpenQuestion, OverviewChannel
from bot.engine.daily.schedule import DailySpec, format_local, local_date
from bot.engine.reply import Reply, ReplyKind, Visibility
from storage import ClaimStatus, DailyChannelRecord, QuizRecord, Store

# A question stays open until an hour before the next post, which may be a week later.
OPEN_DAYS_BACK = 7


async def open_quiz(store: Store, channel: DailyChannelRecord, now_ms: int) -> QuizRecord | None:
    """The channel's posted daily question still taking answers, if any."""
    today = local_date(DailySpec.of(channel), from_ms(now_ms))
    claims = await store.daily_claims_between(
        channel.workspace_id,
        channel.channel_id,
        (today - timedelta(days=OPEN_DAYS_BACK)).isoformat(),
        today.isoformat(),
    )
    for claim in reversed(claims):
        if claim.kind != "post" or claim.status is not ClaimStatus.POSTED or not claim.quiz_id:
            continue
        quiz = await store.get_quiz(channel.workspace_id, claim.quiz_id)
        if quiz is not None and quiz.closes_at_ms is not None and quiz.closes_at_ms > now_ms:
            return quiz
    return None


async def daily_overview(store: Store, clock: Clock, workspace_key: str, user: str) -> Reply:
    """Every channel of the workspace with a daily question: its open question (and whether
    `user` answered it) and `user`'s streak there."""
    now_ms = to_ms(clock.now())
    channels = [c for c in await store.enabled_daily_channels() if c.workspace_id == workspace_key]
    entries: list[OverviewChannel] = []
    lines: list[str] = []
    for channel in channels:
        streak = await store.get_streak(workspace_key, channel.channel_id, user)
        quiz = await open_quiz(store, channel, now_ms)
        current, best = (streak.current, streak.best) if streak else (0, 0)
        line = f"- `{channel.channel_id}`: streak {current} (best {best})"
        question = None
        if quiz is not None and quiz.closes_at_ms is not None:
            answers = await store.quiz_answers(workspace_key, quiz.id)
            answered = any(a.user_id == user for a in answers)
            question = OpenQuestion(
                quiz_id=quiz.id, closes_at_ms=quiz.closes_at_ms, answered=answered
            )
            closes = format_local(from_ms(quiz.closes_at_ms), DailySpec.of(channel).zone)
            state = "answered" if answered else "not answered yet"
            line += f" · question open until {closes}, {state}"
        entries.append(
            OverviewChannel(
                channel=channel.channel_id, streak=current, best=best, open=question
            )
        )
        lines.append(line)
    return Reply(
        kind=ReplyKind.DAILY_OVERVIEW,
        title="Your daily questions",
        body="\n".join(lines) or "No channel here has a daily question yet.",
        visibility=Visibility.PRIVATE,
        payload=DailyOverview(channels=tuple(entries)),
    )
