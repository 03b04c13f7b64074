"""`/llm team …`: members form teams; admins rename, delete and link them to a role.

A linked team's members are the people with the role, read from each interaction's
`member.roles` (see `responder.actor_of`), so no privileged intent is needed.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Range

from bot.adapters.discord.responder import responder_of
from bot.engine.grammar import (
    TeamCreate,
    TeamDelete,
    TeamJoin,
    TeamLeave,
    TeamLink,
    TeamList,
    TeamRename,
    TeamShow,
)

# The engine checks names fully; this only keeps Discord's input box to a sensible length.
TeamName = Range[str, 1, 32]


def add_team_group(parent: app_commands.Group) -> app_commands.Group:
    team = app_commands.Group(name="team", description="Play as a team", parent=parent)

    @team.command(description="Start a team (you join it if you have none)")
    @app_commands.describe(name="1–32 letters, digits or spaces")
    async def create(interaction: discord.Interaction[Any], name: TeamName) -> None:
        await responder_of(interaction).run(interaction, TeamCreate(name))

    @team.command(description="Join a team (you leave your current one)")
    async def join(interaction: discord.Interaction[Any], name: TeamName) -> None:
        await responder_of(interaction).run(interaction, TeamJoin(name))

    @team.command(description="Leave your team")
    async def leave(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, TeamLeave())

    @team.command(name="list", description="Every team here and its size")
    async def list_(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, TeamList())

    @team.command(description="A team's members and its standing this week")
    @app_commands.describe(name="Your own team if left out")
    async def show(interaction: discord.Interaction[Any], name: TeamName | None = None) -> None:
        await responder_of(interaction).run(interaction, TeamShow(name))

    @team.command(description="Admins: rename a team")
    async def rename(
        interaction: discord.Interaction[Any], name: TeamName, new_name: TeamName
    ) -> None:
        await responder_of(interaction).run(interaction, TeamRename(name, new_name))

    @team.command(description="Admins: delete a team")
    async def delete(interaction: discord.Interaction[Any], name: TeamName) -> None:
        await responder_of(interaction).run(interaction, TeamDelete(name))

    @team.command(description="Admins: make a team's members the people with a role")
    @app_commands.describe(role="Leave it out to let members join and leave by themselves again")
    async def link(
        interaction: discord.Interaction[Any], name: TeamName, role: discord.Role | None = None
    ) -> None:
        chosen = str(role.id) if role is not None else None
        await responder_of(interaction).run(interaction, TeamLink(name, chosen))

    return team
