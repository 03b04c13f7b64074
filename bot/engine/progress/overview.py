"""`/llm progress show|me|export`: what the workspace and its teams have learned.

`show` and `export` are for admins (they name members and their results); `me` is each
member's own row. Counts include quiz, daily and practice answers; mastery is the state
now, whatever the period. In `show`, the workspace's pack topics count beside llmbot's own
(mastered, and among the lowest), until their pack is removed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from bot.engine.actions import ExplainAction, encode
from bot.engine.actor import Actor
from bot.engine.clean_text import plain_name
from bot.engine.clock import Clock, to_ms
from bot.engine.packs.book import PackTopics, QuestionBook
from bot.engine.packs.ids import pack_of
from bot.engine.practice.mastery import MASTERY_FIRST_RIGHT
from bot.engine.practice.mastery_view import topic_name
from bot.engine.progress.members import member_report
from bot.engine.progress.payloads import (
    GroupFigures,
    LowTopic,
    OwnProgress,
    PeriodFigures,
    ProgressOverview,
    ReportFile,
    TeamFigures,
)
from bot.engine.progress.report import to_csv
from bot.engine.reply import Attachment, Button, Field, Reply, ReplyKind, Visibility
from bot.engine.workspace.workspaces import Workspaces
from bot.knowledge.base import KnowledgeBase
from storage import Store
from storage.learning import MemberActivity, TopicTotals

LOWEST_TOPICS = 5
TOPIC_MIN_ANSWERS = 3
"""A topic's accuracy is ranked only with at least this many answers."""
MAX_TEAMS_SHOWN = 10


@dataclass(frozen=True, slots=True)
class Figures:
    active: int
    answers: int
    correct: int
    median_mastered: float

    def line(self) -> str:
        if not self.answers:
            return "No answers yet."
        return (
            f"{self.active} active member{'s' if self.active != 1 else ''} · "
            f"{self.answers} answers · {self.correct / self.answers:.0%} right · "
            f"median {self.median_mastered:g} topics mastered"
        )

    def facts(self) -> GroupFigures:
        return GroupFigures(
            active_members=self.active,
            answers=self.answers,
            accuracy=round(self.correct / self.answers, 3) if self.answers else None,
            median_topics_mastered=self.median_mastered,
        )


def _median(values: Sequence[int]) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def figures(
    activity: Sequence[MemberActivity], mastered: dict[str, list[str]], members: set[str] | None
) -> Figures:
    rows = [a for a in activity if a.answers and (members is None or a.user_id in members)]
    counts = [len(mastered.get(a.user_id, ())) for a in rows]
    return Figures(
        active=len(rows),
        answers=sum(a.answers for a in rows),
        correct=sum(a.correct for a in rows),
        median_mastered=_median(counts),
    )


def lowest_topics(
    kb: KnowledgeBase,
    totals: Sequence[TopicTotals],
    pack_topic_of: Mapping[str, str],
    limit: int = LOWEST_TOPICS,
) -> list[tuple[str, float, int]]:
    """(topic id, accuracy, answers) with the lowest accuracy, each question counted for its
    first topic; `pack_topic_of` gives that of the installed packs' questions."""
    by_topic: dict[str, list[int]] = {}
    for row in totals:
        question = kb.questions.get(row.question_id)
        if question is not None:
            topic = question.topics[0] if question.topics[0] in kb.topics else None
        else:
            topic = pack_topic_of.get(row.question_id)
        if topic is None:
            continue
        sums = by_topic.setdefault(topic, [0, 0])
        sums[0] += row.answers
        sums[1] += row.correct
    ranked = sorted(
        (
            (topic, right / answers, answers)
            for topic, (answers, right) in by_topic.items()
            if answers >= TOPIC_MIN_ANSWERS
        ),
        key=lambda t: (t[1], -t[2], t[0]),
    )
    return ranked[:limit]


