"""Diagrams of what is inside a model: tokens, embeddings, attention, layers, sizes."""

from __future__ import annotations

import itertools

from figure_kit import (
    BLUE,
    GREEN,
    GREY,
    INK,
    MUTED,
    ORANGE,
    PURPLE,
    SKY,
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
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle
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
