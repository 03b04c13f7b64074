"""Text drawn as coloured token boxes with their ids, like the tokenization diagram."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.pictures.fonts import drawable, fitted, font
from bot.pictures.picture import MAX_ALT, Picture, picture
from bot.pictures.style import (
    CYCLE,
    INK,
    MARGIN,
    MUTED,
    SMALL_SIZE,
    TEXT_SIZE,
    TITLE_SIZE,
    WHITE,
    tint,
)

WIDTH = 1200
MIN_WIDTH = 480
_PAD_X, _PAD_Y, _GAP = 9, 7, 8
_BOX_HEIGHT = TEXT_SIZE + 2 * _PAD_Y + 6
_ROW_HEIGHT = _BOX_HEIGHT + SMALL_SIZE + 16


@dataclass(frozen=True, slots=True)
class TokenSection:
    """One encoding's tokens as shown: (text with visible spaces, id); `hidden` were left out."""

    heading: str
    tokens: Sequence[tuple[str, int]]
    hidden: int = 0


@dataclass(frozen=True, slots=True)
class _Placed:
    x: int
    y: int
    width: int
    label: str
    token_id: int
    colour: int


def token_boxes(title: str, sections: Sequence[TokenSection], name: str = "tokens") -> Picture:
    """One picture: a title, then per section a heading and its tokens as wrapped boxes."""
    from PIL import Image, ImageDraw

    text_font, small, heading_font = font(TEXT_SIZE), font(SMALL_SIZE), font(TITLE_SIZE)
    inner = WIDTH - 2 * MARGIN
    y = MARGIN + TITLE_SIZE + 18
    headings: list[tuple[int, str]] = []
    boxes: list[_Placed] = []
    notes: list[tuple[int, str]] = []
    for section in sections:
        headings.append((y, drawable(section.heading)))
        y += TEXT_SIZE + 16
        x = MARGIN
        for index, (text, token_id) in enumerate(section.tokens):
            label = fitted(drawable(text), inner - 2 * _PAD_X, text_font)
            width = max(text_font.getlength(label), small.getlength(str(token_id))) + 2 * _PAD_X
            if x + width > WIDTH - MARGIN and x > MARGIN:
                x, y = MARGIN, y + _ROW_HEIGHT
            boxes.append(_Placed(x, y, round(width), label, token_id, index % len(CYCLE)))
            x += round(width) + _GAP
        y += _ROW_HEIGHT
        if section.hidden:
            more = f"… and {section.hidden:,} more tokens, all listed in the attached file"
            notes.append((y, more))
            y += SMALL_SIZE + 12
        y += 10
    # As wide as what is drawn: chat apps scale a picture to their width, so a short text
    # in a narrow picture reads larger.
    shown_title = fitted(drawable(title), inner, heading_font)
    used = [heading_font.getlength(shown_title), *(b.x - MARGIN + b.width for b in boxes)]
    used += [text_font.getlength(fitted(h, inner, text_font)) for _, h in headings]
    width = max(MIN_WIDTH, min(WIDTH, round(max(used)) + 2 * MARGIN))
    image = Image.new("RGB", (width, y + MARGIN - 10), WHITE)
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, MARGIN), shown_title, font=heading_font, fill=INK)
    for at, heading in headings:
        draw.text((MARGIN, at), fitted(heading, inner, text_font), font=text_font, fill=MUTED)
    for box in boxes:
        colour = CYCLE[box.colour]
        draw.rounded_rectangle(
            (box.x, box.y, box.x + box.width, box.y + _BOX_HEIGHT),
            radius=6, fill=tint(colour), outline=colour, width=2,
        )
        middle = box.x + box.width / 2
        draw.text((middle, box.y + _BOX_HEIGHT / 2), box.label, font=text_font, fill=INK,
                  anchor="mm")
        draw.text((middle, box.y + _BOX_HEIGHT + 5), str(box.token_id), font=small, fill=MUTED,
                  anchor="mt")
    for at, note in notes:
        draw.text((MARGIN, at), note, font=small, fill=MUTED)
    return picture(name, image, _alt(title, sections))


def _alt(title: str, sections: Sequence[TokenSection]) -> str:
    """The same facts as the boxes, in words: each token's text and id, in order, as many as
    fit; then how many more there are."""
    budget = (MAX_ALT - len(title) - 2) // max(1, len(sections))
    parts = [f"{title}."]
    for section in sections:
        room = budget - len(section.heading) - 40
        listed: list[str] = []
        for text, token_id in section.tokens:
            item = f"“{text}” {token_id}"
            if sum(len(x) + 2 for x in listed) + len(item) > room:
                break
            listed.append(item)
        more = section.hidden + len(section.tokens) - len(listed)
        tail = f", and {more:,} more" if more else ""
        parts.append(f"{section.heading}: {', '.join(listed)}{tail}.")
    return " ".join(parts)
