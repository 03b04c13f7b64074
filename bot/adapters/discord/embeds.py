"""Packs a reply's text into Discord embeds without crossing any embed limit (LIMITS.md)."""

from __future__ import annotations

import discord

from bot.adapters.splitting import split_lines

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
TOTAL = 6000
EMBEDS = 10

CONTINUED = " (continued)"
CUT_NOTE = "Continued in the attached file"
# Below this many characters a cut-off piece says nothing useful; drop it instead.
SMALLEST_PIECE = 40


def clip(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else its start and an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def chunks(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, split at line ends (at a space within a long line)."""
    return split_lines(text, limit)


class EmbedPacker:
    """Fills embeds in order: title, description, fields, footer on the last one.

    Text past a per-embed limit continues in the next field or embed; text past the
    message limits (6000 characters, 10 embeds) is cut, `cut` turns true, and the
    footer says where the rest is, so the renderer can attach the full text.
    """

    def __init__(self, title: str, colour: int, footer: str = "") -> None:
        self.colour = colour
        self.footer = clip(footer, FOOTER - len(CUT_NOTE) - 3)
        first = discord.Embed(title=clip(title, TITLE) or None, colour=colour)
        self.embeds = [first]
        # The cut note is reserved up front so that it always fits once needed.
        self.left = TOTAL - len(first.title or "") - len(self.footer) - len(CUT_NOTE) - 3
        self.cut = False

    def add_text(self, text: str) -> None:
        for piece in chunks(text, DESCRIPTION):
            piece = self._afford(piece, overhead=0)
            embed = self._room(description=True) if piece else None
            if embed is None:
                self.cut = True
                return
            embed.description = piece
            self.left -= len(piece)

    def add_field(self, name: str, value: str, *, inline: bool = False) -> None:
        name = clip(name.strip(), FIELD_NAME) or "\u200b"
        for number, piece in enumerate(chunks(value, FIELD_VALUE) or ["—"]):
            label = name if number == 0 else clip(name + CONTINUED, FIELD_NAME)
            piece = self._afford(piece, overhead=len(label))
            embed = self._room(description=False) if piece else None
            if embed is None:
                self.cut = True
                return
            embed.add_field(name=label, value=piece, inline=inline)
            self.left -= len(label) + len(piece)

    def finish(self) -> list[discord.Embed]:
        footer = " · ".join(part for part in (CUT_NOTE if self.cut else "", self.footer) if part)
        if footer:
            self.embeds[-1].set_footer(text=footer)
        return self.embeds

    def _afford(self, text: str, *, overhead: int) -> str:
        """`text`, or as much of it as the message budget still allows ("" once cut)."""
        if self.cut:
            return ""
        room = self.left - overhead
        if len(text) <= room:
            return text
        self.cut = True
        return clip(text, room) if room >= SMALLEST_PIECE else ""

    def _room(self, *, description: bool) -> discord.Embed | None:
        """The embed the next piece goes in: the last one if it can take it, else a new one."""
        last = self.embeds[-1]
        if description and not last.description and not last.fields:
            return last
        if not description and len(last.fields) < FIELDS:
            return last
        if len(self.embeds) == EMBEDS:
            return None
        self.embeds.append(discord.Embed(colour=self.colour))
        return self.embeds[-1]
