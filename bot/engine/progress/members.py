"""The per-member report and the list of questions to review, read from the store.

Shared by the `llmbot report` and `llmbot content stats` commands and by `/llm progress
export`, so a file an admin downloads and one an operator runs are the same report.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.engine.clock import from_ms, to_ms
from bot.engine.practice.mastery import MASTERY_FIRST_RIGHT
from bot.engine.practice.wording import iso_utc
from bot.engine.progress.analytics import analyse
from bot.engine.progress.report import MemberRow, ReportHeader, knowledge_version
from bot.engine.progress.review import Reason, ReportSummary, ReviewItem, to_review
from bot.knowledge.base import KnowledgeBase
from storage import Store

_REASONS = frozenset(r.value for r in Reason)


class UnknownWorkspace(LookupError):
    """A workspace key the database has never seen; `known` lists the ones it has."""

    def __init__(self, key: str, known: list[str]) -> None:
        listed = ", ".join(known) if known else "none yet"
        super().__init__(f"no workspace {key!r} in this database; known workspaces: {listed}")
        self.known = known


async def workspace_zone(store: Store, workspace_id: str) -> ZoneInfo:
    settings = await store.get_workspace_settings(workspace_id)
    return ZoneInfo(settings.timezone if settings else "UTC")


async def member_report(
    store: Store,
    kb: KnowledgeBase,
    *,
    workspace_id: str,
    since: date | None,
    now: datetime,
    must_exist: bool = True,
) -> tuple[ReportHeader, list[MemberRow]]:
    """One row per known member; answers count quizzes, daily questions and practice.

    An operator naming a workspace the database has never seen made a typo
    (`must_exist`); a workspace asking about itself simply has no rows yet.
    """
    if must_exist:
        known = await store.known_workspaces()
        if workspace_id not in known:
            raise UnknownWorkspace(workspace_id, known)
    zone = await workspace_zone(store, workspace_id)
    since_ms = to_ms(datetime.combine(since, time(), zone)) if since else 0
    activity = await store.member_activity(workspace_id, since_ms)
    mastered = await store.mastered_topics(workspace_id, MASTERY_FIRST_RIGHT)
    rows = [
        MemberRow(
            platform_id=a.user_id,
            display_name=a.display_name,
            team=a.team,
            answers=a.answers,
            correct=a.correct,
            mastered=tuple(t for t in mastered.get(a.user_id, ()) if t in kb.topics),
            last_active=from_ms(a.last_at_ms).astimezone(zone).date() if a.last_at_ms else None,
        )
        for a in activity
    ]
    header = ReportHeader(workspace_id, iso_utc(now), since, knowledge_version(kb))
    return header, rows


async def questions_to_review(
    store: Store, kb: KnowledgeBase, *, workspace_id: str | None, min_attempts: int
) -> list[ReviewItem]:
    """Reported questions first, then those the statistics flag (see `review.to_review`)."""
    stats = [analyse(s) for s in await store.question_sums(workspace_id)]
    grouped: dict[str, dict[Reason, int]] = {}
    notes: dict[str, list[str]] = {}
    for count in await store.report_counts(workspace_id):
        reason = Reason(count.reason) if count.reason in _REASONS else Reason.UNCLEAR
        reasons = grouped.setdefault(count.question_id, {})
        reasons[reason] = reasons.get(reason, 0) + count.count
        notes.setdefault(count.question_id, []).extend(count.notes)
    reports = [ReportSummary(q, r, tuple(notes.get(q, ()))) for q, r in grouped.items()]
    return [
        item
        for item in to_review(stats, reports, min_attempts=min_attempts)
        if item.question_id in kb.questions and item.question_id not in kb.retired_questions
    ]
