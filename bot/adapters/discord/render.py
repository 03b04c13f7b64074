"""Turns an engine `Reply` into what discord.py sends: embeds, the figure as a file, a view."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field, replace
from typing import Any

import discord

from bot.adapters.discord.buttons import MENU_ID, ActionButton, RelatedMenu
from bot.adapters.discord.embeds import EmbedPacker, clip
from bot.adapters.discord.mentions import inert_mentions
from bot.adapters.member_text import defuse, map_spans, unmarked
from bot.engine import Reply, ReplyKind, Style
from bot.engine.payloads import AnswerFeedback, QuizCard
from bot.engine.practice.payloads import PracticeFeedback
from bot.engine.reply import Image
from bot.pictures.picture import Picture

log = logging.getLogger(__name__)

ROWS = 5
BUTTONS_PER_ROW = 5
BUTTON_LABEL = 80
CUSTOM_ID = 100
MENU_OPTIONS = 25
OPTION_TEXT = 100
PLACEHOLDER = 150
ATTACHMENT_DESCRIPTION = 1024
# Discord's smallest upload limit for a bot (guilds without boosts); a larger figure is left out.
MAX_FIGURE_BYTES = 8 * 1024 * 1024
FULL_TEXT_NAME = "full-text.md"

NO_MENTIONS = discord.AllowedMentions.none()

BLURPLE, GREEN, RED = 0x5865F2, 0x57F287, 0xED4245
YELLOW, GREY, FUCHSIA, ORANGE = 0xFEE75C, 0x99AAB5, 0xEB459E, 0xE67E22
COLOURS: dict[str, int] = {
    ReplyKind.EXPLANATION: BLURPLE,
    ReplyKind.QUIZ: YELLOW,
    ReplyKind.PRACTICE: YELLOW,
    ReplyKind.FORGET_CONFIRM: ORANGE,
    ReplyKind.LEADERBOARD: FUCHSIA,
    ReplyKind.DECLINED: GREY,
    ReplyKind.REFUSED: GREY,
    ReplyKind.USAGE: GREY,
    ReplyKind.ALREADY_ANSWERED: GREY,
    # Judged only at the reveal: neither green nor red, so nobody reads a verdict into it.
    ReplyKind.ANSWER_RECORDED: BLURPLE,
    ReplyKind.DAILY_REVEAL: GREEN,
    ReplyKind.DAILY_RECAP: FUCHSIA,
    ReplyKind.STREAK_WARNING: ORANGE,
    ReplyKind.DAILY_OFF: GREY,
}
STYLES = {
    Style.PRIMARY: discord.ButtonStyle.primary,
    Style.SECONDARY: discord.ButtonStyle.secondary,
    Style.SUCCESS: discord.ButtonStyle.success,
    Style.DANGER: discord.ButtonStyle.danger,
}


@dataclass
class Rendered:
    """One Discord message; `files` are fresh `discord.File`s, so render again to resend."""

    embeds: list[discord.Embed]
    files: list[discord.File] = field(default_factory=list)
    view: discord.ui.View | None = None
    ephemeral: bool = False

    def to_send(self) -> dict[str, Any]:
        """Keyword arguments for `send_message` and `followup.send`."""
        kwargs: dict[str, Any] = {
            "embeds": self.embeds,
            "ephemeral": self.ephemeral,
            "allowed_mentions": NO_MENTIONS,
        }
        if self.files:
            kwargs["files"] = self.files
        if self.view is not None:
            kwargs["view"] = self.view
        return kwargs

    def to_post(self) -> dict[str, Any]:
        """Keyword arguments for `channel.send`: a plain channel message, never ephemeral."""
        kwargs = self.to_send()
        del kwargs["ephemeral"]
        return kwargs

    def to_edit(self) -> dict[str, Any]:
        """Keyword arguments for `edit_message` and `edit_original_response`; replaces it all."""
        return {
            "embeds": self.embeds,
            "attachments": self.files,
            "view": self.view,
            "allowed_mentions": NO_MENTIONS,
        }


def colour_of(reply: Reply) -> int:
    match reply.payload:
        case AnswerFeedback(correct=correct) | PracticeFeedback(correct=correct):
            return GREEN if correct else RED
        case QuizCard(daily=True) if not reply.buttons:
            # A closed daily question: its buttons are gone.
            return GREY
    return COLOURS.get(reply.kind, BLURPLE)


def inert(text: str) -> str:
    """Member text as Discord markdown that shows what they typed: no link, mention or format."""
    return defuse(discord.utils.escape_markdown(text))


def markdown(text: str) -> str:
    """Our light markup is Discord's; member spans in it are made inert."""
    return map_spans(text, inert, lambda ours: ours)


