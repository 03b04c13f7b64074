"""Diagrams of running a model: picking the next token, experts per token, the KV cache, memory."""

from __future__ import annotations

import math

from figure_kit import (
    BLUE,
    FADED,
    GREEN,
    GREY,
    INK,
    MUTED,
    ORANGE,
    SKY,
    WIDTH,
    arrow,
    box,
    canvas,
    caption,
    tinted,
    title,
)
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, NullLocator

# A made-up next-token example: fixed logits, turned into probabilities at three temperatures.
SAMPLING_CONTEXT = "The cat sat on the …"
SAMPLING_TOKENS = ["mat", "floor", "sofa", "bed", "roof"]
SAMPLING_LOGITS = [3.0, 2.0, 1.5, 1.0, 0.2]
TEMPERATURES: list[tuple[float, str, str]] = [
    (0.5, "sharper", BLUE),
    (1.0, "plain softmax", GREEN),
    (1.5, "flatter", ORANGE),
]


def softmax_with_temperature(logits: list[float], temperature: float) -> list[float]:
    """p_i = exp(z_i / T) / sum_j exp(z_j / T), shifted by the maximum for numerical safety."""
    scaled = [z / temperature for z in logits]
    top = max(scaled)
    weights = [math.exp(z - top) for z in scaled]
    total = sum(weights)
    return [w / total for w in weights]


def _percent(p: float) -> str:
    return "<1%" if p < 0.005 else f"{p:.0%}"


def sampling_temperature() -> Figure:
    fig = Figure(figsize=(WIDTH, 5.6))
    n = len(SAMPLING_TOKENS)
    labels = [f"{t} ({z:.1f})" for t, z in zip(SAMPLING_TOKENS, SAMPLING_LOGITS, strict=True)]
    left, panel, gap = 0.175, 0.23, 0.045
    for i, (temperature, effect, color) in enumerate(TEMPERATURES):
        ax = fig.add_axes((left + i * (panel + gap), 0.2, panel, 0.55))
        probs = softmax_with_temperature(SAMPLING_LOGITS, temperature)
        ax.barh(range(n), probs, height=0.66, color=tinted(color, 0.75), edgecolor=color,
                linewidth=1.5)
        for y, p in enumerate(probs):
            ax.text(p + 0.03, y, _percent(p), ha="left", va="center", fontsize=14)
        ax.set_xlim(0, 1.25)
        ax.set_ylim(n - 0.5, -0.5)
        ax.yaxis.set_major_locator(FixedLocator(list(range(n))))
        ax.set_yticklabels(labels if i == 0 else [""] * n)
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_locator(NullLocator())
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_title(f"T = {temperature:.1f}\n{effect}", fontsize=15, weight="bold", pad=8,
                     linespacing=1.3)
    fig.text(0.01, 0.79, "token (logit)", ha="left", va="bottom", fontsize=14, color=MUTED)
    fig.text(0.5, 0.955, "Temperature reshapes next-token odds", ha="center", va="center",
             fontsize=18, weight="bold")
    fig.text(0.5, 0.895, f"“{SAMPLING_CONTEXT}”   p = softmax(logit / T)", ha="center",
             va="center", fontsize=14)
    fig.text(0.5, 0.1, "Same logits in every panel: temperature adds no knowledge.",
             ha="center", va="center", fontsize=14)
    fig.text(0.5, 0.04, "Illustrative logits, not from a real model.", ha="center",
             va="center", fontsize=14, style="italic")
    return fig


def mixture_of_experts() -> Figure:
    height = 6.6
    fig, ax = canvas(height)
    title(ax, height, "Mixture of experts: a router picks 2 of 8")
    token_y, router_y, expert_y, sum_y = 1.75, 2.8, 4.15, 5.4
    cx = WIDTH / 2
    box(ax, (cx, token_y), (3.4, 0.6), "one token's vector", SKY)
    box(ax, (cx, router_y), (4.6, 0.7), "Router: scores all 8, keeps the top 2", GREY,
        weight="bold")
    arrow(ax, (cx, token_y + 0.3), (cx, router_y - 0.35))

    chosen = (4, 6)
    expert_w, expert_h, step = 0.78, 0.7, 0.92
    xs = [0.39 + expert_w / 2 + i * step for i in range(8)]
    for i, x in enumerate(xs):
        if i in chosen:
            box(ax, (x, expert_y), (expert_w, expert_h), f"E{i + 1}", ORANGE, weight="bold",
                tint=0.45)
            arrow(ax, (cx + (x - cx) * 0.35, router_y + 0.35), (x, expert_y - expert_h / 2))
        else:
            ax.add_patch(Rectangle((x - expert_w / 2, expert_y - expert_h / 2), expert_w,
                                   expert_h, facecolor="#f2f2f2", edgecolor=FADED,
                                   linewidth=1.5, linestyle="--"))
            ax.text(x, expert_y, f"E{i + 1}", ha="center", va="center", fontsize=14,
                    color=FADED)
    ax.text(0.39, expert_y + expert_h / 2 + 0.3, "8 experts (feed-forward blocks)",
            ha="left", va="center", fontsize=14, color=MUTED)
    ax.text(0.39, expert_y - expert_h / 2 - 0.3, "6 idle for this token", ha="left",
            va="center", fontsize=14, color=FADED)

    sum_x = (xs[chosen[0]] + xs[chosen[1]]) / 2
    box(ax, (sum_x, sum_y), (3.4, 0.7), "weighted sum → next layer", ORANGE)
    for i in chosen:
        arrow(ax, (xs[i], expert_y + expert_h / 2), (xs[i], sum_y - 0.35))
    caption(ax, 0.95, "Only the chosen 2 run; all 8 must stay in memory.")
    caption(ax, 0.45, "Mixtral 8x7B (2023-12): 46.7B parameters, 12.9B active per token",
            style="normal", color=MUTED)
    return fig


