"""The shipped font (DejaVu Sans, see fonts/LICENSE-DejaVu.txt) and which characters it can draw.

DejaVu Sans covers Latin, Greek, Cyrillic, Arabic, Hebrew and many symbols, not CJK or
emoji. A character it lacks would come out as an empty box, which says nothing; such a
character is drawn as its code point instead (`U+65E5`), so the picture still shows it.
"""

from __future__ import annotations

import functools
import struct
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

FONT_FILE = "DejaVuSans.ttf"


def font_path() -> Path:
    return Path(str(resources.files("bot.pictures") / "fonts" / FONT_FILE))


@functools.cache
def font(size: int) -> FreeTypeFont:
    """The shipped font at `size` pixels, loaded once per size."""
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path()), size)


@functools.cache
def covered() -> frozenset[int]:
    """Every code point the shipped font has a glyph for."""
    return code_points(font_path().read_bytes())


def drawable(text: str) -> str:
    """`text` with each character the font lacks replaced by its code point (`U+65E5`),
    set apart by spaces so that neighbouring code points and letters stay readable."""
    have = covered()
    if all(ord(ch) in have for ch in text):
        return text
    out = ""
    after_code = False
    for ch in text:
        if ord(ch) in have:
            if after_code and not ch.isspace():
                out += " "
            out += ch
            after_code = False
        else:
            if out and not out[-1].isspace():
                out += " "
            out += f"U+{ord(ch):04X}"
            after_code = True
    return out


def fitted(text: str, room: float, face: FreeTypeFont) -> str:
    """`text`, cut with an ellipsis if it is wider than `room` pixels in `face`."""
    if face.getlength(text) <= room:
        return text
    while text and face.getlength(text + "…") > room:
        text = text[:-1]
    return text + "…"


def code_points(data: bytes) -> frozenset[int]:
    """The code points a TrueType font maps to a real glyph, read from its `cmap` table.

    Reads the Unicode subtables of format 12 (full range) or 4 (basic plane), which every
    TrueType font has one of; no font library is needed for this one fact.
    """
    (count,) = struct.unpack_from(">H", data, 4)
    tables = {
        data[12 + 16 * i : 16 + 16 * i]: struct.unpack_from(">I", data, 20 + 16 * i)[0]
        for i in range(count)
    }
    cmap = tables[b"cmap"]
    (subtables,) = struct.unpack_from(">H", data, cmap + 2)
    found: dict[int, int] = {}
    for i in range(subtables):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        (fmt,) = struct.unpack_from(">H", data, cmap + offset)
        if platform in (0, 3) and encoding in (1, 3, 4, 10) and fmt in (4, 12):
            found.setdefault(fmt, cmap + offset)
    if 12 in found:
        return _format_12(data, found[12])
    if 4 in found:
        return _format_4(data, found[4])
    raise ValueError("the font has no Unicode cmap subtable of format 4 or 12")


def _format_12(data: bytes, at: int) -> frozenset[int]:
    (groups,) = struct.unpack_from(">I", data, at + 12)
    points: set[int] = set()
    for i in range(groups):
        start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * i)
        points.update(range(start + (glyph == 0), end + 1))
    return frozenset(points)


def _format_4(data: bytes, at: int) -> frozenset[int]:
    (doubled,) = struct.unpack_from(">H", data, at + 6)
    segments = doubled // 2
    ends = at + 14
    starts = ends + doubled + 2
    deltas = starts + doubled
    range_offsets = deltas + doubled
    points: set[int] = set()
    for i in range(segments):
        (end,) = struct.unpack_from(">H", data, ends + 2 * i)
        (start,) = struct.unpack_from(">H", data, starts + 2 * i)
        (delta,) = struct.unpack_from(">h", data, deltas + 2 * i)
        (range_offset,) = struct.unpack_from(">H", data, range_offsets + 2 * i)
        for code in range(start, end + 1):
            if code == 0xFFFF:
                continue
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                where = range_offsets + 2 * i + range_offset + 2 * (code - start)
                (glyph,) = struct.unpack_from(">H", data, where)
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                points.add(code)
    return frozenset(points)
