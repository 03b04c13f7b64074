"""The App Home tab: progress, daily questions, streak, team and how to start, debounced."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.blocks import (
    MAX_HOME_BLOCKS,
    MAX_OPTIONS,
    SECTION_TEXT,
    Block,
    button,
    header,
    mrkdwn,
    section,
    select,
)
from bot.adapters.slack.mrkdwn import escape, inert, shorten, to_mrkdwn
from bot.engine import Actor, Clock, Engine, MenuOption, Reply
from bot.engine.actions import ExplainAction, encode
from bot.engine.daily.payloads import DailyOverview, OverviewChannel
from bot.engine.grammar import Leaderboard, Me
from bot.engine.standings.payloads import MemberStats, PeriodStats, TeamBoard
from bot.engine.teams.board import format_average

log = logging.getLogger(__name__)

REFRESH_INTERVAL = timedelta(seconds=30)
# views.publish allows about 100 calls a minute per workspace; answers may use this many.
WORKSPACE_BUDGET = 60
_MINUTE = timedelta(minutes=1)
MAX_ACTIONS = 25

HOW_TO = "\n".join(
    (
        "*How to use llmbot*",
        "• `/llm explain attention`: a topic explained, with sources (`--short` or `--deep`)",
        "• `/llm quiz`: a question for the channel; answer with the buttons",
        "• `/llm tokens Hello, world!`: your text as a real tokenizer splits it",
        "• `/llm sample the transformer`: temperature and top-p picking the next word",
        "• `/llm leaderboard`: who knows most this week (`teams`, `month` or `all`)",
        "• `/llm team list`: teams to join · `/llm help scoring`: points and streaks",
        "• `/llm practice`: a private question at a time, spaced so you remember"
        " (`/llm practice mistakes` for the ones you missed)",
        "• `/llm me`: your own numbers · `/llm topics`: everything I can explain",
    )
)


@dataclass(frozen=True, slots=True)
class HomeData:
    """What the engine said about the member: `Me`, their daily questions, the team board."""

    stats: Reply
    daily: Reply
    teams: Reply | None
    topics: list[tuple[str, str]]

    @property
    def member(self) -> MemberStats | None:
        """The member's numbers, unless the engine answered `Me` with a refusal."""
        return self.stats.payload if isinstance(self.stats.payload, MemberStats) else None

    @property
    def overview(self) -> DailyOverview | None:
        payload = self.daily.payload
        return payload if isinstance(payload, DailyOverview) else None

    @property
    def team_board(self) -> TeamBoard | None:
        payload = self.teams.payload if self.teams is not None else None
        return payload if isinstance(payload, TeamBoard) else None


Section = Callable[[HomeData], list[Block]]


def channel_link(channel: object) -> str:
    """A link to a channel by id: it shows the channel's name and notifies nobody."""
    return f"<#{escape(str(channel))}>"


def local_time(ms: int) -> str:
    """A time each member reads on their own clock, with UTC as the fallback text."""
    seconds = ms // 1000
    fallback = f"{datetime.fromtimestamp(seconds, UTC):%a %d %b %H:%M} UTC"
    return f"<!date^{seconds}^{{date_short_pretty}} {{time}}|{fallback}>"


def _period(name: str, numbers: PeriodStats) -> str:
    if not numbers.answered:
        return f"*{name}*\nNo answers yet."
    rank = numbers.rank
    return (
        f"*{name}*\n{numbers.points} points" + (f" · rank {rank}" if rank else "") + "\n"
        f"{numbers.answered} answered · {numbers.accuracy}% right"
    )


def standing(data: HomeData) -> list[Block]:
    member = data.member
    if member is None:
        return [section("_Your numbers are not available right now._")]
    fields = [_period("This week", member.week), _period("All time", member.all)]
    return [
        section("*Your progress*"),
        {"type": "section", "fields": [mrkdwn(f) for f in fields]},
    ]


def mastery(data: HomeData) -> list[Block]:
    """Topics mastered, and the three weakest with Explain and Practice buttons (as `/llm me`)."""
    member = data.member
    if member is None or member.mastery is None:
        return []
    numbers = member.mastery
    text = f"*Mastery*\nmastered {numbers.mastered} of {numbers.masterable_topics} topics"
    weak = next((f.value for f in data.stats.fields if f.name == "Weakest topics"), "")
    if weak:
        # A pack topic's title is its author's text, marked by the engine: made inert here.
        text += "\n*Weakest topics*\n" + to_mrkdwn(weak)
    else:
        text += "\nPractise with `/llm practice`: questions come back just before you'd forget."
    blocks = [section(shorten(text, SECTION_TEXT))]
    buttons = [b for b in (button(item) for item in data.stats.buttons) if b is not None]
    if buttons:
        blocks.append({"type": "actions", "elements": buttons[:MAX_ACTIONS]})
    return blocks


