"""Shared style and drawing primitives for llmbot's teaching diagrams."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

matplotlib.use("Agg")

DEFAULT_OUT_DIR = Path(__file__).resolve().parent.parent / "content" / "figures"
DPI = 180
WIDTH = 8.0

INK = "#1a1a1a"
MUTED = "#555555"
FADED = "#9a9a9a"

# Okabe-Ito palette: distinguishable under the common forms of colour blindness.
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#8C8C8C"

STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 14,
    "axes.titlesize": 18,
    "axes.titleweight": "bold",
    "axes.labelsize": 14,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "legend.fontsize": 14,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "hatch.linewidth": 1.5,
}

Point = tuple[float, float]


def tinted(color: str, amount: float = 0.28) -> tuple[float, float, float]:
    """Mix a palette colour with white so dark text on top stays high-contrast."""
    rgb = to_rgb(color)
    return (
        1 - amount * (1 - rgb[0]),
        1 - amount * (1 - rgb[1]),
        1 - amount * (1 - rgb[2]),
    )


def canvas(height: float) -> tuple[Figure, Axes]:
    """A blank figure whose data coordinates are inches, so layout maths matches font sizes."""
    fig = Figure(figsize=(WIDTH, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    return fig, ax


def title(ax: Axes, height: float, text: str) -> None:
    ax.text(WIDTH / 2, height - 0.15, text, ha="center", va="top", fontsize=18, weight="bold")


def caption(ax: Axes, y: float, text: str, *, style: str = "italic", color: str = INK) -> None:
    ax.text(WIDTH / 2, y, text, ha="center", va="center", fontsize=14, style=style, color=color)


def box(
    ax: Axes,
    center: Point,
    size: Point,
    text: str,
    color: str,
    *,
    fontsize: float = 14,
    weight: str = "normal",
    family: str = "DejaVu Sans",
    tint: float = 0.28,
) -> None:
    cx, cy = center
    w, h = size
    ax.add_patch(
        FancyBboxPatch(
            (cx - w / 2, cy - h / 2),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=0.08",
            facecolor=tinted(color, tint),
            edgecolor=color,
            linewidth=2,
        )
    )
    ax.text(
        cx,
        cy,
        text,
        ha="center",
        va="center",
        fontsize=fontsize,
        weight=weight,
        family=family,
        color=INK,
        linespacing=1.2,
    )


def arrow(
    ax: Axes,
    start: Point,
    end: Point,
    *,
    color: str = INK,
    rad: float = 0.0,
    linestyle: str = "-",
) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=18,
            color=color,
            linewidth=2,
            linestyle=linestyle,
            connectionstyle=f"arc3,rad={rad}",
            shrinkA=0,
            shrinkB=0,
        )
    )


def polyline_arrow(ax: Axes, points: Sequence[Point], *, color: str = INK) -> None:
    """An elbow connector: straight segments, arrow head on the last one."""
    xs = [p[0] for p in points[:-1]]
    ys = [p[1] for p in points[:-1]]
    ax.plot(xs, ys, color=color, linewidth=2, solid_capstyle="butt", solid_joinstyle="miter")
    arrow(ax, points[-2], points[-1], color=color)
