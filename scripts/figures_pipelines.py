"""Diagrams of how models are used and trained: context, training stages, CLIP, RAG."""

from __future__ import annotations

import itertools

from figure_kit import (
    BLUE,
    FADED,
    GREEN,
    INK,
    MUTED,
    ORANGE,
    PURPLE,
    SKY,
    VERMILLION,
    WIDTH,
    Point,
    arrow,
    box,
    canvas,
    caption,
    polyline_arrow,
    tinted,
    title,
)
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch, Polygon, Rectangle


def context_window() -> Figure:
    height = 3.95
    fig, ax = canvas(height)
    title(ax, height, "Context window: one token budget")
    bar_y, bar_h = 1.75, 0.8
    win_left, win_right, total = 2.55, 7.75, 8192
    segments: list[tuple[str, int, str, str | None]] = [
        ("earlier\nturns", 4000, SKY, None),
        ("new\nprompt", 1800, ORANGE, None),
        ("reply\n(generating)", 2392, GREEN, "//"),
    ]
    x = win_left
    scale = (win_right - win_left) / total
    for label, tokens, color, hatch in segments:
        w = tokens * scale
        ax.add_patch(Rectangle((x, bar_y), w, bar_h, facecolor=tinted(color, 0.4),
                               edgecolor=color, linewidth=2, hatch=hatch))
        backing = {"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none",
                   "alpha": 0.85}
        ax.text(x + w / 2, bar_y + bar_h / 2, label, ha="center", va="center", fontsize=14,
                linespacing=1.1, bbox=backing if hatch else None)
        count = f"up to {tokens:,}" if hatch else f"{tokens:,}"
        ax.text(x + w / 2, bar_y - 0.25, count, ha="center", va="center", fontsize=14,
                color=MUTED)
        x += w
    ax.add_patch(Rectangle((win_left, bar_y), win_right - win_left, bar_h, fill=False,
                           edgecolor=INK, linewidth=3))

    for i, label in enumerate(["turn 1", "turn 2"]):
        left = 0.3 + i * 1.07
        ax.add_patch(Rectangle((left, bar_y), 0.97, bar_h, facecolor="#f2f2f2", edgecolor=FADED,
                               linewidth=1.5, linestyle="--"))
        ax.text(left + 0.485, bar_y + bar_h / 2, label, ha="center", va="center", fontsize=14,
                color=FADED)
    ax.text(1.32, 0.8, "falls out of the\nwindow: the model\ncan't see it", ha="center",
            va="center", fontsize=14, color=VERMILLION, weight="bold", linespacing=1.2)

    bracket_y = bar_y + bar_h + 0.2
    ax.plot([win_left, win_left, win_right, win_right],
            [bracket_y - 0.1, bracket_y, bracket_y, bracket_y - 0.1], color=INK, linewidth=2)
    ax.text((win_left + win_right) / 2, bracket_y + 0.27,
            f"context window: {total:,} tokens (example)", ha="center", va="center",
            fontsize=14, weight="bold")
    ax.text((win_left + win_right) / 2, 0.8, "history + prompt + reply\nmust all fit",
            ha="center", va="center", fontsize=14, style="italic", linespacing=1.2)
    return fig


def training_pipeline() -> Figure:
    height = 6.4
    fig, ax = canvas(height)
    title(ax, height, "From base model to assistant")
    stages: list[tuple[str, str, str]] = [
        ("1  Pretraining", "Next-token prediction on web text\n(self-supervised, no labels)",
         SKY),
        ("2  Supervised\nfine-tuning", "Imitate human demonstrations\nof good answers", ORANGE),
        ("3  Reward model", "Learns to score answers\nfrom human rankings", GREEN),
        ("4  Reinforcement\nlearning (PPO)", "Tune the model with PPO\nagainst the reward model",
         PURPLE),
    ]
    box_x, box_w, box_h, step = 1.95, 3.2, 0.85, 1.25
    top = 5.0
    for i, (name, note, color) in enumerate(stages):
        cy = top - i * step
        box(ax, (box_x, cy), (box_w, box_h), name, color, weight="bold", tint=0.35)
        ax.text(box_x + box_w / 2 + 0.3, cy, note, ha="left", va="center", fontsize=14,
                linespacing=1.25)
        if i:
            arrow(ax, (box_x, cy + step - box_h / 2), (box_x, cy + box_h / 2))
    caption(ax, 0.3, "InstructGPT recipe (Ouyang et al. 2022)", color=MUTED)
    return fig


def _photo_icon(ax: Axes, center: Point, size: float) -> None:
    x, y = center[0] - size / 2, center[1] - size / 2
    ax.add_patch(Rectangle((x, y), size, size, facecolor=tinted(SKY, 0.3), edgecolor=BLUE,
                           linewidth=1.5))
    ax.add_patch(Polygon(
        [(x + 0.06 * size / 0.5, y + 0.05), (x + size * 0.45, y + size * 0.7),
         (x + size * 0.9, y + 0.05)], closed=True, facecolor=GREEN, edgecolor="none"))
    ax.add_patch(Circle((x + size * 0.75, y + size * 0.75), size * 0.12, facecolor=ORANGE,
                        edgecolor="none"))


