"""Leaderboards and personal stats, read from scores the writer aggregated."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.engine.actor import Actor
from bot.engine.clean_text import plain_name
from bot.engine.clock import Clock
from bot.engine.practice.mastery_view import (
    mastery_buttons,
    mastery_facts,
    mastery_fields,
    mastery_view,
)
from bot.engine.reply import Field, Reply, ReplyKind, Visibility
from bot.engine.standings.payloads import (
    MemberBoard,
    MemberEntry,
    MemberStats,
    PeriodStats,
    StreakStats,
    TeamBoard,
    TeamEntry,
)
from bot.engine.standings.periods import PERIOD_TITLES, Calendar, period_key, week_label
from bot.engine.teams.board import board_line, rank_teams
from storage import ScoreRow, Store

if TYPE_CHECKING:
    from bot.engine.packs.book import QuestionBook

TOP = 10


def accuracy(row: ScoreRow) -> int:
    return round(100 * row.correct / row.answered) if row.answered else 0


def _line(rank: int, row: ScoreRow) -> str:
    return (
        f"{rank}. **{plain_name(row.display_name)}**: {row.points} pts "
        f"({row.answered} answered, {accuracy(row)}% right)"
    )


class Standings:
    def __init__(self, store: Store, clock: Clock, calendar_of: Callable[[str], Calendar]) -> None:
        self.store = store
        self.clock = clock
        self.calendar_of = calendar_of

    def _key(self, actor: Actor, period: str) -> str:
        return period_key(period, self.clock.now(), self.calendar_of(actor.workspace_key))

    async def leaderboard(self, actor: Actor, period: str, board: str = "users") -> Reply:
        if board == "teams":
            return await self.team_board(actor, period)
        key = self._key(actor, period)
        rows = await self.store.top_scores(actor.workspace_key, key, TOP)
        lines = []
        rank, last_points = 0, None
        for position, row in enumerate(rows, start=1):
            if row.points != last_points:
                rank, last_points = position, row.points
            lines.append(_line(rank, row))
        if not any(row.user_id == actor.user for row in rows):
            mine = await self.store.user_score(actor.workspace_key, key, actor.user)
            my_rank = await self.store.rank_of(actor.workspace_key, key, actor.user)
            if mine is not None and my_rank is not None:
                lines.append("…")
                lines.append(_line(my_rank, mine))
        body = "\n".join(lines) if lines else "Nobody has scored yet. Start with `/llm quiz`."
        return Reply(
            kind=ReplyKind.LEADERBOARD,
            title=f"Leaderboard · {PERIOD_TITLES[period]}",
            body=body,
            payload=MemberBoard(
                period=period,
                period_key=key,
                entries=tuple(
                    MemberEntry(user_id=r.user_id, name=r.display_name, points=r.points)
                    for r in rows
                ),
            ),
        )

    async def team_board(self, actor: Actor, period: str) -> Reply:
        """Every team, including those nobody in has scored for yet."""
        key = self._key(actor, period)
        standings = rank_teams(await self.store.team_scores(actor.workspace_key, key))
        mine = await self.store.team_of(actor.workspace_key, actor.user)
        mine_id = mine.team_id if mine else None
        lines = [board_line(s, s.team_id == mine_id) for s in standings]
        return Reply(
            kind=ReplyKind.LEADERBOARD,
            title=f"Team leaderboard · {PERIOD_TITLES[period]}",
            body="\n".join(lines) or "No teams yet. Start one with `/llm team create <name>`.",
            footer="Score = average points per member who answered at least once.",
            payload=TeamBoard(
                period=period,
                period_key=key,
                entries=tuple(
                    TeamEntry(
                        team=s.name,
                        rank=s.rank,
                        average=round(s.average, 2),
                        points=s.points,
                        active=s.active,
                        members=s.members,
                    )
                    for s in standings
                ),
            ),
        )

    async def me(self, actor: Actor) -> Reply:
        fields = []
        periods: dict[str, PeriodStats] = {}
        name = actor.display_name
        for period in ("week", "all"):
            key = self._key(actor, period)
            row = await self.store.user_score(actor.workspace_key, key, actor.user)
            if row is not None and name in ("", actor.user):
                # No display name came with this command: the one stored with their answers.
                name = row.display_name
            rank = await self.store.rank_of(actor.workspace_key, key, actor.user)
            if row is None:
                value = "No answers yet."
                periods[period] = PeriodStats(points=0, answered=0, accuracy=0, rank=None)
            else:
                value = (
                    f"{row.points} points · {row.answered} answered · "
                    f"{accuracy(row)}% right · rank {rank}"
                )
                periods[period] = PeriodStats(
                    points=row.points, answered=row.answered, accuracy=accuracy(row), rank=rank
                )
            fields.append(Field(PERIOD_TITLES[period].capitalize(), value, inline=True))
        streak, streak_field = await self._streak(actor)
        fields.append(streak_field)
        team = await self.store.team_of(actor.workspace_key, actor.user)
        if team is not None:
            fields.append(Field("Team", plain_name(team.name), inline=True))
        return Reply(
            kind=ReplyKind.STATS,
            title=f"Your stats, {plain_name(name)}",
            fields=tuple(fields),
            visibility=Visibility.PRIVATE,
            payload=MemberStats(
                week=periods["week"],
                all=periods["all"],
                streak=streak,
                team=team.name if team else None,
            ),
        )

    async def me_with_mastery(self, actor: Actor, book: QuestionBook, masterable: int) -> Reply:
        """`/llm me`: points, rank and streak, then mastery: N of M topics (the workspace's
        pack topics included) and the three weakest. `masterable` is
        `practice.mastery_view.masterable(kb)`, counted once."""
        # Independent reads: on PostgreSQL they run side by side on pooled connections.
        reply, view = await asyncio.gather(
            self.me(actor),
            mastery_view(book, actor.workspace_key, actor.user, masterable),
        )
        stats = reply.payload
        if not isinstance(stats, MemberStats):
            return reply
        return replace(
            reply,
            fields=(*reply.fields, *mastery_fields(view)),
            buttons=(*reply.buttons, *mastery_buttons(view)),
            payload=replace(stats, mastery=mastery_facts(view)),
        )

    async def _streak(self, actor: Actor) -> tuple[StreakStats, Field]:
        streak = await self.store.get_streak(actor.workspace_key, actor.channel, actor.user)
        current = streak.current if streak else 0
        best = streak.best if streak else 0
        zone = self.calendar_of(actor.workspace_key).zone
        this_week = week_label(self.clock.now().astimezone(zone).date())
        freeze_left = streak is None or streak.freeze_week != this_week
        value = f"{current} day(s) in a row here · best {best}"
        if current:
            value += " · freeze " + ("available" if freeze_left else "used") + " this week"
        stats = StreakStats(current=current, best=best, freeze_left=freeze_left)
        return stats, Field("Daily streak", value, inline=True)
