"""The weekly recap's picture: the week's top members and teams as bars.

Imported only when a recap is posted, so starting llmbot loads no drawing code; the alt
text lists the same names and points as the recap's text, for anyone who cannot see it.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine.teams.board import format_average
from bot.pictures.bars import Series, bar_chart
from bot.pictures.picture import Picture, short_alt
from bot.pictures.style import BLUE, ORANGE

SUBTITLE = "Points this week · a team's bar is its points per active member"


def recap_chart(
    week: str, members: Sequence[tuple[str, int]], teams: Sequence[tuple[int, str, float]]
) -> Picture:
    """Members' points (best first) then teams' (rank, name, average); names already plain."""
    labels = [name for name, _ in members] + [f"Team {name}" for _, name, _ in teams]
    values = [float(points) for _, points in members] + [average for _, _, average in teams]
    colours = [BLUE] * len(members) + [ORANGE] * len(teams)
    title = f"Week {week}: top members and teams"
    drawn = bar_chart(
        title,
        labels,
        [Series("points", values)],
        name="recap",
        subtitle=SUBTITLE,
        value_text=format_average,
        row_colours=colours,
    )
    parts = [f"{title}."]
    if members:
        parts.append("Top members: " + "; ".join(
            f"{rank}. {name}: {points} pts" for rank, (name, points) in
            enumerate(members, start=1)
        ) + ".")
    if teams:
        parts.append("Top teams: " + "; ".join(
            f"{rank}. {name}: {format_average(average)} points per active member"
            for rank, name, average in teams
        ) + ".")
    return Picture(drawn.name, drawn.png, short_alt(" ".join(parts)), drawn.width,
                   drawn.height, drawn.digest)
