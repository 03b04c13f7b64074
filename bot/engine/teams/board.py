"""Team standings: average points per active member, so a big team doesn't win by size alone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.engine.clean_text import plain_name
from storage import TeamScoreRow


@dataclass(frozen=True, slots=True)
class TeamStanding:
    rank: int
    team_id: str
    name: str
    average: float
    points: int
    active: int
    members: int


def average(row: TeamScoreRow) -> float:
    """Points per member who answered at least once in the period (0 with nobody active)."""
    return row.points / row.active if row.active else 0.0


def rank_teams(rows: Iterable[TeamScoreRow]) -> list[TeamStanding]:
    """Every team, best average first, then more points; equal teams share a rank."""
    ordered = sorted(rows, key=lambda r: (-average(r), -r.points, r.name.casefold()))
    standings: list[TeamStanding] = []
    rank, last = 0, None
    for position, row in enumerate(ordered, start=1):
        key = (round(average(row), 6), row.points)
        if key != last:
            rank, last = position, key
        standings.append(
            TeamStanding(
                rank, row.team_id, row.name, average(row), row.points, row.active, row.members
            )
        )
    return standings


def format_average(value: float) -> str:
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def standing_line(standing: TeamStanding, count: int) -> str:
    return (
        f"rank {standing.rank} of {count} · {format_average(standing.average)} points per "
        f"active member ({standing.points} total, {standing.active} of {standing.members} active)"
    )


def board_line(standing: TeamStanding, mine: bool) -> str:
    line = (
        f"{standing.rank}. **{plain_name(standing.name)}**: "
        f"{format_average(standing.average)} avg · {standing.points} pts · "
        f"{standing.active}/{standing.members} active"
    )
    return line + " (your team)" if mine else line
