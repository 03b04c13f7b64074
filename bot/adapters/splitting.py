"""Splitting long text into pieces that fit a platform's per-block limit, at line ends first."""

from __future__ import annotations

from collections.abc import Callable

Cut = Callable[[str, int], int]


def space_cut(line: str, limit: int) -> int:
    """Where to break an over-long line: its last space, unless that wastes over half."""
    cut = line.rfind(" ", 0, limit)
    return cut if cut > limit // 2 else limit


def split_lines(text: str, limit: int, cut: Cut = space_cut) -> list[str]:
    """Pieces of at most `limit` characters, joining whole lines while they fit.

    `cut` chooses where an over-long line breaks; Slack passes one that never splits
    its `<url|label>` links or `&amp;` entities.
    """
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            at = cut(line, limit)
            pieces.append(line[:at].rstrip())
            line = line[at:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return [piece for piece in pieces if piece.strip()]
