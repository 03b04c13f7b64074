"""Colours and sizes shared by llmbot's generated pictures, matching its shipped diagrams."""

from __future__ import annotations

INK = (26, 26, 26)
MUTED = (85, 85, 85)
RULE = (204, 204, 204)
WHITE = (255, 255, 255)

# Okabe-Ito: distinguishable under the common forms of colour blindness (as the diagrams).
SKY = (86, 180, 233)
ORANGE = (230, 159, 0)
GREEN = (0, 158, 115)
YELLOW = (240, 228, 66)
PURPLE = (204, 121, 167)
BLUE = (0, 114, 178)
VERMILLION = (213, 94, 0)
GREY = (140, 140, 140)

CYCLE = (SKY, ORANGE, GREEN, YELLOW, PURPLE, BLUE)

TITLE_SIZE = 26
TEXT_SIZE = 20
SMALL_SIZE = 15
MARGIN = 28

Colour = tuple[int, int, int]


def tint(colour: Colour, amount: float = 0.65) -> Colour:
    """The colour mixed with white: box fills stay light so dark text reads on them."""
    r, g, b = colour
    return (
        round(r + (255 - r) * amount),
        round(g + (255 - g) * amount),
        round(b + (255 - b) * amount),
    )
