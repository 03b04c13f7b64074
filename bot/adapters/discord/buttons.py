"""Persistent controls: any `llm:` button and the related-topics menu, live across restarts.

Both are `DynamicItem` templates registered in `setup_hook`: discord.py matches a
click by its custom id alone, so a message posted by an earlier process still
reaches the engine. The ids themselves are decoded only by `bot.engine.actions`.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, Self, cast

import discord

from bot.engine import actions

MENU_ID = "llmbot:related"

_ACTION_ID = re.compile(rf"{re.escape(actions.PREFIX)}:\S+")
_MENU_ID = re.compile(re.escape(MENU_ID))

Button = discord.ui.Button[discord.ui.View]
Select = discord.ui.Select[discord.ui.View]


class Presser(Protocol):
    async def press(self, interaction: discord.Interaction[Any], action_id: str) -> None: ...


class HasPresser(Protocol):
    """The client, as seen from a control: it carries the responder (see `client.LlmClient`)."""

    responder: Presser


def _presser(interaction: discord.Interaction[Any]) -> Presser:
    return cast(HasPresser, interaction.client).responder


class ActionButton(discord.ui.DynamicItem[Button], template=_ACTION_ID):
    """A button whose custom id is an engine action id (answer, depth, quiz me)."""

    def __init__(self, button: Button) -> None:
        super().__init__(button)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(cast(Button, item))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _presser(interaction).press(interaction, self.custom_id)


class RelatedMenu(discord.ui.DynamicItem[Select], template=_MENU_ID):
    """The related-topics menu; each option's value is an engine action id."""

    def __init__(self, select: Select) -> None:
        super().__init__(select)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(cast(Select, item))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        chosen = self.item.values
        await _presser(interaction).press(interaction, chosen[0] if chosen else "")