def render(reply: Reply) -> Rendered:
    if not reply.private:
        reply = public_text(reply)
    packer = EmbedPacker(markdown(reply.title), colour_of(reply), markdown(reply.footer))
    if reply.body:
        packer.add_text(markdown(reply.body))
    for item in reply.fields:
        packer.add_field(markdown(item.name), markdown(item.value), inline=item.inline)
    if reply.sources:
        packer.add_field("Sources", "\n".join(f"- {_link(s.label, s.url)}" for s in reply.sources))
    embeds = packer.finish()
    files = []
    figure = _figure(reply)
    if figure is not None:
        embeds[0].set_image(url=f"attachment://{figure.filename}")
        files.append(figure)
    if packer.cut:
        files.append(discord.File(io.BytesIO(full_text(reply).encode()), FULL_TEXT_NAME))
    if reply.attachment is not None and len(reply.attachment.content) <= MAX_FIGURE_BYTES:
        files.append(discord.File(io.BytesIO(reply.attachment.content), reply.attachment.filename))
    elif reply.attachment is not None:
        log.warning("attachment %s is too large to upload", reply.attachment.filename)
    return Rendered(embeds, files, view_of(reply), reply.private)


def public_text(reply: Reply) -> Reply:
    """A public post with every mention in its text made inert (see `mentions`)."""
    return replace(
        reply,
        title=inert_mentions(reply.title),
        body=inert_mentions(reply.body),
        fields=tuple(
            replace(f, name=inert_mentions(f.name), value=inert_mentions(f.value))
            for f in reply.fields
        ),
        footer=inert_mentions(reply.footer),
    )


def full_text(reply: Reply) -> str:
    """The whole reply as Markdown, attached when the embeds had to cut it short."""
    parts = [f"# {unmarked(reply.title)}", unmarked(reply.body)]
    parts += [f"## {unmarked(item.name)}\n{unmarked(item.value)}" for item in reply.fields]
    if reply.sources:
        parts.append("## Sources\n" + "\n".join(f"- {s.label}: {s.url}" for s in reply.sources))
    return "\n\n".join(part for part in parts if part) + "\n"


def view_of(reply: Reply) -> discord.ui.View | None:
    """Buttons in rows of five, then the related-topics menu on a row of its own."""
    seen: set[str] = set()
    buttons = [b for b in reply.buttons if _usable(b.action_id, seen)]
    options = [o for o in reply.menu if _usable(o.action_id, seen)][:MENU_OPTIONS]
    capacity = (ROWS - (1 if options else 0)) * BUTTONS_PER_ROW
    if len(buttons) > capacity:
        log.warning("reply %s has %d buttons; showing %d", reply.kind, len(buttons), capacity)
        buttons = buttons[:capacity]
    if not buttons and not options:
        return None
    view = discord.ui.View(timeout=None)
    for position, button in enumerate(buttons):
        view.add_item(
            ActionButton(
                discord.ui.Button(
                    label=clip(unmarked(button.label), BUTTON_LABEL),
                    style=STYLES[button.style],
                    custom_id=button.action_id,
                    row=position // BUTTONS_PER_ROW,
                )
            )
        )
    if options:
        menu_row = -(-len(buttons) // BUTTONS_PER_ROW)
        view.add_item(
            RelatedMenu(
                discord.ui.Select(
                    custom_id=MENU_ID,
                    placeholder=clip(reply.menu_placeholder, PLACEHOLDER) or None,
                    options=[
                        discord.SelectOption(
                            label=clip(unmarked(o.label), OPTION_TEXT),
                            value=o.action_id,
                            description=clip(o.description, OPTION_TEXT) or None,
                        )
                        for o in options
                    ],
                    row=menu_row,
                )
            )
        )
    return view


def _usable(action_id: str, seen: set[str]) -> bool:
    """Discord rejects a whole message over one bad or repeated id, so such items are left out."""
    if not 1 <= len(action_id) <= CUSTOM_ID or action_id in seen or action_id == MENU_ID:
        log.warning("leaving out a control with an unusable id (%d characters)", len(action_id))
        return False
    seen.add(action_id)
    return True


def _link(label: str, url: str) -> str:
    """A Markdown link that survives brackets in the label and parentheses in the URL."""
    text = label.replace("[", "(").replace("]", ")")
    target = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{text}]({target})"


def _figure(reply: Reply) -> discord.File | None:
    """The shipped figure read from the package, or the picture drawn for this reply."""
    image = reply.image
    if isinstance(image, Picture):
        data, name = image.png, image.filename
    elif isinstance(image, Image):
        name = image.path.name
        try:
            data = image.path.read_bytes()
        except OSError as error:
            log.warning("figure %s unreadable: %s", name, error)
            return None
    else:
        return None
    if len(data) > MAX_FIGURE_BYTES:
        log.warning("figure %s is too large to upload (%d bytes)", name, len(data))
        return None
    return discord.File(
        io.BytesIO(data), name, description=clip(image.alt, ATTACHMENT_DESCRIPTION) or None
    )
