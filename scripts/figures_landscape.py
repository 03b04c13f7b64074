"""Diagrams of models at work and over time: the agent loop, a dated timeline of releases."""

from __future__ import annotations

from datetime import date

from figure_kit import (
    BLUE,
    GREEN,
    GREY,
    INK,
    MUTED,
    ORANGE,
    PURPLE,
    SKY,
    WIDTH,
    arrow,
    box,
    canvas,
    caption,
    polyline_arrow,
    title,
)
from matplotlib.figure import Figure
from matplotlib.lines import Line2D


def agent_loop() -> Figure:
    height = 6.4
    fig, ax = canvas(height)
    title(ax, height, "The agent loop")
    left_x, right_x, top_y, bottom_y, goal_y = 1.9, 6.1, 3.75, 1.75, 5.1
    size = (2.6, 0.95)
    half_w, half_h = size[0] / 2, size[1] / 2
    box(ax, (1.3, goal_y), (1.6, 0.6), "Task", SKY)
    box(ax, (6.6, goal_y), (1.9, 0.6), "Final answer", BLUE)
    box(ax, (left_x, top_y), size, "1  Think, plan\n(model)", PURPLE)
    box(ax, (right_x, top_y), size, "2  Call a tool:\nname + JSON args", PURPLE)
    box(ax, (right_x, bottom_y), size, "3  The app runs\nthe tool", GREEN)
    box(ax, (left_x, bottom_y), size, "4  Observe the result\n(back in the context)", ORANGE)

    arrow(ax, (1.3, goal_y - 0.3), (1.3, top_y + half_h))
    arrow(ax, (left_x + half_w, top_y), (right_x - half_w, top_y))
    arrow(ax, (right_x, top_y - half_h), (right_x, bottom_y + half_h))
    arrow(ax, (right_x - half_w, bottom_y), (left_x + half_w, bottom_y))
    arrow(ax, (left_x, bottom_y + half_h), (left_x, top_y - half_h))
    exit_x, answer_left = 2.8, 6.6 - 0.95
    polyline_arrow(ax, [(exit_x, top_y + half_h), (exit_x, goal_y), (answer_left, goal_y)])
    ax.text((exit_x + answer_left) / 2, goal_y + 0.25, "done, or step limit", ha="center",
            va="center", fontsize=14, color=MUTED)
    ax.text(WIDTH / 2, (top_y + bottom_y) / 2, "↻ repeat", ha="center", va="center",
            fontsize=15, style="italic", color=MUTED)
    caption(ax, 0.65,
            "The model only writes the call; the app runs it and decides what is allowed.",
            style="normal")
    return fig


# Selected releases from SYLLABUS-2026.md's timeline tables, with their announcement dates.
RELEASES: list[tuple[date, str, str, bool]] = [
    (date(2022, 11, 30), "ChatGPT", "GPT-3.5-series chat app", False),
    (date(2023, 3, 14), "GPT-4", "image + text in", False),
    (date(2023, 7, 18), "Llama 2", "commercial use", True),
    (date(2023, 12, 11), "Mixtral 8x7B", "MoE, Apache 2.0", True),
    (date(2024, 5, 13), "GPT-4o", "text, audio, image", False),
    (date(2024, 9, 12), "o1-preview", "RL-trained reasoning", False),
    (date(2025, 1, 20), "DeepSeek-R1", "reasoning, MIT licence", True),
    (date(2025, 4, 5), "Llama 4", "first MoE Llamas", True),
    (date(2025, 8, 5), "gpt-oss", "MoE, Apache 2.0", True),
    (date(2025, 8, 7), "GPT-5", "routed system", False),
    (date(2026, 7, 24), "Claude Opus 5", "1M-token context", False),
]
TIMELINE_START = date(2022, 11, 1)
TIMELINE_END = date(2026, 12, 31)


def model_timeline() -> Figure:
    height = 8.2
    fig, ax = canvas(height)
    title(ax, height, "Selected model releases, as of 2026-12")
    ax.text(WIDTH / 2, height - 0.85, "A selection, not a ranking; announcement or release dates",
            ha="center", va="center", fontsize=14, color=MUTED)
    y_top, y_bottom, axis_x = 6.85, 1.45, 1.25
    span = (TIMELINE_END - TIMELINE_START).days

    def y_of(day: date) -> float:
        return y_top - (day - TIMELINE_START).days / span * (y_top - y_bottom)

    ax.plot([axis_x, axis_x], [y_top, y_bottom], color=INK, linewidth=2)
    for year in range(2023, 2027):
        y = y_of(date(year, 1, 1))
        ax.plot([axis_x - 0.12, axis_x], [y, y], color=INK, linewidth=2)
        ax.text(axis_x - 0.2, y, str(year), ha="right", va="center", fontsize=14)

    row = (y_top - y_bottom) / (len(RELEASES) - 1)
    for i, (day, name, note, open_weights) in enumerate(RELEASES):
        color = GREEN if open_weights else BLUE
        y_dot, y_row = y_of(day), y_top - i * row
        # Releases days apart would hide each other's dot: set the earlier one beside it,
        # where its leader line does not cross the later one's.
        nxt = RELEASES[i + 1][0] if i + 1 < len(RELEASES) else None
        x_dot = axis_x + (0.16 if nxt is not None and (nxt - day).days < 30 else 0.0)
        ax.plot([x_dot, 1.85, 2.0], [y_dot, y_row, y_row], color=GREY, linewidth=1)
        ax.plot([x_dot], [y_dot], marker="o", markersize=9, color=color,
                markeredgecolor=INK, markeredgewidth=1, zorder=3)
        ax.text(2.05, y_row, day.isoformat(), ha="left", va="center", fontsize=14,
                family="DejaVu Sans Mono", color=MUTED)
        ax.text(3.4, y_row, name, ha="left", va="center", fontsize=14, weight="bold")
        ax.text(5.2, y_row, note, ha="left", va="center", fontsize=14, color=MUTED)

    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=9, color=color,
               markeredgecolor=INK, label=label)
        for color, label in ((BLUE, "app or API only"), (GREEN, "open weights"))
    ]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.075), ncol=2,
              frameon=False, fontsize=14, handletextpad=0.3, columnspacing=1.5)
    caption(ax, 0.35, "This list ages fast: date any claim about “the latest” model.")
    return fig

