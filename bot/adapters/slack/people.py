"""Who a Slack member is: display name and admin flag from `users.info`, user groups, cached."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.groups import UserGroups
from bot.engine import Actor, Clock

log = logging.getLogger(__name__)

PLATFORM = "slack"
CACHE_FOR = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Profile:
    name: str | None
    is_admin: bool
    fetched_at: datetime


def _name(user: dict[str, Any]) -> str | None:
    profile = user.get("profile") or {}
    for candidate in (
        profile.get("display_name"),
        profile.get("real_name"),
        user.get("real_name"),
        user.get("name"),
    ):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
    return None


class People:
    """Builds the engine's `Actor`; `users.info` (Tier 4) is asked at most once per member per
    15 minutes, and a failed lookup falls back to the payload's name and `SLACK_ADMIN_USERS`.

    Without `groups` every member has no user groups, so teams linked to a group and admin
    groups never match.
    """

    def __init__(
        self,
        client: AsyncWebClient,
        clock: Clock,
        admin_users: tuple[str, ...] = (),
        groups: UserGroups | None = None,
    ) -> None:
        self.client = client
        self.clock = clock
        self.admin_users = frozenset(admin_users)
        self.groups = groups
        self._cache: dict[tuple[str, str], Profile] = {}

    async def actor(
        self, workspace: str, channel: str, user: str, payload_name: str | None = None
    ) -> Actor:
        profile = await self.profile(workspace, user)
        key = f"{PLATFORM}:{workspace}"
        roles = await self.groups.of(key, user) if self.groups is not None else ()
        return Actor(
            platform=PLATFORM,
            workspace=workspace,
            channel=channel,
            user=user,
            display_name=profile.name or payload_name or user,
            is_admin=profile.is_admin or user in self.admin_users,
            roles=roles,
        )

    async def profile(self, workspace: str, user: str) -> Profile:
        key = (workspace, user)
        now = self.clock.now()
        cached = self._cache.get(key)
        if cached is not None and now - cached.fetched_at < CACHE_FOR:
            return cached
        try:
            response = await self.client.users_info(user=user)
            info: dict[str, Any] = response["user"]
            profile = Profile(
                name=_name(info),
                is_admin=bool(
                    info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner")
                ),
                fetched_at=now,
            )
        except (SlackApiError, SlackClientError, aiohttp.ClientError, TimeoutError, KeyError) as e:
            reason = e.response.get("error") if isinstance(e, SlackApiError) else type(e).__name__
            log.warning("users.info failed for a member of %s (%s)", workspace, reason)
            profile = Profile(name=None, is_admin=False, fetched_at=now)
        self._cache[key] = profile
        return profile