def _daily_lines(entry: OverviewChannel) -> list[str]:
    where = channel_link(entry.channel)
    lines = []
    question = entry.open
    if question:
        state = (
            "you answered it; the answer is revealed when it closes"
            if question.answered
            else "answer it there with the buttons"
        )
        closes = local_time(question.closes_at_ms)
        lines.append(f"• Open in {where} until {closes}: {state}.")
    streak, best = entry.streak, entry.best
    if streak or best:
        lines.append(f"• Streak in {where}: {streak} day(s) in a row (best {best}).")
    else:
        lines.append(f"• Streak in {where}: none yet; answer right to start one.")
    return lines


def daily(data: HomeData) -> list[Block]:
    """Each daily channel's open question and the member's streak there."""
    entries = data.overview.channels if data.overview is not None else ()
    if not entries:
        return []
    lines = [line for entry in entries for line in _daily_lines(entry)]
    return [section(shorten("*Daily question*\n" + "\n".join(lines), SECTION_TEXT))]


def team(data: HomeData) -> list[Block]:
    name = data.member.team if data.member is not None else None
    if not name:
        return [
            section(
                "*Your team*\nNone yet: `/llm team list` shows the teams, "
                "`/llm team join <name>` joins one."
            )
        ]
    entries = data.team_board.entries if data.team_board is not None else ()
    mine = next((e for e in entries if e.team == name), None)
    text = f"*Your team: {inert(name)}*"
    if mine is not None:
        text += (
            f"\nRank {mine.rank} of {len(entries)} this week · "
            f"{format_average(mine.average)} points per active member · "
            f"{mine.points} in total · {mine.active} of {mine.members} active"
        )
    return [section(text)]


def how_to(data: HomeData) -> list[Block]:
    return [{"type": "divider"}, section(HOW_TO)]


def explore(data: HomeData) -> list[Block]:
    menu = select(
        tuple(MenuOption(encode(ExplainAction(t, "standard")), title) for t, title in data.topics),
        "Explain a topic…",
    )
    if menu is None:
        return []
    return [{"type": "actions", "elements": [menu]}]


SECTIONS: tuple[Section, ...] = (standing, mastery, daily, team, how_to, explore)


def home_view(data: HomeData) -> dict[str, Any]:
    blocks: list[Block] = [header("llmbot: learn how large language models work")]
    for part in SECTIONS:
        blocks.extend(part(data))
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}


class HomeTab:
    """Publishes on `app_home_opened` and after answers, at most once per member per interval.

    An answer marks the tab stale; it is republished at once only for members whose tab was
    published before and only within the workspace's budget, otherwise when they next open it.
    """

    def __init__(
        self,
        engine: Engine,
        client: AsyncWebClient,
        clock: Clock,
        *,
        interval: timedelta = REFRESH_INTERVAL,
        budget: int = WORKSPACE_BUDGET,
    ) -> None:
        self.engine = engine
        self.client = client
        self.clock = clock
        self.interval = interval
        self.budget = budget
        self._published: dict[tuple[str, str], datetime] = {}
        self._stale: set[tuple[str, str]] = set()
        self._windows: dict[str, tuple[datetime, int]] = {}

    async def opened(self, actor: Actor) -> bool:
        key = (actor.workspace, actor.user)
        last = self._published.get(key)
        if last is not None and key not in self._stale and self._recent(last):
            return False
        self._spend(actor.workspace, force=True)
        return await self.publish(actor)

    async def answered(self, actor: Actor) -> bool:
        key = (actor.workspace, actor.user)
        self._stale.add(key)
        last = self._published.get(key)
        if last is None or self._recent(last) or not self._spend(actor.workspace):
            return False
        return await self.publish(actor)

    async def publish(self, actor: Actor) -> bool:
        view = home_view(await self.gather(actor))
        try:
            await self.client.views_publish(user_id=actor.user, view=view)
        except (SlackApiError, SlackClientError, aiohttp.ClientError, TimeoutError) as e:
            reason = e.response.get("error") if isinstance(e, SlackApiError) else type(e).__name__
            log.warning("views.publish failed in workspace %s (%s)", actor.workspace, reason)
            return False
        key = (actor.workspace, actor.user)
        self._published[key] = self.clock.now()
        self._stale.discard(key)
        return True

    async def gather(self, actor: Actor) -> HomeData:
        stats = await self.engine.run(actor, Me())
        in_team = isinstance(stats.payload, MemberStats) and stats.payload.team
        return HomeData(
            stats=stats,
            daily=await self.engine.daily_glance(actor),
            teams=await self.engine.run(actor, Leaderboard("week", "teams")) if in_team else None,
            topics=self.engine.complete_topic("", MAX_OPTIONS),
        )

    def _recent(self, moment: datetime) -> bool:
        return self.clock.now() - moment < self.interval

    def _spend(self, workspace: str, *, force: bool = False) -> bool:
        now = self.clock.now()
        start, used = self._windows.get(workspace, (now, 0))
        if now - start >= _MINUTE:
            start, used = now, 0
        if used >= self.budget and not force:
            return False
        self._windows[workspace] = (start, used + 1)
        return True
