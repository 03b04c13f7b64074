"""The optional weekly recap in a daily channel: top members, top teams, the hardest question."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from bot.engine.clean_text import plain_name
from bot.engine.daily.payloads import WeeklyRecap
from bot.engine.daily.reveal import percent
from bot.engine.learn.asked import Asked, asked_of
from bot.engine.reply import Field, Reply, ReplyKind
from bot.engine.teams.board import TeamStanding, format_average, rank_teams
from bot.knowledge.base import KnowledgeBase
from bot.pictures.picture import Picture
from storage import ClaimStatus, DailyChannelRecord, ScoreRow, Store

TOP_MEMBERS = 5
TOP_TEAMS = 3


async def _hardest(
    store: Store, kb: KnowledgeBase, channel: DailyChannelRecord, quiz_ids: list[str]
) -> tuple[int, Asked] | None:
    """The week's daily question with the smallest share of right answers."""
    hardest: tuple[int, Asked] | None = None
    for quiz_id in quiz_ids:
        quiz = await store.get_quiz(channel.workspace_id, quiz_id)
        asked = asked_of(quiz, kb) if quiz else None
        answers = await store.quiz_answers(channel.workspace_id, quiz_id)
        if asked is None or not answers:
            continue
        share = percent(sum(a.correct for a in answers), len(answers))
        if hardest is None or share < hardest[0]:
            hardest = (share, asked)
    return hardest


async def _chart(week: str, members: list[ScoreRow], teams: list[TeamStanding]) -> Picture | None:
    """The bar chart of the top members and teams, drawn in a worker thread (Pillow takes
    tens of milliseconds); None for a week in which nobody scored."""
    if not members and not teams:
        return None
    from bot.engine.daily.recap_chart import recap_chart

    return await asyncio.to_thread(
        recap_chart,
        week,
        [(plain_name(r.display_name), r.points) for r in members],
        [(t.rank, plain_name(t.name), t.average) for t in teams],
    )


async def build_recap(
    store: Store, kb: KnowledgeBase, channel: DailyChannelRecord, monday: date, week_key: str
) -> Reply | None:
    """The recap of the week starting `monday`, or None if the channel posted nothing then."""
    claims = await store.daily_claims_between(
        channel.workspace_id,
        channel.channel_id,
        monday.isoformat(),
        (monday + timedelta(days=6)).isoformat(),
    )
    quiz_ids = [
        c.quiz_id
        for c in claims
        if c.kind == "post" and c.status is ClaimStatus.POSTED and c.quiz_id
    ]
    if not quiz_ids:
        return None
    members = await store.top_scores(channel.workspace_id, week_key, TOP_MEMBERS)
    teams = rank_teams(await store.team_scores(channel.workspace_id, week_key))[:TOP_TEAMS]
    hardest = await _hardest(store, kb, channel, quiz_ids)
    fields = [
        Field(
            "Top members",
            "\n".join(
                f"{n}. {plain_name(r.display_name)}: {r.points} pts"
                for n, r in enumerate(members, start=1)
            )
            or "Nobody scored.",
            True,
        )
    ]
    if teams:
        fields.append(
            Field(
                "Top teams",
                "\n".join(
                    f"{t.rank}. {plain_name(t.name)}: {format_average(t.average)} per member"
                    for t in teams
                ),
                True,
            )
        )
    if hardest is not None:
        share, asked = hardest
        question = asked.question
        right = question.options[question.answer_index]
        fields.append(
            Field(
                "Hardest question",
                f"{asked.show(question.stem)}\n{share}% right · answer: {asked.show(right.text)}",
            )
        )
    label = week_key.removeprefix("week:")
    return Reply(
        kind=ReplyKind.DAILY_RECAP,
        title=f"Week {label} in review",
        body=f"{len(quiz_ids)} daily question(s) this week. Well played, everyone!",
        fields=tuple(fields),
        image=await _chart(label, members, teams),
        payload=WeeklyRecap(
            week=label,
            questions=len(quiz_ids),
            top_members=tuple(r.user_id for r in members),
            top_teams=tuple(t.name for t in teams),
            hardest=hardest[1].question.id if hardest else None,
        ),
    )
