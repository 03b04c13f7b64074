"""Answers Discord interactions via the engine: who asks, the 3 s deadline, the error boundary."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from bot.adapters.discord.drafts import Drafts
from bot.adapters.discord.embeds import clip
from bot.adapters.discord.render import NO_MENTIONS, Rendered, render
from bot.adapters.typed_text import parse, plain_text
from bot.engine import Actor, Engine, Reply, actions
from bot.engine.errors import UsageError
from bot.engine.grammar import Ask, Command

log = logging.getLogger(__name__)

# Discord invalidates an interaction not answered within 3 s; past this much thinking
# time the responder defers ("llmbot is thinking…") and follows up when the engine is done.
DEFER_AFTER = 1.0
AUTOCOMPLETE_CHOICES = 25
CHOICE_TEXT = 100
APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment."
RESTARTING = "llmbot is restarting. Please try again in a moment."
STALE_COMMAND = "This command has changed. Please try again in a minute."

PLATFORM = "discord"


def actor_of(interaction: discord.Interaction[Any]) -> Actor:
    """The member behind an interaction, from the interaction alone (no privileged intents)."""
    user = interaction.user
    roles: tuple[str, ...] = ()
    if isinstance(user, discord.Member):
        roles = tuple(str(role.id) for role in user.roles if not role.is_default())
    return Actor(
        platform=PLATFORM,
        workspace=str(interaction.guild_id) if interaction.guild_id else f"dm-{user.id}",
        channel=str(interaction.channel_id or ""),
        user=str(user.id),
        display_name=user.display_name,
        is_admin=interaction.permissions.manage_guild,
        roles=roles,
    )


def describe(interaction: discord.Interaction[Any]) -> str:
    """An interaction for the log: what and where, never its token."""
    what = interaction.type.name
    if interaction.command is not None:
        what += f" /{interaction.command.qualified_name}"
    elif interaction.data is not None and "custom_id" in interaction.data:
        what += f" {interaction.data.get('custom_id')}"
    return f"{what} in guild {interaction.guild_id} channel {interaction.channel_id}"


# Buttons whose answer is normally for the channel: a quiz, an explanation, a lab's run.
PUBLIC_ACTIONS = (
    actions.QuizAction, actions.ExplainAction, actions.LabAction, actions.SampleAction
)

class Responder:
    """Every interaction passes through `_guard`, the adapter's one error boundary."""

    def __init__(
        self,
        engine: Engine,
        *,
        defer_after: float = DEFER_AFTER,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.defer_after = defer_after
        self.now = now  # paces the drafts of an answer a model is writing
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._closing = False

    async def run(self, interaction: discord.Interaction[Any], command: Command | str) -> None:
        """A slash command, answered with a new message; a `str` is a text command the engine
        parses (free-text options such as `daily setup`'s)."""
        shape = _shape_of(command)
        # An answer a model writes is shown growing in the deferred message.
        drafts = Drafts(interaction, now=self.now) if isinstance(command, Ask) else None

        def call() -> Awaitable[Reply]:
            actor = actor_of(interaction)
            if isinstance(command, str):
                return self.engine.handle_text(actor, plain_text(command))
            if drafts is not None:
                return self.engine.run(actor, command, drafts.show)
            return self.engine.run(actor, command)

        await self._guard(
            interaction,
            lambda: self._answer(
                interaction,
                call,
                update=False,
                expect_private=shape is None or shape.private,
                # A command that waits on Discord itself (a permission check, a post)
                # defers at once instead of waiting to see.
                defer_first=shape is not None and shape.slow,
                drafts=drafts,
            ),
        )

    async def press(self, interaction: discord.Interaction[Any], action_id: str) -> None:
        """A button or menu choice: another depth or topic replaces the clicked message in place;
        an answer's feedback is private; a new quiz or a lab's run is a new public message."""
        try:
            action: actions.Action | None = actions.decode(action_id)
        except actions.BadAction:
            action = None
        await self._guard(
            interaction,
            lambda: self._answer(
                interaction,
                lambda: self.engine.press(actor_of(interaction), action_id),
                # Another depth replaces a shared explanation in place; from a message only
                # the member sees (practice, progress), an explanation is posted to share.
                update=isinstance(action, actions.ExplainAction) and not _private(interaction),
                expect_private=not isinstance(action, PUBLIC_ACTIONS),
            ),
        )

    async def suggest(self, interaction: discord.Interaction[Any], current: str) -> None:
        """Autocomplete for topics: answered at once (it cannot be deferred), 25 choices at most."""

        async def work() -> None:
            matches = self.engine.complete_topic(current[:CHOICE_TEXT], AUTOCOMPLETE_CHOICES)
            await interaction.response.autocomplete(
                [
                    app_commands.Choice(name=clip(title, CHOICE_TEXT), value=topic_id)
                    for topic_id, title in matches[:AUTOCOMPLETE_CHOICES]
                ]
            )

        await self._guard(interaction, work)

    async def on_tree_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        """Failures inside discord.py's command tree, before any of our handlers ran."""
        if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
            log.warning("%s: commands out of date; run llmbot discord sync", describe(interaction))
            await self._tell(interaction, STALE_COMMAND)
            return
        await self.fail(interaction, error)

    async def fail(self, interaction: discord.Interaction[Any], error: BaseException) -> None:
        """The error boundary: a logged traceback for operators, a short apology for the member."""
        log.error("could not answer %s", describe(interaction), exc_info=error)
        self.engine.observer.error(PLATFORM)
        await self._tell(interaction, APOLOGY)

    async def close(self, grace: float) -> None:
        """Stop taking work, then wait (at most `grace` seconds) for answers in progress."""
        self._closing = True
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            log.warning("%d interaction(s) still running at shutdown", self._busy)

    async def _guard(
        self, interaction: discord.Interaction[Any], work: Callable[[], Awaitable[None]]
    ) -> None:
        if self._closing:
            await self._tell(interaction, RESTARTING)
            return
        self._busy += 1
        self._idle.clear()
        try:
            await work()
        except Exception as error:
            await self.fail(interaction, error)
        finally:
            self._busy -= 1
            if not self._busy:
                self._idle.set()

    async def _answer(
        self,
        interaction: discord.Interaction[Any],
        call: Callable[[], Awaitable[Reply]],
        *,
        update: bool,
        expect_private: bool,
        defer_first: bool = False,
        drafts: Drafts | None = None,
    ) -> None:
        pending = asyncio.ensure_future(call())
        done, _ = await asyncio.wait({pending}, timeout=0 if defer_first else self.defer_after)
        deferred = not done
        if deferred:
            try:
                if update:
                    await interaction.response.defer()
                else:
                    await interaction.response.defer(ephemeral=expect_private, thinking=True)
            except Exception:
                await asyncio.gather(pending, return_exceptions=True)
                raise
        message = render(await pending)
        if drafts is not None:
            await drafts.finish()
        if not update:
            await self._post(interaction, message, deferred=deferred, expect_private=expect_private)
        elif not message.ephemeral:
            await self._edit(interaction, message, deferred=deferred)
        elif deferred:
            await interaction.followup.send(**message.to_send())
        else:
            # A private answer (a refusal) never replaces a message others can see.
            await interaction.response.send_message(**message.to_send())

    async def _post(
        self,
        interaction: discord.Interaction[Any],
        message: Rendered,
        *,
        deferred: bool,
        expect_private: bool,
    ) -> None:
        if not deferred:
            await interaction.response.send_message(**message.to_send())
        elif message.ephemeral == expect_private:
            await interaction.edit_original_response(**message.to_edit())
        else:
            # The "thinking" placeholder was posted with the other visibility; replace it.
            await interaction.delete_original_response()
            await interaction.followup.send(**message.to_send())

    async def _edit(
        self, interaction: discord.Interaction[Any], message: Rendered, *, deferred: bool
    ) -> None:
        if deferred:
            await interaction.edit_original_response(**message.to_edit())
        else:
            await interaction.response.edit_message(**message.to_edit())

    async def _tell(self, interaction: discord.Interaction[Any], text: str) -> None:
        """A short private note; if even that fails, the log line is all that is left."""
        try:
            if interaction.type is discord.InteractionType.autocomplete:
                if not interaction.response.is_done():
                    await interaction.response.autocomplete([])
            elif interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
            else:
                await interaction.response.send_message(
                    text, ephemeral=True, allowed_mentions=NO_MENTIONS
                )
        except discord.HTTPException as error:
            log.warning("could not reach %s: %s", describe(interaction), error)


def _shape_of(command: Command | str) -> Command | None:
    """The command a text stands for, to choose its deferral before the engine answers;
    None if it does not parse (the engine then answers with a private usage note)."""
    if not isinstance(command, str):
        return command
    try:
        return parse(command)
    except UsageError:
        return None


def _private(interaction: discord.Interaction[Any]) -> bool:
    """Whether the clicked message is one only the member sees."""
    message = interaction.message
    return message is not None and message.flags.ephemeral


def responder_of(interaction: discord.Interaction[Any]) -> Responder:
    """The responder of the client that received `interaction` (see `client.LlmClient`)."""
    responder = getattr(interaction.client, "responder", None)
    if not isinstance(responder, Responder):
        raise RuntimeError("this client carries no llmbot responder")
    return responder
