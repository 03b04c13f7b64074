"""`/llm pack …`: a server's own question packs, imported from an attached file.

Who may import or remove is the engine's decision; these callbacks translate options and
hand the attachment to the responder, which reads it only once the engine agreed.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice, Range

from bot.adapters.discord.responder import responder_of
from bot.engine.grammar import PackList, PackRemove, PackShow


async def suggest_packs(interaction: discord.Interaction[Any], current: str) -> list[Choice[str]]:
    """The responder answers the autocomplete itself, inside the error boundary."""
    await responder_of(interaction).suggest_packs(interaction, current)
    return []


def add_pack_group(parent: app_commands.Group) -> app_commands.Group:
    pack = app_commands.Group(
        name="pack", description="This server's own question packs", parent=parent
    )

    @pack.command(
        name="import", description="Admins: add questions from a llmbot, Red or Open Trivia DB file"
    )
    @app_commands.describe(
        file="A .yaml or .json file of at most 5 MB",
        name="The pack's name (default: the file's name)",
        license="The licence to credit (default: the file's)",
        replace="Replace a pack of the same name",
        dry_run="Only check the file and report; import nothing",
    )
    async def import_(
        interaction: discord.Interaction[Any],
        file: discord.Attachment,
        name: Range[str, 1, 32] | None = None,
        license: Range[str, 1, 100] | None = None,
        replace: bool = False,
        dry_run: bool = False,
    ) -> None:
        await responder_of(interaction).import_pack(
            interaction, file, name=name, license=license, replace=replace, dry_run=dry_run
        )

    @pack.command(name="list", description="The question packs of this server")
    async def list_(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, PackList())

    @pack.command(description="One pack: its topics, questions and credit")
    @app_commands.describe(name="The pack's name")
    @app_commands.autocomplete(name=suggest_packs)
    async def show(interaction: discord.Interaction[Any], name: Range[str, 1, 32]) -> None:
        await responder_of(interaction).run(interaction, PackShow(name.lower()))

    @pack.command(description="Admins: remove a pack (you are asked to confirm)")
    @app_commands.describe(name="The pack's name")
    @app_commands.autocomplete(name=suggest_packs)
    async def remove(interaction: discord.Interaction[Any], name: Range[str, 1, 32]) -> None:
        await responder_of(interaction).run(interaction, PackRemove(name.lower()))

    return pack