def clip_dual_encoder() -> Figure:
    height = 5.6
    fig, ax = canvas(height)
    title(ax, height, "CLIP: two encoders, one embedding space")
    names = ["dog", "cat", "car"]
    img_y, txt_y, step = 3.6, 1.5, 0.52
    ax.text(0.9, img_y + 1.0, "images", ha="center", va="center", fontsize=14, color=MUTED)
    ax.text(0.9, txt_y + 0.95, "captions", ha="center", va="center", fontsize=14, color=MUTED)
    for i, name in enumerate(names):
        y = img_y + step - i * step
        _photo_icon(ax, (0.55, y), 0.42)
        ax.text(0.88, y, name, ha="left", va="center", fontsize=14)
        ax.text(0.3, txt_y + step - i * step, f"“a {name}”", ha="left", va="center",
                fontsize=14)

    enc_x, enc_w, enc_h = 2.65, 1.4, 0.85
    box(ax, (enc_x, img_y), (enc_w, enc_h), "Image\nencoder", BLUE, weight="bold")
    box(ax, (enc_x, txt_y), (enc_w, enc_h), "Text\nencoder", VERMILLION, weight="bold")
    arrow(ax, (1.5, img_y), (enc_x - enc_w / 2, img_y))
    arrow(ax, (1.5, txt_y), (enc_x - enc_w / 2, txt_y))

    space_left, space_bottom, space_top = 3.85, 0.7, 4.95
    ax.add_patch(FancyBboxPatch((space_left, space_bottom), WIDTH - 0.15 - space_left,
                                space_top - space_bottom,
                                boxstyle="round,pad=0,rounding_size=0.15", facecolor="none",
                                edgecolor=MUTED, linewidth=1.5, linestyle=(0, (5, 4))))
    ax.text((space_left + WIDTH - 0.15) / 2, space_top - 0.28, "shared embedding space",
            ha="center", va="center", fontsize=14, weight="bold", color=MUTED)
    arrow(ax, (enc_x + enc_w / 2, img_y), (space_left, 2.95), rad=-0.1)
    arrow(ax, (enc_x + enc_w / 2, txt_y), (space_left, 2.05), rad=0.1)

    cell, left, bottom = 0.8, 5.25, 1.35
    scores = [[0.31, 0.18, 0.06], [0.17, 0.29, 0.05], [0.07, 0.08, 0.33]]
    for r, row in enumerate(scores):
        for c, value in enumerate(row):
            x, y = left + c * cell, bottom + (2 - r) * cell
            diagonal = r == c
            ax.add_patch(Rectangle((x, y), cell, cell,
                                   facecolor=tinted(ORANGE, 0.75) if diagonal else "#f2f2f2",
                                   edgecolor=VERMILLION if diagonal else "#bbbbbb",
                                   linewidth=3 if diagonal else 1, zorder=3 if diagonal else 2))
            ax.text(x + cell / 2, y + cell / 2, f"{value:.2f}", ha="center", va="center",
                    fontsize=14, weight="bold" if diagonal else "normal", zorder=4)
    for i, name in enumerate(names):
        y = bottom + (2 - i) * cell + cell / 2
        _photo_icon(ax, (4.35, y), 0.36)
        ax.text(4.62, y, name, ha="left", va="center", fontsize=14)
        ax.text(left + i * cell + cell / 2, bottom + 3 * cell + 0.22, f"“a {name}”",
                ha="center", va="center", fontsize=14)
    ax.text(left + 1.5 * cell, bottom - 0.3, "similarity scores", ha="center", va="center",
            fontsize=14, color=MUTED)
    caption(ax, 0.3, "CLIP scores image–text matches; it does not generate text.")
    return fig


def rag_pipeline() -> Figure:
    height = 5.4
    fig, ax = canvas(height)
    title(ax, height, "Retrieval-augmented generation (RAG)")
    row1, row2, h = 3.9, 1.55, 0.9
    top: list[tuple[str, float, float, str]] = [
        ("Question", 0.95, 1.4, BLUE),
        ("Embed the\nquestion", 2.85, 1.6, SKY),
        ("Search the\nvector store", 4.9, 1.75, GREEN),
        ("Top-k\nchunks", 6.85, 1.4, ORANGE),
    ]
    bottom: list[tuple[str, float, float, str]] = [
        ("Prompt =\nquestion + chunks", 1.55, 2.6, ORANGE),
        ("LLM", 4.0, 1.2, PURPLE),
        ("Answer\nwith sources", 6.4, 2.1, BLUE),
    ]
    for items, y in ((top, row1), (bottom, row2)):
        for text, x, w, color in items:
            box(ax, (x, y), (w, h), text, color)
        for (_, x0, w0, _c0), (_, x1, w1, _c1) in itertools.pairwise(items):
            arrow(ax, (x0 + w0 / 2, y), (x1 - w1 / 2, y))
    mid = (row1 + row2) / 2
    polyline_arrow(ax, [(6.85, row1 - h / 2), (6.85, mid), (1.95, mid), (1.95, row2 + h / 2)])
    arrow(ax, (0.95, row1 - h / 2), (0.95, row2 + h / 2), linestyle="--")
    ax.text(4.9, row1 + h / 2 + 0.22, "document chunks, embedded in advance", ha="center",
            va="center", fontsize=14, color=MUTED)
    caption(ax, 0.45, "The model answers from retrieved text, so it can cite it.")
    return fig
