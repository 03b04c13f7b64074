"""Pictures drawn at request time (token boxes, bar charts) as in-memory PNGs.

Pillow is imported by the drawing functions, never at import time, so commands that draw
nothing start as fast as before.
"""

from __future__ import annotations

from bot.pictures.bars import Series, bar_chart, percent
from bot.pictures.picture import MAX_BYTES, MAX_WIDTH, Picture
from bot.pictures.token_boxes import TokenSection, token_boxes

__all__ = [
    "MAX_BYTES",
    "MAX_WIDTH",
    "Picture",
    "Series",
    "TokenSection",
    "bar_chart",
    "percent",
    "token_boxes",
]
