"""Generate llmbot's teaching diagrams as PNG files under content/figures/."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib
from figure_kit import (
    BLUE,
    DEFAULT_OUT_DIR,
    DPI,
    FADED,
    GREEN,
    GREY,
    INK,
    MUTED,
    ORANGE,
    PURPLE,
    SKY,
    STYLE,
    VERMILLION,
    WIDTH,
    YELLOW,
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
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Polygon, Rectangle
from matplotlib.ticker import FixedLocator, NullLocator


def tokenization() -> Figure:
    height = 5.0
    fig, ax = canvas(height)
    title(ax, height, "Tokenization: text becomes subword tokens")
    ax.text(WIDTH / 2, 3.95, "“Tokenization splits unfamiliar words”", ha="center", va="center",
            fontsize=17)
    arrow(ax, (WIDTH / 2, 3.6), (WIDTH / 2, 3.15))

    tokens = ["Token", "ization", "␣splits", "␣un", "familiar", "␣words"]
    ids = ["3404", "2065", "30778", "555", "31979", "2456"]
    colors = [SKY, ORANGE, GREEN, YELLOW, PURPLE, BLUE]
    char_w, pad, gap = 0.127, 0.26, 0.14
    widths = [len(t) * char_w + pad for t in tokens]
    x = (WIDTH - sum(widths) - gap * (len(tokens) - 1)) / 2
    for token, token_id, color, w in zip(tokens, ids, colors, widths, strict=True):
        box(ax, (x + w / 2, 2.7), (w, 0.62), token, color, fontsize=15,
             family="DejaVu Sans Mono", tint=0.35)
        ax.text(x + w / 2, 2.05, token_id, ha="center", va="center", fontsize=14,
                family="DejaVu Sans Mono", color=MUTED)
        x += w + gap
    ax.text(0.25, 2.7, "tokens", ha="left", va="center", fontsize=14, color=MUTED, rotation=90)
    ax.text(0.25, 2.05, "ids", ha="left", va="center", fontsize=14, color=MUTED, rotation=90)

    caption(ax, 1.3, "4 words → 6 tokens.  ␣ = a leading space, part of the token.",
             style="normal")
    caption(ax, 0.85, "Split and ids are illustrative: every tokenizer has its own vocabulary.")
    caption(ax, 0.4, "“≈ 0.75 words per token” is a rule of thumb for English only.")
    return fig


def embedding_space() -> Figure:
    fig = Figure(figsize=(WIDTH, 5.5))
    ax = fig.add_axes((0.06, 0.17, 0.9, 0.68))
    groups: list[tuple[str, str, str, dict[str, Point]]] = [
        ("animals", BLUE, "o", {
            "cat": (1.6, 7.6), "dog": (2.5, 8.2), "horse": (1.2, 6.3),
            "lion": (2.9, 6.9), "rabbit": (2.1, 5.5),
        }),
        ("fruits", ORANGE, "s", {
            "apple": (4.6, 2.4), "banana": (5.6, 1.5), "cherry": (4.2, 1.2),
            "mango": (6.0, 2.8), "pear": (5.0, 3.4),
        }),
        ("vehicles", GREEN, "^", {
            "car": (8.0, 7.2), "bus": (8.9, 6.3), "truck": (7.4, 6.0),
            "bicycle": (8.4, 8.3), "train": (9.2, 7.6),
        }),
    ]
    for name, color, marker, points in groups:
        xs = [p[0] for p in points.values()]
        ys = [p[1] for p in points.values()]
        ax.scatter(xs, ys, s=140, color=color, marker=marker, edgecolor=INK, linewidth=1,
                   label=name, zorder=3)
        for word, (px, py) in points.items():
            ax.annotate(word, (px, py), xytext=(9, 6), textcoords="offset points", fontsize=14)
    ax.set_xlim(0.5, 10.8)
    ax.set_ylim(0.4, 9.3)
    ax.xaxis.set_major_locator(NullLocator())
    ax.yaxis.set_major_locator(NullLocator())
    ax.set_xlabel("dimension 1")
    ax.set_ylabel("dimension 2")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="lower right", frameon=True, edgecolor=GREY, markerscale=0.9)
    fig.text(0.5, 0.955, "Word embeddings (2-D sketch)", ha="center", va="center",
             fontsize=18, weight="bold")
    fig.text(0.5, 0.055, "Similar meanings sit close together.", ha="center", va="center",
             fontsize=14, style="italic")
    fig.text(0.5, 0.895, "Illustrative: real embeddings have hundreds of dimensions",
             ha="center", va="center", fontsize=14, color=MUTED)
    return fig


def transformer_block() -> Figure:
    height = 7.6
    fig, ax = canvas(height)
    title(ax, height, "Decoder-only Transformer (GPT-style)")
    cx, w = 3.35, 3.8
    stack: list[tuple[str, float, float, str]] = [
        ("Token embeddings\n+ positional encoding", 0.75, 0.75, SKY),
        ("Masked multi-head\nself-attention", 2.05, 0.75, ORANGE),
        ("Add & norm", 2.95, 0.5, GREY),
        ("Feed-forward network", 3.85, 0.55, GREEN),
        ("Add & norm", 4.75, 0.5, GREY),
        ("Linear + softmax", 6.0, 0.55, PURPLE),
        ("Next-token probabilities", 6.85, 0.55, BLUE),
    ]
    for text, cy, h, color in stack:
        box(ax, (cx, cy), (w, h), text, color)
    for (_, y0, h0, _c0), (_, y1, h1, _c1) in itertools.pairwise(stack):
        arrow(ax, (cx, y0 + h0 / 2), (cx, y1 - h1 / 2))

    ax.add_patch(FancyBboxPatch((cx - w / 2 - 0.75, 1.38), w + 1.05, 3.8,
                                boxstyle="round,pad=0,rounding_size=0.15", facecolor="none",
                                edgecolor=MUTED, linewidth=1.5, linestyle=(0, (5, 4))))

    left = cx - w / 2
    for start_y, target_y in ((1.47, 2.95), (3.28, 4.75)):
        ax.plot([cx], [start_y], marker="o", color=INK, markersize=6)
        polyline_arrow(ax, [(cx, start_y), (left - 0.45, start_y), (left - 0.45, target_y),
                             (left, target_y)])
    ax.text(left - 0.6, 2.2, "residual", rotation=90, ha="center", va="center", fontsize=14,
            color=MUTED)
    ax.text(left - 0.6, 4.0, "residual", rotation=90, ha="center", va="center", fontsize=14,
            color=MUTED)

    bx = cx + w / 2 + 0.55
    ax.plot([bx - 0.15, bx, bx, bx - 0.15], [1.45, 1.45, 5.1, 5.1], color=INK, linewidth=2)
    ax.text(bx + 0.2, 3.45, "× N layers", ha="left", va="center", fontsize=18, weight="bold")
    ax.text(bx + 0.2, 2.95, "(GPT-3: 96)", ha="left", va="center", fontsize=14, color=MUTED)
    return fig


ATTENTION_TOKENS = ["the", "cat", "sat", "on", "the", "mat", "because", "it", "was", "tired"]


def attention_weights() -> list[list[float]]:
    """Hand-set, plausible scores per query row, normalised so each row sums to 1."""
    emphasis: list[dict[int, float]] = [
        {0: 0.6, 1: 0.3},
        {0: 0.25, 1: 0.45, 2: 0.2},
        {1: 0.45, 2: 0.3, 3: 0.1},
        {2: 0.3, 3: 0.3, 5: 0.25},
        {3: 0.15, 4: 0.35, 5: 0.35},
        {3: 0.2, 4: 0.2, 5: 0.4, 2: 0.1},
        {2: 0.25, 6: 0.3, 9: 0.25},
        {1: 0.62, 5: 0.08, 7: 0.08},
        {7: 0.4, 8: 0.2, 9: 0.25},
        {1: 0.3, 7: 0.3, 8: 0.1, 9: 0.2},
    ]
    baseline = 0.015
    rows: list[list[float]] = []
    for weights in emphasis:
        raw = [weights.get(k, baseline) for k in range(len(ATTENTION_TOKENS))]
        total = sum(raw)
        rows.append([v / total for v in raw])
    return rows


def attention_heatmap() -> Figure:
    fig = Figure(figsize=(WIDTH, 7.4))
    ax = fig.add_axes((0.19, 0.25, 0.58, 0.58))
    cax = fig.add_axes((0.81, 0.25, 0.03, 0.58))
    weights = attention_weights()
    image = ax.imshow(weights, cmap="Blues", vmin=0, vmax=0.8)
    n = len(ATTENTION_TOKENS)
    ax.set_xticks(range(n), ATTENTION_TOKENS, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(n), ATTENTION_TOKENS)
    ax.set_xticks([i - 0.5 for i in range(1, n)], minor=True)
    ax.set_yticks([i - 0.5 for i in range(1, n)], minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel("keys (tokens looked at)")
    ax.set_ylabel("queries (token looking)")
    it_row = ATTENTION_TOKENS.index("it")
    cat_col = ATTENTION_TOKENS.index("cat")
    ax.add_patch(Rectangle((-0.5, it_row - 0.5), n, 1, fill=False, edgecolor=VERMILLION,
                           linewidth=3, clip_on=False, zorder=3))
    colorbar = fig.colorbar(image, cax=cax)
    colorbar.set_label("attention weight")
    colorbar.ax.yaxis.set_major_locator(FixedLocator([0, 0.2, 0.4, 0.6, 0.8]))
    fig.text(0.5, 0.955, "Self-attention weights (one head)", ha="center", va="center",
             fontsize=18, weight="bold")
    share = weights[it_row][cat_col]
    fig.text(0.5, 0.9, f"Each row sums to 1. Row “it” gives {share:.2f} of its weight to “cat”.",
             ha="center", va="center", fontsize=14)
    fig.text(0.5, 0.035, "Weights are illustrative (hand-set), not from a real model.",
             ha="center", va="center", fontsize=14, style="italic")
    return fig


def rnn_vs_transformer() -> Figure:
    height = 6.3
    fig, ax = canvas(height)
    title(ax, height, "RNN vs Transformer")
    words = ["the", "cat", "sat", "on", "mat"]
    xs = [1.4 + 1.3 * i for i in range(len(words))]

    ax.text(0.3, 5.35, "RNN", ha="left", va="center", fontsize=16, weight="bold")
    ax.text(WIDTH - 0.3, 5.35, "sequential: step t waits for t−1", ha="right", va="center",
            fontsize=14)
    cell_y, cell_w, cell_h = 4.3, 0.85, 0.6
    for i, (x, word) in enumerate(zip(xs, words, strict=True)):
        ax.text(x, 3.35, word, ha="center", va="center", fontsize=15)
        arrow(ax, (x, 3.55), (x, cell_y - cell_h / 2))
        box(ax, (x, cell_y), (cell_w, cell_h), "cell", BLUE)
        if i:
            arrow(ax, (xs[i - 1] + cell_w / 2, cell_y), (x - cell_w / 2, cell_y))
            ax.text((xs[i - 1] + x) / 2, cell_y + 0.12, f"h{'₁₂₃₄'[i - 1]}", ha="center",
                    va="bottom", fontsize=14)

    ax.plot([0.3, WIDTH - 0.3], [2.9, 2.9], color=GREY, linewidth=1)

    ax.text(0.3, 2.5, "Transformer", ha="left", va="center", fontsize=16, weight="bold")
    ax.text(WIDTH - 0.3, 2.5, "parallel: any two positions one step apart", ha="right",
            va="center", fontsize=14)
    node_y, radius = 0.6, 0.34
    for i, a in enumerate(xs):
        for b in xs[i + 1:]:
            ax.add_patch(FancyArrowPatch((a + radius * 0.5, node_y + radius * 0.85),
                                         (b - radius * 0.5, node_y + radius * 0.85),
                                         arrowstyle="-", connectionstyle="arc3,rad=-0.4",
                                         color=ORANGE, linewidth=2, shrinkA=0, shrinkB=0))
    for x, word in zip(xs, words, strict=True):
        ax.add_patch(Circle((x, node_y), radius, facecolor=tinted(ORANGE, 0.35), edgecolor=ORANGE,
                            linewidth=2, zorder=3))
        ax.text(x, node_y, word, ha="center", va="center", fontsize=15, zorder=4)
    return fig


def _human_count(value: float) -> str:
    for limit, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if value >= limit:
            return f"{value / limit:g}{suffix}"
    return f"{value:g}"


def parameter_counts() -> Figure:
    fig = Figure(figsize=(WIDTH, 5.4))
    ax = fig.add_axes((0.15, 0.14, 0.8, 0.64))
    labels = ["GPT-1\n(2018)", "GPT-2\n(2019)", "GPT-3\n(2020)", "GPT-4\n(2023)"]
    known = [117e6, 1.5e9, 175e9]
    low, high = 3e7, 3e12
    ax.set_yscale("log")
    ax.set_ylim(low, high)
    positions = list(range(len(labels)))
    ax.bar(positions[:3], [v - low for v in known], bottom=low, width=0.62, color=BLUE,
           edgecolor=INK, linewidth=1)
    for x, value in zip(positions, known, strict=False):
        ax.text(x, value * 1.35, _human_count(value), ha="center", va="bottom", fontsize=15,
                weight="bold")
    ax.bar([3], [high - low], bottom=low, width=0.62, facecolor="white", edgecolor=GREY,
           hatch="//", linewidth=1.5, linestyle="--")
    ax.text(3, 3e9, "not\ndisclosed", ha="center", va="center", fontsize=15, weight="bold",
            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": GREY})
    ax.set_xticks(positions, labels)
    ticks = [1e8, 1e9, 1e10, 1e11, 1e12]
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_yticklabels(["100M", "1B", "10B", "100B", "1T"])
    ax.set_ylabel("parameters (log scale)")
    ax.grid(axis="y", color="#dddddd", linewidth=1)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.text(0.5, 0.94, "GPT model sizes (parameters)", ha="center", va="center", fontsize=18,
             weight="bold")
    fig.text(0.5, 0.875, "Sources: Radford et al. 2018/2019, Brown et al. 2020, OpenAI 2023",
             ha="center", va="center", fontsize=14, color=MUTED)
    return fig


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


FIGURES: dict[str, Callable[[], Figure]] = {
    "tokenization.png": tokenization,
    "embedding-space.png": embedding_space,
    "transformer-block.png": transformer_block,
    "attention-heatmap.png": attention_heatmap,
    "rnn-vs-transformer.png": rnn_vs_transformer,
    "parameter-counts.png": parameter_counts,
    "context-window.png": context_window,
    "training-pipeline.png": training_pipeline,
    "clip-dual-encoder.png": clip_dual_encoder,
    "rag-pipeline.png": rag_pipeline,
}


def render(name: str, out_dir: Path) -> Path:
    """Build one figure under the shared style and write it with byte-stable PNG settings."""
    path = out_dir / name
    with matplotlib.rc_context(STYLE):
        fig = FIGURES[name]()
        fig.savefig(path, dpi=DPI, metadata={"Software": None}, pil_kwargs={"optimize": True})
    return path


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out_dir = Path(args[0]) if args else DEFAULT_OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in FIGURES:
        print(render(name, out_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
