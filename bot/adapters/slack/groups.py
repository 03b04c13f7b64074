"""Which Slack user groups a member is in, from `usergroups.users.list`, cached per group."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.engine import Clock

log = logging.getLogger(__name__)

CACHE_FOR = timedelta(minutes=5)
# After a failed lookup the last known members stand in until this much later.
RETRY_AFTER = timedelta(minutes=1)

# The group ids that mean something in a workspace (`Engine.roles_in_use`), by workspace key.
GroupsInUse = Callable[[str], Awaitable[frozenset[str]]]


@dataclass(frozen=True, slots=True)
class Members:
    """A group's members as last read, trusted without asking Slack until `fresh_until`."""

    users: frozenset[str]
    fresh_until: datetime


class UserGroups:
    """`Actor.roles` for Slack: the ids of the user groups a member belongs to.

    Slack has no "groups of this user" call, and `usergroups.users.list` is Tier 2 (about
    20 calls a minute), so only the groups the engine gives a meaning to (team links, admin
    roles) are read, each at most once per `CACHE_FOR`, and concurrent misses share a call.
    """

    def __init__(self, client: AsyncWebClient, clock: Clock, in_use: GroupsInUse) -> None:
        self.client = client
        self.clock = clock
        self.in_use = in_use
        self._members: dict[tuple[str, str], Members] = {}
        self._lookups: dict[tuple[str, str], asyncio.Task[Members]] = {}

    async def of(self, workspace_key: str, user: str) -> tuple[str, ...]:
        """The ids of the groups in use in the workspace that have `user` in them."""
        groups = sorted(await self.in_use(workspace_key))
        found = await asyncio.gather(*(self._current(workspace_key, group) for group in groups))
        return tuple(g for g, members in zip(groups, found, strict=True) if user in members.users)

    async def _current(self, workspace: str, group: str) -> Members:
        key = (workspace, group)
        cached = self._members.get(key)
        if cached is not None and self.clock.now() < cached.fresh_until:
            return cached
        task = self._lookups.get(key)
        if task is None:
            task = asyncio.ensure_future(self._lookup(key, cached))
            self._lookups[key] = task
            task.add_done_callback(lambda _: self._lookups.pop(key, None))
        return await asyncio.shield(task)

    async def _lookup(self, key: tuple[str, str], cached: Members | None) -> Members:
        workspace, group = key
        try:
            response = await self.client.usergroups_users_list(usergroup=group)
            members = Members(
                frozenset(str(u) for u in response.get("users") or ()),
                self.clock.now() + CACHE_FOR,
            )
        except (SlackApiError, SlackClientError, aiohttp.ClientError, TimeoutError) as e:
            reason = e.response.get("error") if isinstance(e, SlackApiError) else type(e).__name__
            log.warning(
                "usergroups.users.list failed for %s in %s (%s); using what was known",
                group,
                workspace,
                reason,
            )
            known = cached.users if cached is not None else frozenset()
            members = Members(known, self.clock.now() + RETRY_AFTER)
        self._members[key] = members
        return members