def kv_cache() -> Figure:
    height = 6.5
    fig, ax = canvas(height)
    title(ax, height, "KV cache: past keys and values are kept")
    tokens = ["The", "cat", "sat", "on", "the", "mat"]
    prompt = 3
    steps = ["prefill", "decode 1", "decode 2", "decode 3"]
    predicted = ["on", "the", "mat", "."]
    cell_w, cell_h, pitch, row_pitch = 0.74, 0.52, 0.82, 0.72
    left, top = 1.75, 4.55
    for col, token in enumerate(tokens):
        x = left + col * pitch + cell_w / 2
        ax.text(x, top + 0.62, token, ha="center", va="center", fontsize=15,
                weight="bold" if col < prompt else "normal")
    ax.plot([left, left + prompt * pitch - 0.08], [top + 0.36] * 2, color=INK, linewidth=2)
    ax.text(left + (prompt * pitch - 0.08) / 2, top + 1.0, "prompt", ha="center", va="center",
            fontsize=14, color=MUTED)
    ax.text(7.35, top + 0.62, "next", ha="center", va="center", fontsize=14, color=MUTED)

    for row, (step, out) in enumerate(zip(steps, predicted, strict=True)):
        y = top - row * row_pitch
        new = range(prompt) if row == 0 else [prompt + row - 1]
        cached = 0 if row == 0 else prompt + row - 1
        ax.text(left - 0.2, y, step, ha="right", va="center", fontsize=14,
                weight="bold" if row == 0 else "normal")
        for col in range(max(cached, max(new) + 1)):
            fresh = col in new
            color = ORANGE if fresh else BLUE
            ax.add_patch(Rectangle((left + col * pitch, y - cell_h / 2), cell_w, cell_h,
                                   facecolor=tinted(color, 0.5 if fresh else 0.3),
                                   edgecolor=color, linewidth=2))
            ax.text(left + col * pitch + cell_w / 2, y, "K V", ha="center", va="center",
                    fontsize=14, weight="bold" if fresh else "normal")
        end = left + (max(new) + 1) * pitch
        arrow(ax, (end, y), (6.95, y), color=MUTED)
        ax.text(7.35, y, f"“{out}”", ha="center", va="center", fontsize=14)

    bottom = top - (len(steps) - 1) * row_pitch
    ax.plot([0.2, WIDTH - 0.2], [top - row_pitch / 2] * 2, color=GREY, linewidth=1,
            linestyle=(0, (4, 3)))
    legend_y = bottom - 0.8
    for x, color, tint, text in ((0.6, ORANGE, 0.5, "computed this step"),
                                 (4.3, BLUE, 0.3, "read from the cache")):
        ax.add_patch(Rectangle((x, legend_y - 0.17), 0.45, 0.34, facecolor=tinted(color, tint),
                               edgecolor=color, linewidth=2))
        ax.text(x + 0.6, legend_y, text, ha="left", va="center", fontsize=14)
    caption(ax, legend_y - 0.65,
            "Prefill: the prompt in parallel; mostly sets time to first token.", style="normal")
    caption(ax, legend_y - 1.1,
            "Decode: one token per step; the cache grows by one each step.", style="normal")
    return fig


def quantization_memory() -> Figure:
    fig = Figure(figsize=(WIDTH, 5.6))
    ax = fig.add_axes((0.13, 0.22, 0.82, 0.56))
    params = 7e9
    widths: list[tuple[str, float]] = [("16-bit\n2 bytes", 2.0), ("8-bit\n1 byte", 1.0),
                                       ("4-bit\n½ byte", 0.5)]
    sizes = [params * b / 1e9 for _, b in widths]
    positions = list(range(len(widths) + 1))
    ax.bar(positions[:3], sizes, width=0.62, color=BLUE, edgecolor=INK, linewidth=1)
    file_gb = 4.08
    ax.bar([3], [file_gb], width=0.62, facecolor="white", edgecolor=GREY, hatch="//",
           linewidth=1.5, linestyle="--")
    for x, value in zip(positions, [*sizes, file_gb], strict=True):
        ax.text(x, value + 0.35, f"{value:g} GB", ha="center", va="bottom", fontsize=15,
                weight="bold")
    ax.set_xticks(positions, [label for label, _ in widths] + ["real 4-bit file\nLLaMA-7B Q4_K_M"])
    ax.set_ylim(0, 16)
    ax.yaxis.set_major_locator(FixedLocator([0, 4, 8, 12, 16]))
    ax.set_ylabel("weight memory (GB)")
    ax.grid(axis="y", color="#dddddd", linewidth=1)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.text(0.5, 0.955, "Weights of a 7B model at 16, 8 and 4 bits", ha="center",
             va="center", fontsize=18, weight="bold")
    fig.text(0.5, 0.885, "7 billion weights × bytes per weight (arithmetic)", ha="center",
             va="center", fontsize=14, color=MUTED)
    fig.text(0.5, 0.045, "Real files are larger; running adds the KV cache and activations.",
             ha="center", va="center", fontsize=14, style="italic")
    return fig

