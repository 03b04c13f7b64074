"""What the channel sees when a daily question closes, and the private streak warning."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.engine.actions import ProblemAction, encode
from bot.engine.clean_text import plain_name
from bot.engine.clock import format_span
from bot.engine.daily.payloads import RevealSummary, StreakAtRisk
from bot.engine.learn.asked import Asked
from bot.engine.learn.quiz import LETTERS
from bot.engine.reply import Button, Field, Reply, ReplyKind, Visibility
from storage import QuizAnswerRow, QuizRecord, StreakRecord

FASTEST = 3


def _after(ms: int) -> str:
    seconds = max(0, ms // 1000)
    return f"{seconds} s" if seconds < 60 else format_span(timedelta(seconds=seconds))


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def reveal_reply(quiz: QuizRecord, asked: Asked, answers: Sequence[QuizAnswerRow]) -> Reply:
    """The right answer and why, the most tempting wrong one, the spread, the fastest."""
    question = asked.question
    counts = Counter(a.choice for a in answers)
    players = len(answers)
    right_count = counts[question.answer_index]
    right_position = quiz.choice_order.index(question.answer_index)
    right = question.options[question.answer_index]
    shown = asked.show
    body = f"The answer is **{LETTERS[right_position]}. {shown(right.text)}**: {shown(right.why)}"
    wrong = [
        (counts[index], -position, position)
        for position, index in enumerate(quiz.choice_order)
        if index != question.answer_index and counts[index]
    ]
    if wrong:
        position = max(wrong)[2]
        tempting = question.options[quiz.choice_order[position]]
        body += (
            f"\n\nMost chosen wrong answer, **{LETTERS[position]}. {asked.show(tempting.text)}**: "
            f"{asked.show(tempting.why)}"
        )
    spread = {
        LETTERS[position]: percent(counts[index], players)
        for position, index in enumerate(quiz.choice_order)
    }
    spread_lines = "\n".join(
        f"{letter}. {asked.show(question.options[index].text)}: {spread[letter]}%"
        f"{' (right)' if index == question.answer_index else ''}"
        for letter, index in zip(LETTERS, quiz.choice_order, strict=False)
    )
    fastest = [a for a in answers if a.correct][:FASTEST]
    fields = [
        Field("Answers", spread_lines),
        Field("Players", f"{players} answered · {percent(right_count, players)}% right", True),
    ]
    if fastest:
        podium = "\n".join(
            f"{n}. {plain_name(a.display_name)} ({_after(a.answered_at_ms - quiz.created_at_ms)})"
            for n, a in enumerate(fastest, start=1)
        )
        fields.append(Field("Fastest right answers", podium, True))
    return Reply(
        kind=ReplyKind.DAILY_REVEAL,
        title=f"Daily question closed · {asked.topic_title}",
        body=f"{asked.show(question.stem)}\n\n{body}",
        fields=tuple(fields),
        buttons=(Button(encode(ProblemAction(quiz.id)), "Report a problem"),),
        footer=f"quiz {quiz.id} · {asked.credit}" if asked.credit else f"quiz {quiz.id}",
        payload=RevealSummary(
            quiz_id=quiz.id,
            question_id=question.id,
            right_choice=LETTERS[right_position],
            players=players,
            correct=right_count,
            percentages=spread,
            fastest=tuple(a.user_id for a in fastest),
        ),
    )


def closed_post(original: Reply, credit: str = "") -> Reply:
    """The daily post once answers stop: same question, no buttons, the same credit."""
    footer = "Closed · the answer is posted below."
    return replace(original, buttons=(), footer=f"{footer} · {credit}" if credit else footer)


def streak_warning(streak: StreakRecord, closes_at: datetime, now: datetime) -> Reply:
    return Reply(
        kind=ReplyKind.STREAK_WARNING,
        title=f"Your {streak.current}-day streak ends soon",
        body=(
            f"Today's daily question closes in {format_span(closes_at - now)}, and you have "
            "used this week's freeze. Answer it right to keep your streak going."
        ),
        visibility=Visibility.PRIVATE,
        payload=StreakAtRisk(streak=streak.current, channel=streak.channel_id),
    )
