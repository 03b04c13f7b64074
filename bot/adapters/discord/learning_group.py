"""`/llm practice`, `/llm progress show|me|export`, `/llm problem` and `/llm forget-me`.

`progress` is a group of three subcommands, since a Discord subcommand group cannot itself
be invoked.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice, Range

from bot.adapters.discord.responder import responder_of
from bot.engine.grammar import ForgetMe, Practice, Problem, Progress
from bot.engine.progress.review import NOTE_LIMIT, REASON_LABELS

REASON_CHOICES = [Choice(name=label, value=str(reason)) for reason, label in REASON_LABELS.items()]


def add_learning_commands(
    group: app_commands.Group,
    suggest_topics: Any,
) -> None:
    @group.command(description="Practise privately: questions come back when you'd forget them")
    @app_commands.describe(
        topic="Only this topic (any if left out)",
        mistakes="Only questions you answered wrong, most recent first",
    )
    @app_commands.autocomplete(topic=suggest_topics)
    async def practice(
        interaction: discord.Interaction[Any],
        topic: Range[str, 1, 200] | None = None,
        mistakes: bool = False,
    ) -> None:
        await responder_of(interaction).run(interaction, Practice(topic, mistakes))

    progress = app_commands.Group(
        name="progress", description="What has been learned here", parent=group
    )

    @progress.command(name="me", description="Your own learning record (only you see it)")
    async def progress_me(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, Progress("me"))

    @progress.command(
        name="show", description="Admins: the workspace and its teams, month and all time"
    )
    async def progress_show(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, Progress("show"))

    @progress.command(name="export", description="Admins: one row per member, as a CSV file")
    async def progress_export(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, Progress("export"))

    @group.command(description="Report a problem with a quiz question")
    @app_commands.describe(
        quiz_id="The id in the quiz's footer",
        reason="What is wrong",
        note="One line for the people who write the questions",
    )
    @app_commands.choices(reason=REASON_CHOICES)
    async def problem(
        interaction: discord.Interaction[Any],
        quiz_id: Range[str, 1, 16],
        reason: Choice[str],
        note: Range[str, 1, NOTE_LIMIT] | None = None,
    ) -> None:
        await responder_of(interaction).run(
            interaction, Problem(quiz_id.upper(), reason.value, note or "")
        )

    @group.command(
        name="forget-me", description="Delete what llmbot holds about you here (asks first)"
    )
    async def forget_me(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, ForgetMe())
