"""`/llm daily …` and `/llm settings …`: a channel's daily question and the server's settings.

Who may change what is decided by the engine (Manage Server, or an admin role it
knows from `Actor.roles`); these callbacks only translate Discord options.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Range

from bot.adapters.discord.responder import responder_of
from bot.engine.grammar import (
    DailyNow,
    DailyOff,
    DailyPreview,
    DailySkip,
    DailyStatus,
    SettingsAdminRoles,
    SettingsShow,
)

SETUP_EXAMPLE = "09:30 Europe/Paris mon-fri hard"


def add_daily_group(parent: app_commands.Group) -> app_commands.Group:
    daily = app_commands.Group(
        name="daily", description="A question for this channel every day", parent=parent
    )

    @daily.command(description="Admins: post a daily question here (time, zone, days, …)")
    @app_commands.describe(
        options=f"Any of time, time zone, days, difficulty, topics, in any order: {SETUP_EXAMPLE}"
    )
    async def setup(
        interaction: discord.Interaction[Any], options: Range[str, 1, 300] | None = None
    ) -> None:
        # The engine reads the options by their shape, as in the console and on Slack.
        text = f"/llm daily setup {options or ''}".rstrip()
        await responder_of(interaction).run(interaction, text)

    @daily.command(description="The schedule here and when the next question comes")
    async def status(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, DailyStatus())

    @daily.command(description="Admins: see the next question before the channel does")
    async def preview(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, DailyPreview())

    @daily.command(description="Admins: skip the next daily question")
    async def skip(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, DailySkip())

    @daily.command(description="Admins: post today's question now")
    async def now(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, DailyNow())

    @daily.command(description="Admins: stop the daily question here")
    async def off(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, DailyOff())

    return daily


def add_settings_group(parent: app_commands.Group) -> app_commands.Group:
    settings = app_commands.Group(
        name="settings", description="This server's llmbot settings", parent=parent
    )

    @settings.command(description="The time zone and admin roles llmbot uses here")
    async def show(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, SettingsShow())

    @settings.command(description="Admins: the time zone of leaderboard weeks and months")
    @app_commands.describe(zone="An IANA name, e.g. Europe/Paris or America/New_York")
    async def timezone(interaction: discord.Interaction[Any], zone: Range[str, 1, 64]) -> None:
        # Through the engine's grammar, which also accepts `utc` in any case.
        await responder_of(interaction).run(interaction, f"/llm settings timezone {zone}")

    @settings.command(
        name="admin-roles", description="Admins: roles whose members may also act as admins"
    )
    @app_commands.describe(
        role="Leave every role out to have no admin roles (Manage Server still counts)"
    )
    async def admin_roles(
        interaction: discord.Interaction[Any],
        role: discord.Role | None = None,
        role2: discord.Role | None = None,
        role3: discord.Role | None = None,
        role4: discord.Role | None = None,
        role5: discord.Role | None = None,
    ) -> None:
        chosen = (r for r in (role, role2, role3, role4, role5) if r is not None)
        roles = tuple(dict.fromkeys(str(r.id) for r in chosen))
        await responder_of(interaction).run(interaction, SettingsAdminRoles(roles))

    return settings
