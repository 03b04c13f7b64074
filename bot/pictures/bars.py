"""A small horizontal bar chart: one row per label, one bar per series, values written out.

Used by the sampling lab (next-word probabilities at two temperatures) and meant for any
reply that compares a few numbers, such as a weekly recap's points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.pictures.fonts import drawable, fitted, font
from bot.pictures.picture import MAX_ALT, Picture, picture
from bot.pictures.style import (
    CYCLE,
    INK,
    MARGIN,
    MUTED,
    RULE,
    SMALL_SIZE,
    TEXT_SIZE,
    TITLE_SIZE,
    WHITE,
    Colour,
)

WIDTH = 1000
_BAR, _BAR_GAP, _ROW_GAP = 18, 3, 12
_MAX_LABEL = 280
_VALUE_ROOM = 80


@dataclass(frozen=True, slots=True)
class Series:
    """One set of bars: a value per label, in the labels' order."""

    name: str
    values: Sequence[float]
    colour: Colour | None = None


def percent(value: float) -> str:
    """A share as a percentage, with more digits when it is small."""
    if value == 0:
        return "0%"
    if value < 0.001:
        return "<0.1%"
    return f"{value:.1%}" if value < 0.1 else f"{value:.0%}"


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    name: str = "chart",
    subtitle: str = "",
    value_text: Callable[[float], str] = percent,
    largest: float | None = None,
    row_colours: Sequence[Colour] | None = None,
) -> Picture:
    """Bars scaled to `largest` (default: the largest value); the alt text lists every value.

    `row_colours` colours a single series row by row, to set groups of rows apart (a
    recap's members and teams).
    """
    from PIL import Image, ImageDraw

    for one in series:
        if len(one.values) != len(labels):
            raise ValueError(f"series {one.name!r} has {len(one.values)} values for "
                             f"{len(labels)} labels")
    if row_colours is not None and (len(series) != 1 or len(row_colours) != len(labels)):
        raise ValueError("row colours need a single series and one colour per label")
    text_font, small, title_font = font(TEXT_SIZE), font(SMALL_SIZE), font(TITLE_SIZE)
    shown = [drawable(label) for label in labels]
    label_room = min(_MAX_LABEL, max((text_font.getlength(s) for s in shown), default=0)) + 14
    left = MARGIN + round(label_room)
    room = WIDTH - MARGIN - _VALUE_ROOM - left
    top_value = largest or max((v for one in series for v in one.values), default=0) or 1.0
    colours = [one.colour or CYCLE[i % len(CYCLE)] for i, one in enumerate(series)]

    y = MARGIN + TITLE_SIZE + 12
    subtitle_at = y
    if subtitle:
        y += SMALL_SIZE + 12
    legend_at = y
    if len(series) > 1:
        y += SMALL_SIZE + 16
    rows_at = y
    row_height = len(series) * (_BAR + _BAR_GAP) - _BAR_GAP + _ROW_GAP
    height = rows_at + len(labels) * row_height + MARGIN

    image = Image.new("RGB", (WIDTH, height), WHITE)
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, MARGIN), drawable(title), font=title_font, fill=INK)
    if subtitle:
        draw.text((MARGIN, subtitle_at), drawable(subtitle), font=small, fill=MUTED)
    if len(series) > 1:
        x = MARGIN
        for one, colour in zip(series, colours, strict=True):
            draw.rectangle((x, legend_at + 2, x + 12, legend_at + 14), fill=colour)
            draw.text((x + 18, legend_at), drawable(one.name), font=small, fill=INK)
            x += 18 + round(small.getlength(drawable(one.name))) + 24
    draw.line((left, rows_at - 4, left, height - MARGIN), fill=RULE, width=1)
    for row, label in enumerate(shown):
        top = rows_at + row * row_height
        middle = top + (row_height - _ROW_GAP) / 2
        draw.text((left - 10, middle), fitted(label, label_room - 14, text_font), font=text_font,
                  fill=INK, anchor="rm")
        for index, (one, colour) in enumerate(zip(series, colours, strict=True)):
            value = one.values[row]
            bar_top = top + index * (_BAR + _BAR_GAP)
            length = max(0.0, min(1.0, value / top_value)) * room
            fill = row_colours[row] if row_colours is not None else colour
            if length >= 1:
                draw.rectangle((left, bar_top, left + length, bar_top + _BAR), fill=fill)
            draw.text((left + length + 6, bar_top + _BAR / 2), value_text(value), font=small,
                      fill=MUTED, anchor="lm")
    return picture(name, image, _alt(title, subtitle, labels, series, value_text))


def _alt(
    title: str,
    subtitle: str,
    labels: Sequence[str],
    series: Sequence[Series],
    value_text: Callable[[float], str],
) -> str:
    rows = []
    for row, label in enumerate(labels):
        values = ", ".join(f"{one.name} {value_text(one.values[row])}" for one in series)
        rows.append(f"{label}: {values}")
    text = f"{title}. {subtitle + '. ' if subtitle else ''}" + "; ".join(rows) + "."
    return text if len(text) <= MAX_ALT else text[: MAX_ALT - 1].rsplit(";", 1)[0] + "; …"
