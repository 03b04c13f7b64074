"""The App Home tab: a member's standing and how to start, republished with a debounce."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.blocks import (
    MAX_HOME_BLOCKS,
    MAX_OPTIONS,
    Block,
    header,
    mrkdwn,
    section,
    select,
)
from bot.engine import Actor, Clock, Engine, MenuOption, Reply
from bot.engine.actions import ExplainAction, encode
from bot.engine.commands import Me

log = logging.getLogger(__name__)

REFRESH_INTERVAL = timedelta(seconds=30)
# views.publish allows about 100 calls a minute per workspace; answers may use this many.
WORKSPACE_BUDGET = 60
_MINUTE = timedelta(minutes=1)

HOW_TO = "\n".join(
    (
        "*How to use llmbot*",
        "• `/llm explain attention`: a topic explained, with sources (`--short` or `--deep`)",
        "• `/llm quiz`: a question for the channel; answer with the buttons",
        "• `/llm leaderboard`: who knows most this week (`month` or `all`)",
        "• `/llm me`: your own numbers · `/llm topics`: everything I can explain",
    )
)

Section = Callable[[Reply, list[tuple[str, str]]], list[Block]]


def _period(name: str, numbers: Mapping[str, Any] | None) -> str:
    if not numbers or not numbers.get("answered"):
        return f"*{name}*\nNo answers yet."
    rank = numbers.get("rank")
    return (
        f"*{name}*\n{numbers['points']} points" + (f" · rank {rank}" if rank else "") + "\n"
        f"{numbers['answered']} answered · {numbers['accuracy']}% right"
    )


def standing(stats: Reply, topics: list[tuple[str, str]]) -> list[Block]:
    if stats.kind != "stats":
        return [section("_Your numbers are not available right now._")]
    fields = [
        _period("This week", stats.data.get("week")),
        _period("All time", stats.data.get("all")),
    ]
    return [
        section("*Your progress*"),
        {"type": "section", "fields": [mrkdwn(f) for f in fields]},
    ]


def how_to(stats: Reply, topics: list[tuple[str, str]]) -> list[Block]:
    return [{"type": "divider"}, section(HOW_TO)]


def explore(stats: Reply, topics: list[tuple[str, str]]) -> list[Block]:
    menu = select(
        tuple(MenuOption(encode(ExplainAction(t, "standard")), title) for t, title in topics),
        "Explain a topic…",
    )
    if menu is None:
        return []
    return [{"type": "actions", "elements": [menu]}]


# Later parts (streak, team standing, the open daily question) slot in here.
SECTIONS: tuple[Section, ...] = (standing, how_to, explore)


def home_view(stats: Reply, topics: list[tuple[str, str]]) -> dict[str, Any]:
    blocks: list[Block] = [header("llmbot: learn how large language models work")]
    for part in SECTIONS:
        blocks.extend(part(stats, topics))
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
        stats = await self.engine.run(actor, Me())
        view = home_view(stats, self.engine.complete_topic("", MAX_OPTIONS))
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
