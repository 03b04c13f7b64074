"""Records the store contract tests build, shared by every part of the contract."""

from __future__ import annotations

from storage import (
    AnswerRecord,
    DailyChannelRecord,
    PackQuestionRecord,
    PackRecord,
    PackTopicRecord,
    QuizRecord,
    TeamRecord,
)

WS = "console:w1"


def quiz(quiz_id: str = "QUIZ0001", workspace: str = WS) -> QuizRecord:
    return QuizRecord(
        id=quiz_id,
        workspace_id=workspace,
        channel_id="general",
        question_id="q1",
        choice_order=(2, 0, 1),
        created_by="alice",
        created_at_ms=1_000,
    )


def answer(
    user: str,
    *,
    quiz_id: str = "QUIZ0001",
    points: int = 10,
    correct: bool = True,
    workspace: str = WS,
    periods: tuple[str, ...] = ("all", "week:2026-W48"),
    choice: int = 0,
) -> AnswerRecord:
    return AnswerRecord(
        quiz_id=quiz_id,
        workspace_id=workspace,
        user_id=user,
        display_name=user.capitalize(),
        choice=choice,
        correct=correct,
        points=points,
        answered_at_ms=2_000,
        periods=periods,
    )


CHANNEL = "general"
DAY = "2026-11-26"


def daily_channel(
    channel: str = CHANNEL, workspace: str = WS, enabled: bool = True
) -> DailyChannelRecord:
    return DailyChannelRecord(
        workspace_id=workspace,
        channel_id=channel,
        post_time="09:30",
        timezone="Europe/Paris",
        weekdays="1111100",
        difficulty="hard",
        topics=("tokenization", "rag"),
        window_minutes=360,
        feedback="instant",
        recap=True,
        enabled=enabled,
        since_ms=5,
        updated_by="alice",
        updated_at_ms=5,
        packs=("computers", "fernhill-ai-policy"),
    )


def team(team_id: str, name: str, workspace: str = WS, role: str | None = None) -> TeamRecord:
    return TeamRecord(workspace, team_id, name, role, "alice", 1)


def pack(name: str = "computers", workspace: str = WS, count: int = 3) -> PackRecord:
    return PackRecord(
        workspace_id=workspace,
        name=name,
        title=name.capitalize(),
        description=f"About {name}",
        format="red",
        source="Red-DiscordBot trivia",
        license="GPL-3.0",
        author="JennJenn",
        topics=(PackTopicRecord(f"pack.{name}/{name}", name.capitalize(), f"About {name}"),),
        question_count=count,
        imported_by="alice",
        imported_at_ms=5_000,
    )


def pack_questions(name: str = "computers", count: int = 3) -> list[PackQuestionRecord]:
    return [PackQuestionRecord(f"pack.{name}/q-{n}", f'{{"n": {n}}}') for n in range(count)]
