"""The rules behind points and streaks, in numbers and in the words `/llm help scoring` shows."""

from __future__ import annotations

from datetime import timedelta

from bot.engine.payloads import ScoringRules
from bot.engine.reply import Reply, ReplyKind, Visibility

# (answered correctly within, bonus points) for daily questions, best first.
SPEED_BONUS: tuple[tuple[timedelta, int], ...] = (
    (timedelta(minutes=10), 5),
    (timedelta(hours=1), 2),
)
# Streaks this long or longer get a private warning before they would break.
WARN_FROM_STREAK = 2


def speed_bonus(elapsed: timedelta) -> int:
    """Extra points for a correct daily answer given soon after the post."""
    for within, bonus in SPEED_BONUS:
        if elapsed <= within:
            return bonus
    return 0


def _minutes(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60} hour" if minutes % 60 == 0 else f"{minutes} minutes"


def scoring_lines(points: dict[str, int]) -> list[str]:
    """The rules as bullet lines; the README says the same."""
    base = ", ".join(f"{name} {value}" for name, value in points.items())
    bonus = " and ".join(f"+{b} within {_minutes(w)}" for w, b in SPEED_BONUS)
    return [
        f"- **Points**: a right answer earns {base} points by difficulty; a wrong one earns 0.",
        "- **One try**: each question takes one answer per person.",
        f"- **Speed bonus** (daily question only): {bonus} of the post.",
        "- **Streak**: daily questions in a row that you answered right, per channel. "
        "Days without a post (skipped, or not scheduled) don't count either way.",
        "- **Freeze**: one missed or wrong daily per week (Mon–Sun) keeps your streak "
        "instead of breaking it.",
        f"- **Warning**: with a streak of {WARN_FROM_STREAK} or more and no freeze left "
        "this week, you hear privately an hour before the question closes.",
        "- **Teams**: a team scores the average points of its members who answered at least "
        "once in the period, so size alone doesn't win; the total is shown too.",
        "- **Periods**: weeks (ISO, Monday first) and months follow the workspace's time zone "
        "(`/llm settings timezone`).",
    ]


def scoring_reply(points: dict[str, int]) -> Reply:
    return Reply(
        kind=ReplyKind.HELP_SCORING,
        title="How scoring works",
        body="\n".join(scoring_lines(points)),
        visibility=Visibility.PRIVATE,
        payload=ScoringRules(
            points=dict(points), speed_bonus=tuple((w.seconds, b) for w, b in SPEED_BONUS)
        ),
    )