class ProgressBoard:
    def __init__(
        self, book: QuestionBook, clock: Clock, workspaces: Workspaces
    ) -> None:
        self.book = book
        self.kb: KnowledgeBase = book.kb
        self.store: Store = book.store
        self.clock = clock
        self.workspaces = workspaces

    async def view(self, actor: Actor, view: str) -> Reply:
        """`/llm progress <view>`: `me` for anyone, `show` and `export` for admins only."""
        if view == "me":
            return await self.me(actor)
        await self.workspaces.require_admin(
            actor, "see the workspace's progress" if view == "show" else "export the report"
        )
        if view == "show":
            return await self.show(actor)
        return await self.export(actor)

    def _month_start_ms(self, workspace_id: str) -> int:
        zone = self.workspaces.calendar_of(workspace_id).zone
        today = self.clock.now().astimezone(zone).date()
        return to_ms(datetime.combine(date(today.year, today.month, 1), time(), zone))

    async def show(self, actor: Actor) -> Reply:
        ws = actor.workspace_key
        month = self._month_start_ms(ws)
        every = await self.store.member_activity(ws, 0)
        this_month = await self.store.member_activity(ws, month)
        packs = await self.book.pack_topics(ws)
        mastered = self._known(await self.store.mastered_topics(ws, MASTERY_FIRST_RIGHT), packs)
        whole_month, whole = figures(this_month, mastered, None), figures(every, mastered, None)
        fields = [
            Field("Workspace · this month", whole_month.line()),
            Field("Workspace · all time", whole.line()),
        ]
        team_facts: list[TeamFigures] = []
        teams = await self.store.list_teams(ws)
        for team in teams[:MAX_TEAMS_SHOWN]:
            members = {m.user_id for m in await self.store.team_members(ws, team.team_id)}
            month_figures = figures(this_month, mastered, members)
            all_figures = figures(every, mastered, members)
            fields.append(
                Field(
                    f"Team {plain_name(team.name)}"[:256],
                    f"This month: {month_figures.line()}\nAll time: {all_figures.line()}",
                )
            )
            team_facts.append(
                TeamFigures(
                    team_id=team.team_id,
                    name=team.name,
                    month=month_figures.facts(),
                    all=all_figures.facts(),
                )
            )
        totals = await self.store.question_totals(ws, 0, None)
        ranked = lowest_topics(self.kb, totals, await self._pack_topic_of(ws, totals))
        lowest = [
            (t, name, share, n) for t, share, n in ranked if (name := topic_name(self.kb, packs, t))
        ]
        if lowest:
            fields.append(
                Field(
                    "Lowest accuracy (all time)",
                    "\n".join(
                        f"- {name.shown()}: {share:.0%} of {n} answers"
                        for _, name, share, n in lowest
                    ),
                )
            )
        reported = await self.store.reports_since(ws, month)
        more = len(teams) - MAX_TEAMS_SHOWN
        footer = f"{reported} question{'s' if reported != 1 else ''} reported this month"
        if more > 0:
            footer += f" · {more} more teams in /llm progress export"
        return Reply(
            kind=ReplyKind.PROGRESS,
            title="What this workspace has learned",
            body="Answers count quizzes, daily questions and practice. Share a weak topic:",
            fields=tuple(fields),
            buttons=tuple(
                Button(encode(ExplainAction(t, "standard")), name.label("Explain"))
                for t, name, _, _ in lowest
            ),
            footer=footer,
            visibility=Visibility.PRIVATE,
            payload=ProgressOverview(
                workspace=PeriodFigures(month=whole_month.facts(), all=whole.facts()),
                teams=tuple(team_facts),
                lowest_topics=tuple(
                    LowTopic(topic_id=t, accuracy=round(share, 3), answers=n)
                    for t, _, share, n in lowest
                ),
                questions_reported_this_month=reported,
            ),
        )

    def _known(self, mastered: dict[str, list[str]], packs: PackTopics) -> dict[str, list[str]]:
        """Each member's mastered topics that are still taught here: llmbot's own and those
        of the packs the workspace has now."""
        return {
            user: [t for t in topics if t in self.kb.topics or t in packs.titles]
            for user, topics in mastered.items()
        }

    async def _pack_topic_of(self, ws: str, totals: Sequence[TopicTotals]) -> dict[str, str]:
        """The first topic of each question of the installed packs that has answers; only
        those packs are read."""
        names = sorted({name for row in totals if (name := pack_of(row.question_id))})
        return {
            question.id: question.topics[0]
            for name in names
            for question in await self.book.pack_questions(ws, name)
        }

    async def me(self, actor: Actor) -> Reply:
        ws = actor.workspace_key
        _, rows = await member_report(
            self.store,
            self.kb,
            workspace_id=ws,
            since=None,
            now=self.clock.now(),
            must_exist=False,
        )
        own = next((r for r in rows if r.platform_id == actor.user), None)
        if own is None or not own.answers:
            return Reply(
                kind=ReplyKind.PROGRESS_ME,
                title="Your progress",
                body="No answers yet. Try `/llm practice` or `/llm quiz`.",
                visibility=Visibility.PRIVATE,
                payload=OwnProgress(
                    answers=0, correct=0, accuracy=None, topics_mastered=(), last_active=None
                ),
            )
        mastered = ", ".join(self.kb.topics[t].title for t in own.mastered) or "none yet"
        return Reply(
            kind=ReplyKind.PROGRESS_ME,
            title="Your progress",
            fields=(
                Field("Answers", f"{own.answers} · {own.correct / own.answers:.0%} right", True),
                Field("Last active", own.last_active.isoformat() if own.last_active else "–", True),
                Field(f"Topics mastered ({len(own.mastered)})", mastered[:1024]),
            ),
            visibility=Visibility.PRIVATE,
            payload=OwnProgress(
                answers=own.answers,
                correct=own.correct,
                accuracy=own.accuracy,
                topics_mastered=own.mastered,
                last_active=own.last_active.isoformat() if own.last_active else None,
            ),
        )

    async def export(self, actor: Actor) -> Reply:
        ws = actor.workspace_key
        now = self.clock.now()
        header, rows = await member_report(
            self.store, self.kb, workspace_id=ws, since=None, now=now, must_exist=False
        )
        filename = f"llmbot-report-{now.date().isoformat()}.csv"
        return Reply(
            kind=ReplyKind.PROGRESS_EXPORT,
            title="Learning report",
            body=(
                f"One row per member ({len(rows)}): answers, accuracy, topics mastered and"
                " last active date. The first lines name the knowledge base it refers to."
            ),
            attachment=Attachment(
                filename, to_csv(header, rows).encode("utf-8"), note="Your llmbot learning report."
            ),
            visibility=Visibility.PRIVATE,
            payload=ReportFile(filename=filename, members=len(rows)),
        )
