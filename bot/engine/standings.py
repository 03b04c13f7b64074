"""Leaderboards and personal stats, read from scores the writer aggregated."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from bot.engine.clock import Clock
from bot.engine.commands import Actor
from bot.engine.periods import PERIOD_TITLES, period_key
from bot.engine.reply import Field, Reply, Visibility
from storage import ScoreRow, Store

TOP = 10


def accuracy(row: ScoreRow) -> int:
    return round(100 * row.correct / row.answered) if row.answered else 0


def _line(rank: int, row: ScoreRow) -> str:
    return (
        f"{rank}. **{row.display_name}**: {row.points} pts "
        f"({row.answered} answered, {accuracy(row)}% right)"
    )


class Standings:
    def __init__(self, store: Store, clock: Clock, zone_of: Callable[[str], ZoneInfo]) -> None:
        self.store = store
        self.clock = clock
        self.zone_of = zone_of

    def _key(self, actor: Actor, period: str) -> str:
        return period_key(period, self.clock.now(), self.zone_of(actor.workspace_key))

    async def leaderboard(self, actor: Actor, period: str) -> Reply:
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
            kind="leaderboard",
            title=f"Leaderboard · {PERIOD_TITLES[period]}",
            body=body,
            data={
                "period": period,
                "period_key": key,
                "entries": [
                    {"user_id": r.user_id, "name": r.display_name, "points": r.points} for r in rows
                ],
            },
        )

    async def me(self, actor: Actor) -> Reply:
        fields = []
        data: dict[str, object] = {}
        for period in ("week", "all"):
            key = self._key(actor, period)
            row = await self.store.user_score(actor.workspace_key, key, actor.user)
            rank = await self.store.rank_of(actor.workspace_key, key, actor.user)
            if row is None:
                value = "No answers yet."
                data[period] = {"points": 0, "answered": 0, "accuracy": 0, "rank": None}
            else:
                value = (
                    f"{row.points} points · {row.answered} answered · "
                    f"{accuracy(row)}% right · rank {rank}"
                )
                data[period] = {
                    "points": row.points,
                    "answered": row.answered,
                    "accuracy": accuracy(row),
                    "rank": rank,
                }
            fields.append(Field(PERIOD_TITLES[period].capitalize(), value, inline=True))
        return Reply(
            kind="stats",
            title=f"Your stats, {actor.display_name}",
            fields=tuple(fields),
            visibility=Visibility.PRIVATE,
            data=data,
        )
